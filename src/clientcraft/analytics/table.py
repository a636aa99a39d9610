"""The tidy response table: one row per answer, validated, loaded from any of the supported sources.

Sources: the shared response-log table ``events`` (any SQLAlchemy URL), the per-item grade export of
``clientcraft course export`` (CSV/Parquet), an nbgrader gradebook (one item per grade cell), or a CSV/Parquet
file that already holds the tidy table. Every loader returns a :class:`Responses` holding the valid rows and a
list of :class:`RowProblem` for every row that was set aside, so nothing is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.records import (
    ITEM_STEP_SEPARATOR,
    REFLECTION_COLUMNS,
)
from clientcraft.core.records import TIDY_COLUMNS as COLUMNS
from clientcraft.core.records import TIDY_MODES as MODES
from clientcraft.core.records import events_table, item_of_cell

REQUIRED: tuple[str, ...] = ("learner", "item", "credit")
"""Columns an input must have; the others take the defaults in :data:`DEFAULTS` when absent."""

DEFAULTS: dict[str, object] = {
    "cohort": "", "assignment": "", "option": None, "max_credit": 1.0, "attempt": 1, "seconds": np.nan,
    "timestamp": pd.NaT, "lesson": "", "recommendations": "", "misconception": None, "mode": "assessment",
}

TEXT_COLUMNS = ("learner", "cohort", "assignment", "item", "lesson", "recommendations", "mode")
NULLABLE_TEXT = ("option", "misconception")


class ResponseTableError(ClientcraftError):
    """A response source could not be read or holds invalid rows; ``problems`` lists each bad row."""

    def __init__(self, source: str, problems: list["RowProblem"] | None = None, message: str | None = None):
        self.source = source
        self.problems = list(problems or [])
        if message is None:
            shown = "\n".join(f"  {p}" for p in self.problems[:20])
            more = f"\n  ... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
            message = f"{len(self.problems)} invalid row(s) in {source}:\n{shown}{more}"
        super().__init__(message)


@dataclass(frozen=True)
class RowProblem:
    """One invalid row: where it came from, its 1-based row number in that source, the column, and why."""

    source: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: row {self.row}: {self.column}={self.value!r}: {self.message}"


@dataclass
class Responses:
    """Valid answers as a tidy table, reflections (learner free text) apart, and the rows set aside."""

    table: pd.DataFrame
    reflections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REFLECTION_COLUMNS)))
    problems: list[RowProblem] = field(default_factory=list)
    source: str = ""


# ------------------------------------------------------------------------------------------- validation
def _problems_for(mask: np.ndarray, frame: pd.DataFrame, rows: np.ndarray, column: str, source: str,
                  message: str) -> list[RowProblem]:
    idx = np.flatnonzero(mask)
    values = frame[column].to_numpy(dtype=object)[idx] if column in frame else [None] * len(idx)
    return [RowProblem(source, int(rows[i]), column, "" if v is None else str(v), message)
            for i, v in zip(idx, values)]


def validate(frame: pd.DataFrame, source: str = "<table>", *, strict: bool = True,
             row_numbers: Iterable[int] | None = None) -> Responses:
    """Check columns and types of a candidate tidy table and return it with the proper dtypes.

    Rows with a bad value are listed as :class:`RowProblem` (row numbers are 1-based data rows of the source,
    or ``row_numbers`` when given). With ``strict`` any problem raises :class:`ResponseTableError`; otherwise
    the bad rows are left out of ``table`` and returned in ``problems``.
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ResponseTableError(source, message=f"{source}: missing required column(s): {', '.join(missing)}; "
                                                 f"found: {', '.join(map(str, frame.columns))}")
    n = len(frame)
    rows = np.arange(1, n + 1) if row_numbers is None else np.asarray(list(row_numbers))
    frame = frame.reset_index(drop=True)
    out: dict[str, object] = {}
    bad = np.zeros(n, dtype=bool)
    problems: list[RowProblem] = []

    def flag(mask: np.ndarray, column: str, message: str) -> None:
        nonlocal bad
        mask = np.asarray(mask, dtype=bool) & ~bad  # report each row once, at its first problem
        if mask.any():
            problems.extend(_problems_for(mask, frame, rows, column, source, message))
            bad |= mask

    for col in TEXT_COLUMNS:
        if col in frame:
            raw = frame[col]
            text = raw.astype("str").str.strip()
            if col in REQUIRED + ("mode",):
                flag((raw.isna() | (text == "")).to_numpy(), col, "is empty")
            text = text.where(raw.notna(), "")
        else:
            text = pd.Series(DEFAULTS[col], index=frame.index, dtype="str")
        out[col] = text
    flag(~out["mode"].isin(MODES).to_numpy(), "mode", f"must be one of {', '.join(MODES)}")
    for col in NULLABLE_TEXT:
        if col in frame:
            raw = frame[col]
            text = raw.astype("str").str.strip()
            out[col] = text.where(raw.notna() & (text != ""), None)
        else:
            out[col] = pd.Series(None, index=frame.index, dtype="str")

    def number(col: str) -> pd.Series:
        if col not in frame:
            return pd.Series(DEFAULTS[col], index=frame.index, dtype="float64")
        raw = frame[col]
        num = pd.to_numeric(raw, errors="coerce").astype("float64")
        flag((raw.notna() & num.isna()).to_numpy(), col, "is not a number")
        return num

    credit = number("credit")
    flag(credit.isna().to_numpy(), "credit", "is missing")
    max_credit = number("max_credit").fillna(1.0)
    flag((max_credit <= 0).to_numpy(), "max_credit", "must be above 0")
    flag(((credit < 0) | (credit > max_credit)).to_numpy(), "credit", "must lie between 0 and max_credit")
    attempt = number("attempt").fillna(1.0)
    flag(((attempt < 1) | (attempt != np.floor(attempt))).to_numpy(), "attempt", "must be a whole number >= 1")
    seconds = number("seconds")
    flag((seconds < 0).to_numpy(), "seconds", "must not be negative")
    out["credit"], out["max_credit"], out["seconds"] = credit, max_credit, seconds

    if "timestamp" in frame:
        raw = frame["timestamp"]
        if isinstance(raw.dtype, pd.DatetimeTZDtype):
            ts = raw.dt.tz_convert("UTC")
        elif pd.api.types.is_datetime64_dtype(raw.dtype):
            ts = raw.dt.tz_localize("UTC")
        else:
            ts = pd.to_datetime(raw, errors="coerce", utc=True, format="mixed")
            unparsed = (raw.notna() & ts.isna()).to_numpy().copy()
            if unparsed.any():  # blank text is a missing time, anything else is an error
                unparsed[unparsed] = raw[unparsed].astype("str").str.strip().to_numpy() != ""
            flag(unparsed, "timestamp", "is not a date and time")
    else:
        ts = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    out["timestamp"] = ts

    keep = ~bad
    if problems and strict:
        raise ResponseTableError(source, problems)
    table = pd.DataFrame({c: out[c] for c in COLUMNS if c not in ("attempt",)} | {"attempt": attempt})
    table = table.loc[keep, list(COLUMNS)].reset_index(drop=True)
    table["attempt"] = table["attempt"].astype("int64")
    table["timestamp"] = table["timestamp"].astype("datetime64[ns, UTC]")
    table["mode"] = pd.Categorical(table["mode"], categories=list(MODES))
    return Responses(table=table, problems=problems, source=source)


# ------------------------------------------------------------------------------------------- loaders
def _read_file(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise ResponseTableError(str(path), message=f"{path}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(path)
        if suffix in (".csv", ".txt"):
            return pd.read_csv(path, dtype={"learner": "str", "cohort": "str", "item": "str", "option": "str",
                                            "path": "str", "assignment": "str"}, keep_default_na=False,
                               na_values=[""])
    except (ValueError, OSError) as exc:
        raise ResponseTableError(str(path), message=f"{path}: cannot be read: {exc}") from exc
    raise ResponseTableError(str(path), message=f"{path}: unsupported file type {suffix!r} (use .csv or .parquet)")


def read_table(path: Path | str, *, strict: bool = True) -> Responses:
    """The tidy table stored as CSV or Parquet (row numbers in problems are data rows; CSV line = row + 1)."""
    path = Path(path)
    return validate(_read_file(path), str(path), strict=strict)


def read_grade_export(path: Path | str, *, strict: bool = True) -> Responses:
    """The per-item grade export (CSV/Parquet); rows whose ``status`` is not ``ok`` are reported, not used."""
    path = Path(path)
    frame = _read_file(path)
    return from_grade_export_frame(frame, str(path), strict=strict)


def from_grade_export_frame(frame: pd.DataFrame, source: str, *, strict: bool = True) -> Responses:
    """The tidy table from a grade-export data frame (see :func:`read_grade_export`)."""
    if "status" not in frame or "path" not in frame:
        raise ResponseTableError(source, message=f"{source}: not a grade export (needs 'status' and 'path')")
    rows = np.arange(1, len(frame) + 1)
    status = frame["status"].fillna("").astype("str").str.strip()
    bad_status = (status != "ok").to_numpy()
    skipped = _problems_for(bad_status, frame, rows, "status", source, "submission not usable; left out")
    frame = frame.rename(columns={"path": "option"}).loc[~bad_status]
    result = validate(frame.drop(columns=["status"]), source, strict=strict, row_numbers=rows[~bad_status])
    result.problems = sorted(skipped + result.problems, key=lambda p: p.row)
    return result


def read_events(url: str, *, strict: bool = True, entries: Mapping[str, str] | None = None) -> Responses:
    """Answers and reflections from the shared response-log table (any SQLAlchemy URL); see
    :func:`from_events_frame` for how items are named."""
    from sqlalchemy import create_engine, inspect, select
    from sqlalchemy.exc import SQLAlchemyError

    table = events_table()
    source = f"{url} (table {table.name})"
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            present = {c["name"] for c in inspect(conn).get_columns(table.name)}  # an older log may lack some
            columns = [c for c in table.columns if c.name in present]
            query = select(*columns).order_by(table.c.id if "id" in present else table.c.timestamp)
            frame = pd.read_sql(query, conn)
        engine.dispose()
    except (SQLAlchemyError, ValueError) as exc:
        raise ResponseTableError(source, message=f"{source}: cannot be read: {exc}") from exc
    return from_events_frame(frame, source, strict=strict, entries=entries)


def from_events_frame(frame: pd.DataFrame, source: str, *, strict: bool = True,
                      entries: Mapping[str, str] | None = None) -> Responses:
    """The tidy table (choices) and the reflections from an ``events`` data frame.

    The item of a choice is named by :func:`clientcraft.core.records.item_name`: its scenario for the entry
    step, ``scenario:step`` for a later step. ``entries`` (scenario -> entry step, from the curriculum) says
    which step is the entry; without it, the first step seen for a scenario is taken as its entry.
    """
    need = ("learner_id", "lesson", "scenario", "step", "option", "credit", "mode", "kind")
    missing = [c for c in need if c not in frame]
    if missing:
        raise ResponseTableError(source, message=f"{source}: not an events table; missing {', '.join(missing)}")
    rows = np.arange(1, len(frame) + 1) if "id" not in frame else frame["id"].to_numpy()
    kind = frame["kind"].astype("str")
    is_reflection = (kind == "reflection").to_numpy()
    reflections = pd.DataFrame({
        "learner": frame.loc[is_reflection, "learner_id"].astype("str"),
        "cohort": frame.loc[is_reflection, "cohort"].fillna("").astype("str") if "cohort" in frame else "",
        "lesson": frame.loc[is_reflection, "lesson"].astype("str"),
        "text": frame.loc[is_reflection, "text"].fillna("").astype("str") if "text" in frame else "",
        "timestamp": pd.to_datetime(frame.loc[is_reflection, "timestamp"], utc=True, errors="coerce")
        if "timestamp" in frame else pd.NaT,
    }).reset_index(drop=True)
    unknown = ~is_reflection & (kind != "choice").to_numpy()
    problems = _problems_for(unknown, frame, rows, "kind", source, "must be 'choice' or 'reflection'; left out")
    choices = frame.loc[~is_reflection & ~unknown]
    scenario = choices["scenario"].fillna("").astype("str")
    step = choices["step"].fillna("").astype("str")
    first_step = step.groupby(scenario).transform("first")
    if entries is not None:
        first_step = scenario.map(entries).fillna(first_step)
    item = scenario.where((step == "") | (step == first_step), scenario + ITEM_STEP_SEPARATOR + step)
    tidy = pd.DataFrame({
        "learner": choices["learner_id"], "cohort": choices.get("cohort"), "item": item.where(scenario != ""),
        "option": choices["option"], "credit": choices["credit"], "max_credit": choices.get("max_credit"),
        "attempt": choices.get("attempt"), "seconds": choices.get("seconds"), "timestamp": choices.get("timestamp"),
        "lesson": choices["lesson"], "recommendations": choices.get("recommendations"),
        "misconception": choices.get("misconception"), "mode": choices["mode"],
    })
    result = validate(tidy, source, strict=False, row_numbers=rows[~is_reflection & ~unknown])
    result.problems = sorted(problems + result.problems, key=lambda p: p.row)
    if strict and result.problems:
        raise ResponseTableError(source, result.problems)
    result.reflections = reflections
    return result


def gradebook_item(notebook: str, grade_id: str) -> str:
    """The item id of a grade cell: the scenario or prompt id for the generated assignments' cells
    (:func:`clientcraft.core.records.item_of_cell`), else ``notebook/grade_id``."""
    return item_of_cell(grade_id) or f"{notebook}/{grade_id}"


def read_gradebook(url: str, *, strict: bool = True) -> Responses:
    """Per-item scores from an nbgrader gradebook (SQLAlchemy URL of ``gradebook.db``); one item per grade cell.

    Items are named by :func:`gradebook_item`; cells with no score yet (neither autograded nor graded by hand)
    are reported and left out.
    """
    from nbgrader.api import Gradebook

    source = f"{url} (nbgrader gradebook)"
    records: list[dict[str, object]] = []
    try:
        with Gradebook(url) as gb:
            for assignment in gb.assignments:
                for sub in gb.assignment_submissions(assignment.name):
                    for nb in sub.notebooks:
                        for grade in nb.grades:
                            records.append({
                                "learner": sub.student.id, "assignment": assignment.name,
                                "item": gradebook_item(nb.name, grade.name), "credit": grade.score,
                                "max_credit": grade.max_score, "timestamp": sub.timestamp,
                                "graded": grade.auto_score is not None or grade.manual_score is not None,
                            })
    except Exception as exc:  # nbgrader raises several unrelated types for a bad database
        raise ResponseTableError(source, message=f"{source}: cannot be read: {exc}") from exc
    frame = pd.DataFrame.from_records(records, columns=["learner", "assignment", "item", "credit", "max_credit",
                                                        "timestamp", "graded"])
    rows = np.arange(1, len(frame) + 1)
    pending = ~frame["graded"].to_numpy(dtype=bool)
    problems = _problems_for(pending, frame, rows, "item", source, "not graded yet; left out")
    result = validate(frame.loc[~pending].drop(columns="graded").assign(mode="assessment"), source,
                      strict=False, row_numbers=rows[~pending])
    result.problems = sorted(problems + result.problems, key=lambda p: p.row)
    if strict and any(p.message != "not graded yet; left out" for p in result.problems):
        raise ResponseTableError(source, result.problems)
    return result


def load_responses(source: str | Path, *, strict: bool = True, entries: Mapping[str, str] | None = None) -> Responses:
    """Load any supported source: a SQLAlchemy URL (events table or nbgrader gradebook), or a CSV/Parquet file
    or http(s) URL of one (the grade export when it has ``status`` and ``path`` columns, an events dump when it
    has ``learner_id`` and ``kind``, else the tidy table). ``entries`` names each scenario's entry step for
    events (see :func:`from_events_frame`)."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        return _from_frame(_read_url(text), text, strict, entries)
    if "://" in text:
        from sqlalchemy import create_engine, inspect
        from sqlalchemy.exc import SQLAlchemyError

        try:
            engine = create_engine(text)
            tables = set(inspect(engine).get_table_names())
            engine.dispose()
        except (SQLAlchemyError, ValueError) as exc:
            raise ResponseTableError(text, message=f"{text}: cannot be opened: {exc}") from exc
        if events_table().name in tables:
            return read_events(text, strict=strict, entries=entries)
        if {"grade", "submitted_notebook"} <= tables:
            return read_gradebook(text, strict=strict)
        raise ResponseTableError(text, message=f"{text}: has neither an 'events' table nor an nbgrader gradebook "
                                               f"(tables: {', '.join(sorted(tables)) or 'none'})")
    return _from_frame(_read_file(Path(text)), text, strict, entries)


def _read_url(url: str) -> pd.DataFrame:
    """A CSV or Parquet file published at an http(s) URL."""
    try:
        if url.lower().split("?")[0].endswith((".parquet", ".pq")):
            return pd.read_parquet(url)
        return pd.read_csv(url, dtype={"learner": "str", "cohort": "str", "item": "str", "option": "str",
                                       "path": "str", "assignment": "str"}, keep_default_na=False, na_values=[""])
    except (ValueError, OSError) as exc:
        raise ResponseTableError(url, message=f"{url}: cannot be read: {exc}") from exc


def _from_frame(frame: pd.DataFrame, source: str, strict: bool,
                entries: Mapping[str, str] | None = None) -> Responses:
    """Recognise a grade export, an events dump or a tidy table by its columns."""
    if "status" in frame and "path" in frame:
        return from_grade_export_frame(frame, source, strict=strict)
    if "learner_id" in frame and "kind" in frame:
        return from_events_frame(frame, source, strict=strict, entries=entries)
    return validate(frame, source, strict=strict)


def first_attempts(table: pd.DataFrame) -> pd.DataFrame:
    """Each learner's first attempt at each item (lowest attempt, then earliest row)."""
    order = np.lexsort((np.arange(len(table)), table["attempt"].to_numpy()))
    ordered = table.iloc[order]
    return ordered.loc[~ordered.duplicated(["learner", "item"])].sort_index()
