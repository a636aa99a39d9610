"""Benchmark: xAPI statements for a simulated cohort of the real curriculum.

Prints how many decisions the cohort logged, the time to build, validate and serialise their statements, and,
with ``--lrs URL`` (plus $CLIENTCRAFT_LRS_USER/$CLIENTCRAFT_LRS_PASSWORD), the time to send them and read them back.
Run: ``.venv/bin/python benchmarks/bench_xapi.py --learners 70``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from clientcraft.analytics.simulate import simulate_cohort, step_events
from clientcraft.core.loader import default_curriculum
from clientcraft.interop.lrs import LRSClient, SentLedger, send
from clientcraft.interop.xapi import StatementBuilder, XapiSettings, validate_statement


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=70)
    parser.add_argument("--lrs", default=None, help="Also send to this xAPI endpoint and read the statements back.")
    parser.add_argument("--batch-size", type=int, default=100_000)
    args = parser.parse_args()

    cur = default_curriculum()
    t0 = time.perf_counter()
    events = step_events(simulate_cohort(args.learners, curriculum=cur, seed=13).responses, cur, seed=13)
    rows = events.to_dict("records")
    t1 = time.perf_counter()
    statements = StatementBuilder(cur, XapiSettings(salt="bench")).from_log(rows)
    t2 = time.perf_counter()
    payload = [s.as_json() for s in statements]
    for s in payload:
        validate_statement(s)
    t3 = time.perf_counter()
    size = sum(len(json.dumps(s)) + 1 for s in payload)
    print(f"{len(rows)} decisions of {args.learners} learners simulated in {t1 - t0:.2f} s")
    print(f"{len(statements)} statements built in {t2 - t1:.2f} s ({len(statements) / (t2 - t1):,.0f}/s), "
          f"validated again in {t3 - t2:.2f} s; {size / 1e6:.1f} MB as JSON lines")
    if args.lrs:
        auth = {"username": os.environ.get("CLIENTCRAFT_LRS_USER"),
                "password": os.environ.get("CLIENTCRAFT_LRS_PASSWORD")}
        with tempfile.TemporaryDirectory() as tmp, LRSClient(args.lrs, **auth) as client, \
                SentLedger(Path(tmp) / "ids") as ledger:
            report = send(payload, client, ledger, batch_size=args.batch_size)
            t4 = time.perf_counter()
            back = list(client.statements(limit=2000))
            t5 = time.perf_counter()
        print(f"sent {report.sent} in {report.batches} batch(es) in {report.seconds:.1f} s; "
              f"read back {len(back)} in {t5 - t4:.1f} s")


if __name__ == "__main__":
    main()
