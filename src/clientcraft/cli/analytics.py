"""The ``clientcraft simulate``, ``clientcraft analyse`` and ``clientcraft report`` commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from clientcraft.core.errors import ClientcraftError

content_option = click.option(
    "--content", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Curriculum folder for lessons, recommendations, options and misconception labels "
         "(default: $CLIENTCRAFT_CONTENT, else the checkout's data/curriculum).")


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def _curriculum(content: Path | None, required: bool = False):
    """The curriculum at ``content`` (or the default one); a default that cannot be read is skipped with a note
    unless ``required``."""
    from clientcraft.core.loader import load_curriculum

    try:
        return load_curriculum(content, strict=False)
    except ClientcraftError as exc:
        if required or content is not None:
            _fail(exc)
        click.echo(f"note: no curriculum metadata ({exc}); lessons and labels come from the data only", err=True)
        return None


def _load(source: str, lenient: bool):
    from clientcraft.analytics.table import load_responses

    data = load_responses(source, strict=not lenient)
    for p in data.problems:
        click.echo(f"left out: {p}", err=True)
    if data.problems:
        click.echo(f"{len(data.problems)} row(s) left out of {source}", err=True)
    return data


@click.command()
@click.option("--learners", type=click.IntRange(min=1), default=200, show_default=True)
@click.option("--items", type=click.IntRange(min=1), default=20, show_default=True,
              help="Assessment items in the final (each with a parallel baseline item).")
@click.option("--practice", type=click.IntRange(min=0), default=10, show_default=True, help="Practice items.")
@click.option("--cohorts", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--prepost/--no-prepost", default=True, show_default=True, help="Include the baseline (pre) test.")
@click.option("--curriculum", "use_curriculum", is_flag=True,
              help="Simulate the curriculum's own scenarios instead of a synthetic item bank.")
@content_option
@click.option("--output", "-o", required=True,
              help="A .csv or .parquet file (tidy table) or a SQLAlchemy URL (appends to its 'events' table).")
def simulate(learners: int, items: int, practice: int, cohorts: int, seed: int, prepost: bool,
             use_curriculum: bool, content: Path | None, output: str) -> None:
    """Simulate a cohort (2PL items, misconception-driven mistakes, practice retries, pre and post)."""
    from clientcraft.analytics.simulate import simulate_cohort, write_events

    try:
        cur = _curriculum(content, required=True) if use_curriculum else None
        cohort = simulate_cohort(learners, items, seed=seed, n_practice=practice, n_cohorts=cohorts,
                                 prepost=prepost, curriculum=cur)
        table = cohort.responses
        if "://" in output:
            n = write_events(table, output, seed=seed)
            click.echo(f"wrote {n} events to {output}")
            return
        path = Path(output)
        if path.suffix.lower() in (".parquet", ".pq"):
            table.to_parquet(path, index=False)
        elif path.suffix.lower() == ".csv":
            table.to_csv(path, index=False)
        else:
            raise click.BadParameter("use a .csv or .parquet file or a SQLAlchemy URL", param_hint="--output")
    except ClientcraftError as exc:
        _fail(exc)
    click.echo(f"wrote {len(table)} answers of {learners} learners to {path}")


@click.command()
@click.argument("source")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the CSV tables.")
@click.option("--assignment", default=None, help="Analyse this assignment's items (default: the final).")
@click.option("--missing", type=click.Choice(["zero", "omit"]), default="zero", show_default=True,
              help="A missing answer counts 0 on the item, or the item's figures use only those who answered.")
@click.option("--lenient", is_flag=True, help="Leave out invalid rows (listed) instead of stopping.")
@content_option
def analyse(source: str, output: Path, assignment: str | None, missing: str, lenient: bool,
            content: Path | None) -> None:
    """Run the full analysis of SOURCE (events URL, gradebook URL, grade export or tidy CSV/Parquet) and write
    its tables as CSV."""
    from clientcraft.analytics.analysis import analyse as run

    try:
        result = run(_load(source, lenient), assignment=assignment, missing=missing,
                     curriculum=_curriculum(content))
    except ClientcraftError as exc:
        _fail(exc)
    output.mkdir(parents=True, exist_ok=True)
    tables = {"items": result.items, "distractors": result.distractors, "misconceptions": result.misconceptions,
              "misconceptions_by_lesson": result.misconceptions_by_lesson,
              "misconceptions_by_recommendation": result.misconceptions_by_recommendation,
              "scores": result.scores, "cohorts": result.cohorts, "mastery": result.mastery,
              "mastery_by_lesson": result.mastery_by_lesson, "practice": result.practice, "time": result.time,
              "test": None if result.test is None else result.test.to_frame("value"),
              "prepost_learners": None if result.prepost is None else result.prepost.learners,
              "prepost_summary": None if result.prepost is None else result.prepost.summary.to_frame("value")}
    for name, frame in tables.items():
        if frame is not None:
            frame.to_csv(output / f"{name}.csv", index=not frame.index.equals(
                __import__("pandas").RangeIndex(len(frame))))
            click.echo(f"wrote {output / (name + '.csv')}")
    if result.test is not None:
        t = result.test
        flagged = result.items[result.items["review"] != ""]
        click.echo(f"{int(t['n_learners'])} learners x {int(t['n_items'])} items ({result.analysed}): mean "
                   f"{t['mean']:.2f}/{t['max_total']:.0f}, alpha {t['alpha']:.3f}; {len(flagged)} item(s) to review")


@click.command()
@click.argument("source")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True)
@click.option("--title", default="Cohort report", show_default=True)
@click.option("--assignment", default=None, help="Analyse this assignment's items (default: the final).")
@click.option("--pseudonymise", is_flag=True, help="Replace learner ids by stable pseudonyms.")
@click.option("--salt", default="", help="Secret salt for the pseudonyms (keep it to compare reports).")
@click.option("--lenient", is_flag=True, help="Leave out invalid rows (listed) instead of stopping.")
@content_option
def report(source: str, output: Path, title: str, assignment: str | None, pseudonymise: bool, salt: str,
           lenient: bool, content: Path | None) -> None:
    """Write the instructor report for SOURCE as one self-contained HTML file."""
    from clientcraft.analytics.analysis import analyse as run
    from clientcraft.analytics.report import pseudonymise as hide, write_report

    try:
        data = _load(source, lenient)
        if pseudonymise:
            data = hide(data, salt)
        result = run(data, assignment=assignment, curriculum=_curriculum(content))
        write_report(result, output, title=title, source=source)
    except ClientcraftError as exc:
        _fail(exc)
    click.echo(f"wrote {output}")


COMMANDS = (simulate, analyse, report)
"""The commands registered on the ``clientcraft`` group."""
