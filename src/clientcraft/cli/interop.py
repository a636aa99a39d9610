"""The interoperability commands: ``clientcraft log export --xapi`` (its options and writer), ``clientcraft log
send`` and ``clientcraft itembank``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from clientcraft.core.errors import ClientcraftError

SALT_ENV = "CLIENTCRAFT_PSEUDONYM_SALT"
BASE_ENV = "CLIENTCRAFT_XAPI_BASE"


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def xapi_options(fn: Callable) -> Callable:
    """The options that shape statements (shared by ``log export --xapi`` and ``log send``)."""
    from clientcraft.interop.xapi import DEFAULT_BASE

    for option in reversed((
        click.option("--base-iri", envvar=BASE_ENV, default=DEFAULT_BASE, show_default=True,
                     help=f"Base IRI of activity ids and learner accounts (or ${BASE_ENV})."),
        click.option("--salt", envvar=SALT_ENV, default="",
                     help=f"Secret salt of the learner pseudonyms (or ${SALT_ENV}); the same salt as "
                          "'clientcraft report --salt' gives the same pseudonyms."),
        click.option("--grades", "grades", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Also a per-item grade export of 'clientcraft course export' (repeatable)."),
        click.option("--pseudonyms", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Also write the learner id -> pseudonym table here (instructor side; keep it private)."),
    )):
        fn = option(fn)
    return fn


def build_statements(url: str | None, where: dict[str, str], content: Path | None, base_iri: str, salt: str,
                     grades: tuple[Path, ...], pseudonyms: Path | None) -> list[dict[str, Any]]:
    """The statements of the response log (and grade exports) as JSON objects."""
    import pandas as pd

    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.responselog import ResponseLog
    from clientcraft.interop.xapi import StatementBuilder, XapiSettings

    if not salt:
        click.echo(f"warning: no --salt (or ${SALT_ENV}): anyone who knows a learner id can recompute its "
                   "pseudonym", err=True)
    cur = load_curriculum(content, strict=False)
    rows = ResponseLog(url).rows(**where)
    grade_rows: list[dict] = []
    for path in grades:
        frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str,
                                                                                      keep_default_na=False)
        if "learner_id" in where:
            frame = frame[frame["learner"] == where["learner_id"]]
        if "cohort" in where:
            frame = frame[frame["cohort"] == where["cohort"]]
        grade_rows.extend(frame.to_dict("records"))
    builder = StatementBuilder(cur, XapiSettings(base=base_iri, salt=salt))
    statements = builder.from_log(rows, grade_rows)
    if pseudonyms is not None:
        from clientcraft.core.atomic import write_text_atomic

        learners = sorted({str(r["learner_id"]) for r in rows} | {str(g["learner"]) for g in grade_rows})
        write_text_atomic(pseudonyms, "learner,pseudonym,homePage\n" + "".join(
            f"{lid},{builder.settings.pseudonym(lid)},{builder.settings.home_page}\n" for lid in learners))
    return [s.as_json() for s in statements]


def export_xapi(output: Path, **kwargs: Any) -> int:
    """Write the statements as JSON lines to ``output``; returns how many."""
    from clientcraft.core.atomic import write_text_atomic

    statements = build_statements(**kwargs)
    write_text_atomic(output, "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statements))
    return len(statements)


@click.command("send")
@click.option("--lrs", "endpoint", required=True, envvar="CLIENTCRAFT_LRS",
              help="xAPI endpoint of the LRS, e.g. https://lrs.example.org/xAPI/ (or $CLIENTCRAFT_LRS).")
@click.option("--user", envvar="CLIENTCRAFT_LRS_USER", default=None, help="Basic-auth user (or $CLIENTCRAFT_LRS_USER).")
@click.option("--password", envvar="CLIENTCRAFT_LRS_PASSWORD", default=None,
              help="Basic-auth password; prefer $CLIENTCRAFT_LRS_PASSWORD to keep it out of the shell history.")
@click.option("--url", default=None, help="SQLAlchemy URL of the response log (default: as for 'log info').")
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
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Content folder (default: $CLIENTCRAFT_CONTENT, else the checkout's data/curriculum).")
@xapi_options
def send(endpoint: str, user: str | None, password: str | None, url: str | None, input_path: Path | None,
         batch_size: int, retries: int, timeout: float, state: Path | None, cohort: str | None,
         learner: str | None, content: Path | None, base_iri: str, salt: str, grades: tuple[Path, ...],
         pseudonyms: Path | None) -> None:
    """Send the log's xAPI statements to an LRS in batches; a re-run sends only what the LRS has not confirmed."""
    from clientcraft.interop.lrs import LRSClient, SentLedger, default_ledger, send as run

    where = {k: v for k, v in (("cohort", cohort), ("learner_id", learner)) if v is not None}
    try:
        if input_path is not None:
            from clientcraft.interop.xapi import read_statements

            statements = read_statements(input_path)
        else:
            statements = build_statements(url, where, content, base_iri, salt, grades, pseudonyms)
        ledger_path = state or default_ledger(endpoint)
        with LRSClient(endpoint, username=user, password=password, timeout=timeout, retries=retries) as client, \
                SentLedger(ledger_path) as ledger:
            report = run(statements, client, ledger, batch_size=batch_size,
                         on_batch=lambda n, done, todo: click.echo(f"batch {n}: {done}/{todo} sent", err=True))
    except ClientcraftError as exc:
        _fail(exc)
    click.echo(f"{report.total} statements: {report.already} confirmed before, {report.sent} sent now in "
               f"{report.batches} batch(es), {report.stored} newly stored by the LRS ({report.seconds:.1f} s); "
               f"ledger {ledger_path}")


@click.command("itembank")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "formats", type=click.Choice(["moodle", "qti"]), multiple=True,
              help="Only this format (repeatable; default: both).")
@click.option("--mode", "modes", type=click.Choice(["practice", "assessment"]), multiple=True,
              help="Only scenarios of this mode (repeatable; default: both).")
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Content folder (default: $CLIENTCRAFT_CONTENT, else the checkout's data/curriculum).")
def itembank(output: Path, formats: tuple[str, ...], modes: tuple[str, ...], content: Path | None) -> None:
    """Write the scenario steps as a Moodle XML question bank and a QTI 1.2 package for Canvas (instructor
    side: both carry the answer keys)."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.interop.moodle import write_moodle
    from clientcraft.interop.qti import write_qti

    try:
        cur = load_curriculum(content)
        wanted = set(formats or ("moodle", "qti"))
        chosen = tuple(modes or ("practice", "assessment"))
        if "moodle" in wanted:
            path, n = write_moodle(cur, output / "clientcraft-moodle.xml", modes=chosen)
            click.echo(f"wrote {n} questions to {path}")
        if "qti" in wanted:
            path, n = write_qti(cur, output / "clientcraft-qti.zip", modes=chosen)
            click.echo(f"wrote {n} questions to {path}")
    except ClientcraftError as exc:
        _fail(exc)
    click.echo("these files hold the answer keys: keep them with the course team", err=True)


COMMANDS = (itembank,)
"""Top-level commands registered on the ``clientcraft`` group (``send`` joins the ``log`` group)."""
