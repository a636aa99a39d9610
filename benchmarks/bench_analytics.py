"""Benchmark: the full cohort analysis of 1,000,000 responses (25,000 learners x 40 items).

Prints the time of each step and of the whole analysis, and the process's peak resident memory.
Targets: about 5 s and under 2 GB on 2 cores. Run: ``.venv/bin/python benchmarks/bench_analytics.py``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from clientcraft.analytics.analysis import analyse
from clientcraft.analytics.distractors import distractor_table
from clientcraft.analytics.items import item_statistics, score_matrix, test_statistics
from clientcraft.analytics.learners import learner_scores, mastery
from clientcraft.analytics.misconceptions import misconception_summary
from clientcraft.analytics.simulate import simulate_cohort
from clientcraft.analytics.table import read_table


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=25_000)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    t0 = time.perf_counter()
    cohort = simulate_cohort(args.learners, args.items, seed=args.seed, n_practice=0, prepost=False,
                             missing_rate=0.0)
    table = cohort.responses
    print(f"simulated {len(table):,} responses ({args.learners:,} learners x {args.items} items) "
          f"in {time.perf_counter() - t0:.2f} s; peak RSS so far {peak_rss_mb():.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses.parquet"
        table.to_parquet(path)
        t = time.perf_counter()
        table = read_table(path).table
        load = time.perf_counter() - t
    print(f"  {'load + validate the tidy table (Parquet)':<50s} {load:6.2f} s")
    steps = {
        "score matrix + item statistics": lambda: item_statistics(score_matrix(table)),
        "test statistics": lambda: test_statistics(score_matrix(table)),
        "distractor table": lambda: distractor_table(table),
        "misconceptions (overall, lesson, recommendation)": lambda: [
            misconception_summary(table, by=b) for b in (None, "lesson", "recommendation")],
        "learner scores": lambda: learner_scores(table),
        "mastery per recommendation": lambda: mastery(table),
    }
    for name, step in steps.items():
        t = time.perf_counter()
        step()
        print(f"  {name:<50s} {time.perf_counter() - t:6.2f} s")
    t = time.perf_counter()
    result = analyse(table)
    full = time.perf_counter() - t
    print(f"full analysis (analyse): {full:.2f} s; with loading and validation: {full + load:.2f} s  "
          f"[target ~5 s]")
    print(f"peak RSS: {peak_rss_mb():.0f} MB  [target < 2048 MB]")
    print(f"items analysed: {len(result.items)}, learners: {int(result.test['n_learners']):,}, "
          f"alpha = {result.test['alpha']:.3f}")


if __name__ == "__main__":
    main()
