"""The ``clientcraft simulate``, ``clientcraft analyse`` and ``clientcraft report`` commands."""

from __future__ import annotations

from pathlib import Path

import click

from clientcraft.core.errors import ClientcraftError

from .options import assignment_option, content_option, lenient_option


def _curriculum(content: Path | None, required: bool = False):
    """The curriculum at ``content`` (or the default one). A default that cannot be read is skipped with a note
    unless ``required``; a folder given on purpose that cannot be read is an error."""
    from clientcraft.core.loader import load_curriculum

    try:
        return load_curriculum(content, strict=False)
    except ClientcraftError as exc:
        if required or content is not None:
            raise
        click.echo(f"note: no curriculum metadata ({exc}); lessons and labels come from the data only", err=True)
        return None


def _load(source: str, lenient: bool, cur):
    """The responses at ``source``, listing every row left out."""
    from clientcraft.analytics.content import entry_steps
    from clientcraft.analytics.table import load_responses

    data = load_responses(source, strict=not lenient, entries=entry_steps(cur) if cur is not None else None)
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
    from clientcraft.analytics.content import entry_steps
    from clientcraft.analytics.simulate import save, simulate_cohort

    cur = _curriculum(content, required=True) if use_curriculum else None
    cohort = simulate_cohort(learners, items, seed=seed, n_practice=practice, n_cohorts=cohorts, prepost=prepost,
                             curriculum=cur)
    n = save(cohort.responses, output, seed=seed, entries=entry_steps(cur) if cur is not None else None)
    click.echo(f"wrote {n} events to {output}" if "://" in output
               else f"wrote {n} answers of {learners} learners to {output}")


@click.command()
@click.argument("source")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the CSV tables.")
@assignment_option
@click.option("--missing", type=click.Choice(["zero", "omit"]), default="zero", show_default=True,
              help="A missing answer counts 0 on the item, or the item's figures use only those who answered.")
@lenient_option
@content_option
def analyse(source: str, output: Path, assignment: str | None, missing: str, lenient: bool,
            content: Path | None) -> None:
    """Run the full analysis of SOURCE (events URL, gradebook URL, grade export or tidy CSV/Parquet) and write
    its tables as CSV."""
    from clientcraft.analytics.analysis import analyse as run
    from clientcraft.analytics.analysis import headline, write_tables

    cur = _curriculum(content)
    result = run(_load(source, lenient, cur), assignment=assignment, missing=missing, curriculum=cur)
    for path in write_tables(result, output):
        click.echo(f"wrote {path}")
    line = headline(result)
    if line:
        click.echo(line)


@click.command()
@click.argument("source")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True)
@click.option("--title", default="Cohort report", show_default=True)
@assignment_option
@click.option("--pseudonymise", is_flag=True, help="Replace learner ids by stable pseudonyms.")
@click.option("--salt", default="", help="Secret salt for the pseudonyms (keep it to compare reports).")
@lenient_option
@content_option
def report(source: str, output: Path, title: str, assignment: str | None, pseudonymise: bool, salt: str,
           lenient: bool, content: Path | None) -> None:
    """Write the instructor report for SOURCE as one self-contained HTML file."""
    from clientcraft.analytics.analysis import analyse as run
    from clientcraft.analytics.report import pseudonymise as hide
    from clientcraft.analytics.report import write_report

    cur = _curriculum(content)
    data = _load(source, lenient, cur)
    result = run(hide(data, salt) if pseudonymise else data, assignment=assignment, curriculum=cur)
    write_report(result, output, title=title, source=source)
    click.echo(f"wrote {output}")


COMMANDS = (simulate, analyse, report)
"""The commands registered on the ``clientcraft`` group."""
