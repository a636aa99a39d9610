"""The learner-side commands: ``clientcraft app``, ``clientcraft log ...`` and ``clientcraft workshop``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

content_option = click.option(
    "--content", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Content folder (default: $CLIENTCRAFT_CONTENT, else the checkout's data/curriculum).",
)
url_option = click.option("--url", default=None,
                          help="SQLAlchemy URL of the log (default: $CLIENTCRAFT_LOG_URL, $CLIENTCRAFT_LOG, "
                               "else the per-user file).")


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@click.command()
@content_option
@click.option("--port", default=8866, show_default=True, help="Port to serve on.")
@click.option("--ip", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for a room).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
@click.option("--lesson", default=None, help="Open one lesson (id, e.g. 'welcome') instead of the lesson list.")
@click.option("--instructor", is_flag=True, help="Also serve the workshop notebook with the live cohort view.")
def app(content: Path | None, port: int, ip: str, no_browser: bool, lesson: str | None, instructor: bool) -> None:
    """Serve the lessons as a web app with no code visible (Voila)."""
    from clientcraft.runtime.app import serve
    from clientcraft.core.errors import ClientcraftError
    from clientcraft.core.loader import load_curriculum

    try:
        cur = load_curriculum(content)
        sys.exit(serve(cur, port=port, open_browser=not no_browser, ip=ip, lesson=lesson, instructor=instructor))
    except ClientcraftError as exc:
        _fail(exc)


@click.group(name="log")
def log_group() -> None:
    """The response log: where it is, what it holds, and export."""


@log_group.command()
@url_option
def info(url: str | None) -> None:
    """Print the log's location and how many events, learners and cohorts it holds."""
    from clientcraft.core.errors import ClientcraftError
    from clientcraft.runtime.responselog import ResponseLog

    try:
        log = ResponseLog(url)
        df = log.frame()
    except ClientcraftError as exc:
        _fail(exc)
    click.echo(f"log: {log.location}")
    click.echo(f"{len(df)} events, {df['learner_id'].nunique()} learners, "
               f"{df.loc[df['cohort'] != '', 'cohort'].nunique()} cohorts")


@log_group.command()
@url_option
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default=None,
              help="Output format (default: from the file name).")
@click.option("--cohort", default=None, help="Only this cohort's events.")
@click.option("--learner", default=None, help="Only this learner's events.")
def export(url: str | None, output: Path, fmt: str | None, cohort: str | None, learner: str | None) -> None:
    """Write the events to OUTPUT as CSV or Parquet."""
    from clientcraft.core.errors import ClientcraftError
    from clientcraft.runtime.responselog import ResponseLog

    where = {k: v for k, v in (("cohort", cohort), ("learner_id", learner)) if v is not None}
    try:
        log = ResponseLog(url)
        log.export(output, fmt, **where)
        n = log.count(**where)
    except ClientcraftError as exc:
        _fail(exc)
    click.echo(f"wrote {n} events to {output}")


@click.command()
@content_option
@url_option
@click.option("--cohort", default=None, help="Cohort to show (default: all).")
@click.option("--scenario", "scenario_id", required=True, help="Scenario id under discussion.")
@click.option("--step", default=None, help="Step id (default: the first decision).")
def workshop(content: Path | None, url: str | None, cohort: str | None, scenario_id: str, step: str | None) -> None:
    """Print how a cohort answered one scenario step and who has not answered yet."""
    from clientcraft.core.errors import ClientcraftError
    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.responselog import ResponseLog
    from clientcraft.runtime.workshop import not_answered, option_counts

    try:
        cur = load_curriculum(content, strict=False)
        sc = cur.scenario(scenario_id)
        step_id = step or sc.steps[0].id
        rows = ResponseLog(url).rows(**({"cohort": cohort} if cohort else {}))
        counts = option_counts(cur, [r for r in rows if r["scenario"] == sc.id], sc.id, step_id)
        missing = not_answered(rows, sc.id, step_id)
    except ClientcraftError as exc:
        _fail(exc)
    for oid, r in counts.iterrows():
        click.echo(f"{oid}) {r['learners']:4d}  {r['text'][:70]}")
    click.echo(f"not answered yet ({len(missing)}): {', '.join(missing) or '-'}")


COMMANDS = (app, log_group, workshop)
