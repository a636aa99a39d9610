"""``clientcraft course``: set up an nbgrader course and run its grading steps (a thin layer over
:mod:`clientcraft.grading.staff`)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import DueDate, assignment_argument, course_dir_argument


def _course(directory: Path):
    from clientcraft.grading.staff.course import Course

    return Course(directory)


@click.group("course")
def course() -> None:
    """Set up an nbgrader course and generate, release, collect, autograde, give feedback and export."""


@course.command("init")
@course_dir_argument
@click.option("--roster", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with an 'id' column (optional: first_name, last_name, email, cohort).")
@click.option("--exercises", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Source assignments folder (default: the checkout's exercises/).")
@click.option("--keys", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the <assignment>.key.json files (default: solutions/ beside the exercises folder).")
@click.option("--assignment", "assignments", multiple=True, help="Only these assignments (repeatable).")
@click.option("--due", multiple=True, type=DueDate(), help="Due date, ASSIGNMENT=YYYY-MM-DDTHH:MM in UTC (repeatable).")
def init(directory: Path, roster: Path, exercises: Path | None, keys: Path | None, assignments: tuple[str, ...],
         due: tuple[tuple[str, object], ...]):
    """Create DIRECTORY: nbgrader_config.py, source/ assignments and their keys, and the roster's learners."""
    from clientcraft.grading.staff.course import init_course

    c = init_course(directory, roster, exercises=exercises, keys=keys, assignments=assignments or None,
                    duedates=dict(due))
    click.echo(f"course ready at {c.root}: {len(c.learners())} learner(s), assignments {', '.join(c.assignments())}")


@course.command("generate")
@course_dir_argument
@assignment_argument
def generate(directory: Path, assignment: str):
    """Make the release version of ASSIGNMENT (no solutions, hidden tests or model answers)."""
    click.echo(f"release version in {_course(directory).generate(assignment)}")


@course.command("release")
@course_dir_argument
@assignment_argument
def release(directory: Path, assignment: str):
    """Put ASSIGNMENT's release version in the exchange for learners to fetch."""
    _course(directory).release(assignment)
    click.echo(f"released {assignment}")


@course.command("collect")
@course_dir_argument
@assignment_argument
def collect(directory: Path, assignment: str):
    """Collect the newest submission of every learner."""
    click.echo(f"{_course(directory).collect(assignment)} submission(s) collected")


def _learner_ids(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    from clientcraft.core.ids import learner_id_problem

    for value in values:
        problem = learner_id_problem(value)
        if problem:
            raise click.BadParameter(f"{value[:80]!r} {problem}", param_hint="--learner")
    return values


@course.command("autograde")
@course_dir_argument
@assignment_argument
@click.option("--learner", "learners", multiple=True, callback=_learner_ids,
              help="Only these learners (repeatable).")
@click.pass_context
def autograde(ctx: click.Context, directory: Path, assignment: str, learners: tuple[str, ...]):
    """Grade the collected submissions from their saved choices and written answers (no learner code runs);
    list the problems found."""
    run = _course(directory).autograde(assignment, learners or None)
    for d in run.diagnoses:
        if d.codes:
            click.echo(f"{d.learner}: {d.status}")
            for detail in d.details:
                click.echo(f"    {detail}")
    click.echo(f"{run.graded} graded, {len(run.failed)} failed, "
               f"{sum(1 for d in run.diagnoses if d.codes)} with problems (see reports/{assignment}/submissions.json)")
    if run.failed:
        ctx.exit(1)


@course.command("feedback")
@course_dir_argument
@assignment_argument
@click.option("--release/--no-release", default=True, help="Also release the feedback to the exchange.")
def feedback(directory: Path, assignment: str, release: bool):
    """Generate safe feedback (own items only, no hidden tests) for every autograded learner."""
    files = _course(directory).feedback(assignment, release=release)
    click.echo(f"{len(files)} feedback file(s)" + (" released" if release else ""))


@course.command("export")
@course_dir_argument
@click.argument("assignments", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("grades"),
              help="Output path without suffix; .csv and .parquet are written, and the LMS grade files beside them.")
@click.option("--lms-roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV mapping learner ids to LMS ids (id, canvas_id, sis_user_id, sis_login_id, section, "
                   "moodle_username, moodle_idnumber, email); see docs/interop.md.")
def export(directory: Path, assignments: tuple[str, ...], output: Path, lms_roster: Path | None):
    """Export per-item scores of ASSIGNMENTS to CSV and Parquet, and each assignment's grades as Canvas and Moodle
    gradebook CSVs."""
    from clientcraft.grading.staff.export import export_items
    from clientcraft.interop.gradefiles import write_grade_files

    course = _course(directory)
    paths = export_items(course, assignments, output)
    lms = write_grade_files(course, assignments, paths["csv"].with_suffix(""), lms_roster=lms_roster)
    click.echo(f"wrote {paths['csv']} and {paths['parquet']}")
    for path in lms.paths:
        click.echo(f"wrote {path}")
    for aid, blank in lms.blank.items():
        if blank:
            click.echo(f"{aid}: {len(blank)} learner(s) left blank in the LMS files: "
                       + ", ".join(f"{lid} ({why})" for lid, why in sorted(blank.items())), err=True)
