"""The learner-side commands: ``clientcraft app``, ``clientcraft log ...`` and ``clientcraft workshop``."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import click

from clientcraft.core.schema import Audience

from .interop import export_xapi, send, xapi_options
from .options import content_option, log_url_option


@click.command()
@content_option
@click.option("--port", default=8866, show_default=True, help="Port to serve on.")
@click.option("--ip", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for a room).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
@click.option("--lesson", default=None, help="Open one lesson (id, e.g. 'welcome') instead of the lesson list.")
@click.option("--instructor", is_flag=True, help="Also serve the workshop notebook with the live cohort view.")
@click.option("--pool-size", default=1, show_default=True, type=click.IntRange(min=0),
              help="Kernels per lesson kept started and already run, so pages open at once (0: none). For a "
                   "room: about how many learners open a lesson at the same moment (each step costs about 0.7 GB "
                   "per language).")
@click.option("--idle-timeout", default=600, show_default=True, type=click.IntRange(min=0),
              help="Seconds before a kernel whose page is gone is shut down (0: never).")
@click.option("--audience", type=click.Choice(get_args(Audience)), default=None,
              help="Serve one audience's track, e.g. 'staff': the lessons with only staff scenarios.")
@click.option("--lang", "lang", default=None,
              help="Open the lessons in this language (en, id, nb, tl, de); learners can switch on every lesson "
                   "or with ?lang= in the address.")
@click.pass_context
def app(ctx: click.Context, content: Path | None, port: int, ip: str, no_browser: bool, lesson: str | None,
        instructor: bool, pool_size: int, idle_timeout: int, audience: str | None, lang: str | None) -> None:
    """Serve the lessons as a web app with no code visible (Voila), opening the lesson index, in every course
    language."""
    from clientcraft.core.languages import normalize_language
    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.app import AppSettings, serve

    settings = AppSettings(pool_size=pool_size, idle_timeout=idle_timeout)
    ctx.exit(serve(load_curriculum(content), port=port, open_browser=not no_browser, ip=ip, lesson=lesson,
                   instructor=instructor, settings=settings, audience=audience,
                   lang=normalize_language(lang, "--lang") if lang else "en"))


@click.group(name="log")
def log_group() -> None:
    """The response log: where it is, what it holds, and export."""


@log_group.command()
@log_url_option
def info(url: str | None) -> None:
    """Print the log's location and how many events, learners and cohorts it holds."""
    from clientcraft.runtime.responselog import ResponseLog

    log = ResponseLog(url)
    n = log.summary()
    click.echo(f"log: {log.location}")
    click.echo(f"{n['events']} events, {n['learners']} learners, {n['cohorts']} cohorts")


@log_group.command()
@log_url_option
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default=None,
              help="Output format (default: from the file name).")
@click.option("--xapi", is_flag=True, help="Write xAPI statements as JSON lines instead (see docs/interop.md).")
@click.option("--cohort", default=None, help="Only this cohort's events.")
@click.option("--learner", default=None, help="Only this learner's events.")
@content_option
@xapi_options
def export(url: str | None, output: Path, fmt: str | None, xapi: bool, cohort: str | None, learner: str | None,
           content: Path | None, **statement_options) -> None:
    """Write the events to OUTPUT as CSV or Parquet, or (--xapi) as xAPI statements."""
    from clientcraft.runtime.responselog import ResponseLog

    where = {k: v for k, v in (("cohort", cohort), ("learner_id", learner)) if v is not None}
    if xapi:
        n = export_xapi(output, url=url, where=where, content=content, **statement_options)
        click.echo(f"wrote {n} xAPI statements to {output}")
        return
    log = ResponseLog(url)
    log.export(output, fmt, **where)
    click.echo(f"wrote {log.count(**where)} events to {output}")


log_group.add_command(send)


@click.command()
@content_option
@log_url_option
@click.option("--cohort", default=None, help="Cohort to show (default: all).")
@click.option("--scenario", "scenario_id", required=True, help="Scenario id under discussion.")
@click.option("--step", default=None, help="Step id (default: the first decision).")
def workshop(content: Path | None, url: str | None, cohort: str | None, scenario_id: str, step: str | None) -> None:
    """Print how a cohort answered one scenario step and who has not answered yet."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.responselog import ResponseLog
    from clientcraft.runtime.workshop import step_report

    rows = ResponseLog(url).rows(**({"cohort": cohort} if cohort else {}))
    counts, missing = step_report(load_curriculum(content, strict=False), rows, scenario_id, step)
    for oid, r in counts.iterrows():
        click.echo(f"{oid}) {r['learners']:4d}  {r['text'][:70]}")
    click.echo(f"not answered yet ({len(missing)}): {', '.join(missing) or '-'}")


COMMANDS = (app, log_group, workshop)
"""The commands registered on the ``clientcraft`` group."""
