"""The interoperability commands: the xAPI options of ``clientcraft log export --xapi``, ``clientcraft log send``
and ``clientcraft itembank``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from .options import content_option, log_url_option

SALT_ENV = "CLIENTCRAFT_PSEUDONYM_SALT"
BASE_ENV = "CLIENTCRAFT_XAPI_BASE"


def xapi_options(fn: Callable) -> Callable:
    """The options that shape statements (shared by ``log export --xapi`` and ``log send``)."""
    from clientcraft.interop.xapi import DEFAULT_BASE

    for option in reversed((
        click.option("--base-iri", envvar=BASE_ENV, default=DEFAULT_BASE, show_default=True,
                     help=f"Base IRI of activity ids and learner accounts (or ${BASE_ENV})."),
        click.option("--salt", envvar=SALT_ENV, default="",
                     help=f"Secret salt of the learner pseudonyms (or ${SALT_ENV}); the same salt as "
                          "'clientcraft report --salt' gives the same pseudonyms."),
        click.option("--grades", "grades", multiple=True,
                     type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Also a per-item grade export of 'clientcraft course export' (repeatable)."),
        click.option("--pseudonyms", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Also write the learner id -> pseudonym table here (instructor side; keep it private)."),
    )):
        fn = option(fn)
    return fn


def log_statements(url: str | None, where: dict[str, str], content: Path | None, base_iri: str, salt: str,
                   grades: tuple[Path, ...], pseudonyms: Path | None) -> list[dict[str, Any]]:
    """The statements of the response log (and grade exports); writes the pseudonym table when asked."""
    from clientcraft.core.atomic import write_text_atomic
    from clientcraft.core.loader import load_curriculum
    from clientcraft.interop.statements import log_statements as build, pseudonym_table, read_grade_rows
    from clientcraft.interop.xapi import XapiSettings
    from clientcraft.runtime.responselog import ResponseLog

    if not salt:
        click.echo(f"warning: no --salt (or ${SALT_ENV}): anyone who knows a learner id can recompute its "
                   "pseudonym", err=True)
    settings = XapiSettings(base=base_iri, salt=salt)
    rows = ResponseLog(url).rows(**where)
    grade_rows = read_grade_rows(grades, where)
    if pseudonyms is not None:
        learners = {r["learner_id"] for r in rows} | {g["learner"] for g in grade_rows}
        write_text_atomic(pseudonyms, pseudonym_table(settings, learners))
    return build(rows, load_curriculum(content, strict=False), settings, grade_rows)


def export_xapi(output: Path, **kwargs: Any) -> int:
    """Write the log's statements as JSON lines to ``output``; returns how many."""
    from clientcraft.interop.statements import write_statements

    return write_statements(output, log_statements(**kwargs))


@click.command("send")
@click.option("--lrs", "endpoint", required=True, envvar="CLIENTCRAFT_LRS",
              help="xAPI endpoint of the LRS, e.g. https://lrs.example.org/xAPI/ (or $CLIENTCRAFT_LRS).")
@click.option("--user", envvar="CLIENTCRAFT_LRS_USER", default=None, help="Basic-auth user (or $CLIENTCRAFT_LRS_USER).")
@click.option("--password", envvar="CLIENTCRAFT_LRS_PASSWORD", default=None,
              help="Basic-auth password; prefer $CLIENTCRAFT_LRS_PASSWORD to keep it out of the shell history.")
@log_url_option
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Send the statements of this JSON-lines file (e.g. from 'log export --xapi') instead of the log.")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--retries", type=click.IntRange(min=1), default=5, show_default=True,
              help="Attempts per batch on connection errors, time-outs, HTTP 429 and 5xx.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds to wait for one answer.")
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Ledger of statement ids the LRS confirmed (default: one file per LRS in the user data folder).")
@click.option("--cohort", default=None, help="Only this cohort's records.")
@click.option("--learner", default=None, help="Only this learner's records.")
@content_option
@xapi_options
def send(endpoint: str, user: str | None, password: str | None, url: str | None, input_path: Path | None,
         batch_size: int, retries: int, timeout: float, state: Path | None, cohort: str | None,
         learner: str | None, content: Path | None, **statement_options) -> None:
    """Send the log's xAPI statements to an LRS in batches; a re-run sends only what the LRS has not confirmed."""
    from clientcraft.interop.lrs import LRSClient, SentLedger, default_ledger, send as run
    from clientcraft.interop.statements import read_statements

    where = {k: v for k, v in (("cohort", cohort), ("learner_id", learner)) if v is not None}
    if input_path is not None:
        statements = read_statements(input_path)
    else:
        statements = log_statements(url, where, content, **statement_options)
    ledger_path = state or default_ledger(endpoint)
    with LRSClient(endpoint, username=user, password=password, timeout=timeout, retries=retries) as client, \
            SentLedger(ledger_path) as ledger:
        report = run(statements, client, ledger, batch_size=batch_size,
                     on_batch=lambda n, done, todo: click.echo(f"batch {n}: {done}/{todo} sent", err=True))
    click.echo(f"{report.total} statements: {report.already} confirmed before, {report.sent} sent now in "
               f"{report.batches} batch(es), {report.stored} newly stored by the LRS ({report.seconds:.1f} s); "
               f"ledger {ledger_path}")


@click.command("itembank")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "formats", type=click.Choice(["moodle", "qti"]), multiple=True,
              help="Only this format (repeatable; default: both).")
@click.option("--mode", "modes", type=click.Choice(["practice", "assessment"]), multiple=True,
              help="Only scenarios of this mode (repeatable; default: both).")
@content_option
def itembank(output: Path, formats: tuple[str, ...], modes: tuple[str, ...], content: Path | None) -> None:
    """Write the scenario steps as a Moodle XML question bank and a QTI 1.2 package for Canvas (instructor
    side: both carry the answer keys)."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.interop.moodle import write_moodle
    from clientcraft.interop.qti import write_qti

    cur = load_curriculum(content)
    wanted = set(formats or ("moodle", "qti"))
    chosen = tuple(modes or ("practice", "assessment"))
    if "moodle" in wanted:
        path, n = write_moodle(cur, output / "clientcraft-moodle.xml", modes=chosen)
        click.echo(f"wrote {n} questions to {path}")
    if "qti" in wanted:
        path, n = write_qti(cur, output / "clientcraft-qti.zip", modes=chosen)
        click.echo(f"wrote {n} questions to {path}")
    click.echo("these files hold the answer keys: keep them with the course team", err=True)


COMMANDS = (itembank,)
"""Top-level commands registered on the ``clientcraft`` group (``send`` joins the ``log`` group)."""
