"""Benchmark: submissions autograded per minute by `clientcraft course autograde` and by plain `nbgrader autograde`.

Builds a course from a content folder (default: the grading test fixture), writes N collected submissions
with varied saved answers straight into ``submitted/`` (what ``collect`` produces), then grades the same
submissions twice in two copies of the course: once through clientcraft (submission diagnosis, then
nbgrader's autograde per learner through its Python API) and once with the plain ``nbgrader autograde``
command for all learners in one call. Prints the figures; checks that both gradebooks agree.

    .venv/bin/python benchmarks/bench_autograde.py [--n 200] [--content PATH] [--assignment ID] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
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
    from clientcraft.grading.kernel.answers import Answers, save_answers
    from clientcraft.grading.staff.course import init_course
    from clientcraft.core.loader import load_curriculum
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
        shutil.copyfile(released, folder / released.name)
        (folder / "timestamp.txt").write_text(stamp)
        answers = Answers(assignment=assignment)
        for item, k in key.items.items():
            step = k["entry"]
            while step and rng.random() > 0.1:
                option = rng.choice(sorted(k["steps"][step]["options"]))
                answers.record(item, step, option)
                step = k["steps"][step]["options"][option]["next"]
        save_answers(folder / "answers.json", answers)
    return course


def totals(course, assignment: str) -> dict[str, float]:
    with course.gradebook() as gb:
        return {s.student.id: round(s.score, 6) for s in gb.find_assignment(assignment).submissions}


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
    shutil.copytree(course.root, plain_root)
    config = (plain_root / "nbgrader_config.py").read_text().replace(str(course.root), str(plain_root))
    (plain_root / "nbgrader_config.py").write_text(config)

    t0 = time.perf_counter()
    run = course.autograde(args.assignment, progress=True)
    t_cc = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", args.assignment,
                             "--log-level=ERROR"], cwd=plain_root, capture_output=True, text=True)
    t_plain = time.perf_counter() - t0

    from clientcraft.grading.staff.course import Course

    ours, theirs = totals(course, args.assignment), totals(Course(plain_root), args.assignment)
    agree = ours == theirs and len(ours) == args.n
    print()
    print(f"{'runner':<44}{'submissions':>12}{'seconds':>10}{'per minute':>12}")
    print(f"{'clientcraft course autograde (diagnose+grade)':<44}{run.graded:>12}{t_cc:>10.1f}"
          f"{60 * run.graded / t_cc:>12.1f}")
    print(f"{'plain nbgrader autograde (one call)':<44}{len(theirs):>12}{t_plain:>10.1f}"
          f"{60 * len(theirs) / t_plain:>12.1f}")
    print(f"gradebook totals agree: {agree}; plain nbgrader exit code {result.returncode}")
    if not agree or result.returncode:
        sys.exit(1)


if __name__ == "__main__":
    main()
