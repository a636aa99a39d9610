"""``clientcraft course``: set up an nbgrader course and run its grading steps (a thin layer over course.py)."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click

course_dir = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
assignment_arg = click.argument("assignment")


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def _open(directory: Path):
    from clientcraft.grading.staff.course import Course

    return Course(directory)


def _parse_due(values: tuple[str, ...]) -> dict[str, datetime]:
    out = {}
    for value in values:
        name, sep, when = value.partition("=")
        if not sep:
            raise click.BadParameter(f"{value!r}: use ASSIGNMENT=YYYY-MM-DDTHH:MM (UTC)", param_hint="--due")
        try:
            stamp = datetime.fromisoformat(when)
        except ValueError:
            raise click.BadParameter(f"{when!r} is not an ISO date and time", param_hint="--due") from None
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(timezone.utc).replace(tzinfo=None)
        out[name] = stamp
    return out


@click.group("course")
def course() -> None:
    """Set up an nbgrader course and generate, release, collect, autograde, give feedback and export."""


@course.command("init")
@course_dir
@click.option("--roster", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with an 'id' column (optional: first_name, last_name, email, cohort).")
@click.option("--exercises", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Source assignments folder (default: the checkout's exercises/).")
@click.option("--assignment", "assignments", multiple=True, help="Only these assignments (repeatable).")
@click.option("--due", multiple=True, help="Due date, ASSIGNMENT=YYYY-MM-DDTHH:MM in UTC (repeatable).")
def init(directory: Path, roster: Path, exercises: Path | None, assignments: tuple[str, ...], due: tuple[str, ...]):
    """Create DIRECTORY: nbgrader_config.py, source/ assignments, and the roster's learners."""
    from clientcraft.grading.staff.course import init_course
    from clientcraft.core.errors import ClientcraftError

    try:
        c = init_course(directory, roster, exercises=exercises, assignments=assignments or None,
                        duedates=_parse_due(due))
    except ClientcraftError as exc:
        _fail(exc)
    sources = sorted(p.name for p in (c.root / "source").iterdir())
    click.echo(f"course ready at {c.root}: {len(c.learners())} learner(s), assignments {', '.join(sources)}")


def _step(fn, directory: Path):
    from clientcraft.core.errors import ClientcraftError

    try:
        return fn(_open(directory))
    except ClientcraftError as exc:
        _fail(exc)


@course.command("generate")
@course_dir
@assignment_arg
def generate(directory: Path, assignment: str):
    """Make the release version of ASSIGNMENT (no solutions, hidden tests or model answers)."""
    path = _step(lambda c: c.generate(assignment), directory)
    click.echo(f"release version in {path}")


@course.command("release")
@course_dir
@assignment_arg
def release(directory: Path, assignment: str):
    """Put ASSIGNMENT's release version in the exchange for learners to fetch."""
    _step(lambda c: c.release(assignment), directory)
    click.echo(f"released {assignment}")


@course.command("collect")
@course_dir
@assignment_arg
def collect(directory: Path, assignment: str):
    """Collect the newest submission of every learner."""
    n = _step(lambda c: c.collect(assignment), directory)
    click.echo(f"{n} submission(s) collected")


@course.command("autograde")
@course_dir
@assignment_arg
@click.option("--learner", "learners", multiple=True, help="Only these learners (repeatable).")
def autograde(directory: Path, assignment: str, learners: tuple[str, ...]):
    """Diagnose and autograde the collected submissions; list the problems found."""
    run = _step(lambda c: c.autograde(assignment, learners or None), directory)
    for d in run.diagnoses:
        if d.codes:
            click.echo(f"{d.learner}: {d.status}")
            for detail in d.details:
                click.echo(f"    {detail}")
    click.echo(f"{run.graded} graded, {len(run.failed)} failed, "
               f"{sum(1 for d in run.diagnoses if d.codes)} with problems (see reports/{assignment}/submissions.json)")
    if run.failed:
        sys.exit(1)


@course.command("feedback")
@course_dir
@assignment_arg
@click.option("--release/--no-release", default=True, help="Also release the feedback to the exchange.")
def feedback(directory: Path, assignment: str, release: bool):
    """Generate safe feedback (own items only, no hidden tests) for every autograded learner."""
    files = _step(lambda c: c.feedback(assignment, release=release), directory)
    click.echo(f"{len(files)} feedback file(s)" + (" released" if release else ""))


@course.command("export")
@course_dir
@click.argument("assignments", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("grades"),
              help="Output path without suffix; .csv and .parquet are written.")
def export(directory: Path, assignments: tuple[str, ...], output: Path):
    """Export per-item scores of ASSIGNMENTS to CSV and Parquet."""
    from clientcraft.grading.staff.export import export_items

    paths = _step(lambda c: export_items(c, assignments, output), directory)
    click.echo(f"wrote {paths['csv']} and {paths['parquet']}")
