"""Benchmark: submissions autograded per minute by `clientcraft course autograde` and by plain `nbgrader autograde`.

Builds a course from a content folder (default: the grading test fixture), writes N collected submissions
with varied saved answers straight into ``submitted/`` (what ``collect`` produces), then grades the same
submissions twice in two copies of the course, each as one command in its own process (start-up included):
``clientcraft course autograde`` (no kernel: choices scored from the key, one gradebook session) and plain
``nbgrader autograde`` with nbgrader's own preprocessors (a kernel per submission running the hidden tests;
the clientcraft block of the copy's ``nbgrader_config.py`` is removed for it). Prints the figures and the
ratio; checks that every submission's per-item scores are identical in both gradebooks.

    .venv/bin/python benchmarks/bench_autograde.py [--n 200] [--content PATH] [--assignment ID] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "grading-content"


def build(content: Path, assignment: str, n: int, base: Path):
    from clientcraft.core.branching import walk
    from clientcraft.core.loader import load_curriculum
    from clientcraft.grading.kernel.answers import Answers, save_answers
    from clientcraft.grading.staff.course import init_course
    from clientcraft.rendering.assignments import render_assignments
    from clientcraft.rendering.cells import dumps

    cur = load_curriculum(content, strict=False)
    for rel, nb in render_assignments(cur).items():
        path = base / "repo" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(nb), encoding="utf-8")
    roster = base / "roster.csv"
    roster.write_text("id,cohort\n" + "".join(f"s{i:04d},bench\n" for i in range(n)), encoding="utf-8")
    course = init_course(base / "clientcraft", roster, exercises=base / "repo" / "exercises", assignments=[assignment])
    course.generate(assignment)
    released = course.release_notebook(assignment)
    key = course.key(assignment)
    rng = random.Random(7)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    for i in range(n):
        folder = course.root / "submitted" / f"s{i:04d}" / assignment
        folder.mkdir(parents=True)
        if i % 2:  # half of them write an answer too (left for a person by both graders)
            nb = json.loads(released.read_text(encoding="utf-8"))
            for cell in nb["cells"]:
                if cell["metadata"].get("nbgrader", {}).get("grade_id", "").startswith("written-"):
                    cell["source"] = f"Learner {i}: I would ask what feels wrong, then agree the change in writing."
            (folder / released.name).write_text(json.dumps(nb), encoding="utf-8")
        else:
            shutil.copyfile(released, folder / released.name)
        (folder / "timestamp.txt").write_text(stamp)
        answers = Answers(assignment=assignment)
        for item, k in key.items.items():
            choices: dict[str, str] = {}
            while (step := walk(k.graph, choices).current) is not None and rng.random() > 0.1:
                choices[step] = rng.choice(sorted(k.steps[step].options))
                answers.record(item, step, choices[step])
        save_answers(folder / "answers.json", answers)
    return course


def item_scores(course, assignment: str) -> dict[str, dict[str, float | None]]:
    """learner -> grade cell -> auto score, from a course's gradebook."""
    with course.gradebook() as gb:
        return {s.student.id: {g.name: None if g.auto_score is None else round(g.auto_score, 6)
                               for nb in s.notebooks for g in nb.grades}
                for s in gb.find_assignment(assignment).submissions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--content", type=Path, default=FIXTURE)
    parser.add_argument("--assignment", default="assess-the-lesson")
    parser.add_argument("--keep", type=Path, default=None, help="Build here and keep it (default: a temp folder).")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    base.mkdir(parents=True, exist_ok=True)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    print(f"building {args.n} submissions of {args.assignment!r} in {base} ...", flush=True)
    course = build(args.content, args.assignment, args.n, base)

    plain_root = base / "plain"
    shutil.copytree(course.root, plain_root, ignore=shutil.ignore_patterns("exchange"))
    config = (plain_root / "nbgrader_config.py").read_text().replace(str(course.root), str(plain_root))
    (plain_root / "nbgrader_config.py").write_text(config)

    block = re.compile(r"# BEGIN clientcraft grading.*?# END clientcraft grading\n", re.S)
    config = (plain_root / "nbgrader_config.py").read_text()
    (plain_root / "nbgrader_config.py").write_text(block.sub("", config))

    bindir = Path(sys.executable).parent
    t0 = time.perf_counter()
    ours_run = subprocess.run([str(bindir / "clientcraft"), "course", "autograde", str(course.root), args.assignment],
                              capture_output=True, text=True)
    t_cc = time.perf_counter() - t0
    print(ours_run.stdout.strip().splitlines()[-1] if ours_run.stdout.strip() else ours_run.stderr[-2000:], flush=True)

    print("plain nbgrader autograde (a kernel per submission) ...", flush=True)
    t0 = time.perf_counter()
    result = subprocess.run([str(bindir / "nbgrader"), "autograde", args.assignment, "--log-level=ERROR"],
                            cwd=plain_root, capture_output=True, text=True)
    t_plain = time.perf_counter() - t0

    from clientcraft.grading.staff.course import Course

    ours, theirs = item_scores(course, args.assignment), item_scores(Course(plain_root), args.assignment)
    same = sum(1 for learner in ours if ours[learner] == theirs.get(learner))
    agree = same == len(ours) == len(theirs) == args.n
    rate_cc, rate_plain = 60 * len(ours) / t_cc, 60 * len(theirs) / t_plain
    print()
    print(f"{'runner':<48}{'submissions':>12}{'seconds':>10}{'per minute':>12}")
    print(f"{'clientcraft course autograde (no kernel)':<48}{len(ours):>12}{t_cc:>10.1f}{rate_cc:>12.1f}")
    print(f"{'plain nbgrader autograde (kernel per submission)':<48}{len(theirs):>12}{t_plain:>10.1f}"
          f"{rate_plain:>12.1f}")
    print(f"ratio: {rate_cc / rate_plain:.1f} times plain nbgrader's rate")
    print(f"per-item scores identical for {same} of {args.n} submissions; exit codes: clientcraft "
          f"{ours_run.returncode}, plain nbgrader {result.returncode}")
    if not agree or result.returncode or ours_run.returncode:
        sys.exit(1)


if __name__ == "__main__":
    main()
