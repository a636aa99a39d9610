"""The statements of a response log (and of grade exports): built, written and read as JSON lines.

``log_statements`` is what ``clientcraft log export --xapi`` writes and ``clientcraft log send`` sends; a
JSON-lines file read back with :func:`read_statements` is validated line by line before anything is sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..core.atomic import write_text_atomic
from .errors import StatementError
from .xapi import StatementBuilder, XapiSettings, validate_statement

if TYPE_CHECKING:  # pragma: no cover
    from ..core.loader import Curriculum


def read_grade_rows(paths: Iterable[Path | str], where: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows of per-item grade exports (CSV or Parquet), optionally only one cohort or learner
    (``where`` keys ``cohort``, ``learner_id``)."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    where = dict(where or {})
    for path in map(Path, paths):
        try:
            frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(
                path, dtype=str, keep_default_na=False)
        except (OSError, ValueError) as exc:
            raise StatementError(str(path), "(file)", f"cannot be read as a grade export: {exc}") from None
        missing = [c for c in ("learner", "assignment", "item", "credit", "status") if c not in frame]
        if missing:
            raise StatementError(str(path), missing[0], "not a per-item grade export (column missing)")
        if "learner_id" in where:
            frame = frame[frame["learner"] == where["learner_id"]]
        if "cohort" in where:
            frame = frame[frame["cohort"] == where["cohort"]]
        rows.extend(frame.to_dict("records"))
    return rows


def log_statements(rows: Iterable[Mapping[str, Any]], curriculum: "Curriculum | None", settings: XapiSettings,
                   grade_rows: Iterable[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """The statements (JSON objects, oldest first) of response-log rows and grade-export rows."""
    builder = StatementBuilder(curriculum, settings)
    return [s.as_json() for s in builder.from_log(rows, grade_rows)]


def pseudonym_table(settings: XapiSettings, learner_ids: Iterable[str]) -> str:
    """The CSV ``learner,pseudonym,homePage`` for the course team (it turns pseudonyms back into people)."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["learner", "pseudonym", "homePage"])
    for lid in sorted(set(map(str, learner_ids))):
        writer.writerow([lid, settings.pseudonym(lid), settings.home_page])
    return buf.getvalue()


def write_statements(path: Path | str, statements: Iterable[Mapping[str, Any]]) -> int:
    """Write statements as JSON lines (atomically); returns how many."""
    lines = [json.dumps(s, ensure_ascii=False) + "\n" for s in statements]
    write_text_atomic(path, "".join(lines))
    return len(lines)


def read_statements(path: Path | str) -> list[dict[str, Any]]:
    """Statements from a JSON-lines file, each validated; the first invalid line stops everything."""
    path = Path(path)
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise StatementError(str(path), "(file)", f"cannot be read: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise StatementError(f"{path} line {number}", "(statement)", f"not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise StatementError(f"{path} line {number}", "(statement)", "not a JSON object")
        out.append(validate_statement(data, f"{path} line {number}").as_json())
    return out
