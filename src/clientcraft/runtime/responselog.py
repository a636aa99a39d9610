"""The response log: every learner answer and reflection as one durable event row.

The log is the SQLAlchemy Core table ``events`` of :mod:`clientcraft.core.records` in any database
SQLAlchemy reaches. By default it is an SQLite file in the per-user data folder; ``CLIENTCRAFT_LOG_URL`` (any
SQLAlchemy URL, e.g. a workshop's shared PostgreSQL) or ``CLIENTCRAFT_LOG`` (a file path) override it (see
:func:`clientcraft.core.settings.log_url`).

Writes are one transaction per event, idempotent on ``event_id`` (a retried write never duplicates), and
retried while SQLite reports the database as locked. SQLite files run in WAL mode, so a killed kernel loses
at most the event being written and concurrent writers never lose each other's events.
"""

from __future__ import annotations

import random
import time
from datetime import timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.records import EVENT_COLUMNS, Event, events_table
from clientcraft.core.settings import log_url


# ------------------------------------------------------------------------------------------------ errors
class ResponseLogError(ClientcraftError):
    """The response log could not be opened, written or read; ``location`` names the database."""

    def __init__(self, location: str, message: str):
        self.location = location
        self.detail = message
        super().__init__(f"response log {location}: {message}")

    def __reduce__(self):  # keep the context when crossing process boundaries
        return (type(self), (self.location, self.detail))


class InvalidEventError(ResponseLogError):
    """An event is missing a field or has a value the log does not accept; ``field`` names it."""

    def __init__(self, location: str, field: str, message: str):
        self.field = field
        self.problem = message
        super().__init__(location, f"event field {field!r}: {message}")

    def __reduce__(self):
        return (type(self), (self.location, self.field, self.problem))


# ------------------------------------------------------------------------------------------------ location
def _display(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _is_locked(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database table is locked" in text


# ------------------------------------------------------------------------------------------------ the log
class ResponseLog:
    """A connection to one response log database; create it once per process and reuse it."""

    def __init__(self, url: str | None = None, *, busy_timeout_ms: int = 30_000, max_retries: int = 50):
        self.url = url or log_url()
        self.location = _display(self.url)
        self.max_retries = max_retries
        try:
            parsed = make_url(self.url)
            if parsed.get_backend_name() == "sqlite":
                db = parsed.database or ""
                if db and db != ":memory:" and not db.startswith("file:"):
                    Path(db).parent.mkdir(parents=True, exist_ok=True)
                self.engine: Engine = create_engine(
                    self.url, connect_args={"timeout": busy_timeout_ms / 1000}, pool_pre_ping=False
                )
                event.listen(self.engine, "connect", _sqlite_pragmas(busy_timeout_ms))
            else:
                self.engine = create_engine(self.url, pool_pre_ping=True)
            self._create_table()
        except (SQLAlchemyError, ArgumentError, OSError, ModuleNotFoundError) as exc:
            raise ResponseLogError(self.location, f"cannot open: {exc}") from exc

    def _create_table(self) -> None:
        for attempt in range(self.max_retries):
            try:
                events_table().metadata.create_all(self.engine, checkfirst=True)
                return
            except (OperationalError, ProgrammingError, IntegrityError) as exc:
                message = str(exc.orig).lower()
                if "already exists" in message or "duplicate" in message:
                    continue  # another process created it at the same moment: check again
                if not _is_locked(exc) or attempt == self.max_retries - 1:
                    raise
                _backoff(attempt)

    # -- writing -------------------------------------------------------------------------------------
    def record(self, ev: Event | dict[str, Any]) -> bool:
        """Store one event in its own transaction; False when an event with this ``event_id`` is already stored."""
        row = self._row(ev)
        for attempt in range(self.max_retries):
            try:
                with self.engine.begin() as conn:
                    conn.execute(events_table().insert(), row)
                return True
            except IntegrityError as exc:
                if self._exists(row["event_id"]):
                    return False
                raise ResponseLogError(self.location, f"event {row['event_id']} rejected: {exc.orig}") from exc
            except OperationalError as exc:
                if _is_locked(exc) and attempt < self.max_retries - 1:
                    _backoff(attempt)
                    continue
                raise ResponseLogError(self.location, f"cannot write event {row['event_id']}: {exc.orig}") from exc
            except DBAPIError as exc:  # e.g. a value the server refuses (NUL in text, too long for its column)
                raise ResponseLogError(self.location, f"event {row['event_id']} rejected: {exc.orig}") from exc
        raise ResponseLogError(self.location, "still locked after retries")  # pragma: no cover - loop returns

    def _row(self, ev: Event | dict[str, Any]) -> dict[str, Any]:
        if isinstance(ev, dict):
            try:
                ev = Event.model_validate(ev)
            except ValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(p) for p in err["loc"]) or "?"
                raise InvalidEventError(self.location, field, err["msg"]) from exc
        return ev.row()

    def _exists(self, event_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(events_table()).where(events_table().c.event_id == event_id)
            ).scalar_one() > 0

    # -- reading -------------------------------------------------------------------------------------
    def rows(self, **where: Any) -> list[dict[str, Any]]:
        """Events (as dicts, oldest first) whose columns equal the given values, e.g. ``rows(learner_id="ana")``."""
        table = events_table()
        stmt = self._where(select(table).order_by(table.c.timestamp, table.c.id), where)
        try:
            with self.engine.connect() as conn:
                out = [dict(r._mapping) for r in conn.execute(stmt)]
        except SQLAlchemyError as exc:
            raise ResponseLogError(self.location, f"cannot read: {exc}") from exc
        for r in out:
            ts = r["timestamp"]
            if ts is None:
                continue
            if ts.tzinfo is None:  # SQLite drops the zone; every stored time is UTC
                r["timestamp"] = ts.replace(tzinfo=timezone.utc)
            else:  # PostgreSQL answers in the session's time zone, whatever the server is set to
                r["timestamp"] = ts.astimezone(timezone.utc)
        return out

    def count(self, **where: Any) -> int:
        """Number of events matching ``where`` (same form as :meth:`rows`)."""
        stmt = self._where(select(func.count()).select_from(events_table()), where)
        try:
            with self.engine.connect() as conn:
                return int(conn.execute(stmt).scalar_one())
        except SQLAlchemyError as exc:
            raise ResponseLogError(self.location, f"cannot read: {exc}") from exc

    def _where(self, stmt, where: dict[str, Any]):
        for name, value in where.items():
            if name not in events_table().c:
                raise InvalidEventError(self.location, name, "no such column")
            col = events_table().c[name]
            stmt = stmt.where(col.is_(None) if value is None else col == value)
        return stmt

    def next_attempt(self, learner_id: str, scenario: str, step: str) -> int:
        """The 1-based attempt number the learner's next answer at this scenario step gets."""
        return self.count(learner_id=learner_id, scenario=scenario, step=step, kind="choice") + 1

    def frame(self, **where: Any):
        """Events as a pandas DataFrame with exactly the table's columns (UTC timestamps)."""
        import pandas as pd

        df = pd.DataFrame(self.rows(**where), columns=list(EVENT_COLUMNS))
        df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
        return df

    def summary(self) -> dict[str, int]:
        """How many events, learners and cohorts the log holds."""
        df = self.frame()
        return {"events": len(df), "learners": int(df["learner_id"].nunique()),
                "cohorts": int(df.loc[df["cohort"] != "", "cohort"].nunique())}

    def export(self, path: Path | str, fmt: str | None = None, **where: Any) -> Path:
        """Write the events to ``path`` as CSV or Parquet (chosen by ``fmt`` or the file suffix)."""
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".")).lower()
        if fmt not in ("csv", "parquet"):
            raise ResponseLogError(self.location, f"cannot export to {path}: format must be csv or parquet")
        from clientcraft.core.tabular import write_csv  # pandas, imported when exporting: widgets never need it

        df = self.frame(**where)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            write_csv(df, path)
        else:
            df.to_parquet(path, index=False)
        return path

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"ResponseLog({self.location!r})"


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        for attempt in range(50):
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except Exception as exc:  # the first writer may hold the lock while switching mode
                if "locked" not in str(exc).lower() or attempt == 49:
                    raise
                _backoff(attempt)
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return on_connect


def _backoff(attempt: int) -> None:
    time.sleep(min(0.5, 0.005 * (2 ** min(attempt, 7))) * (0.5 + random.random()))


_shared: dict[str, ResponseLog] = {}


def get_log(url: str | None = None) -> ResponseLog:
    """The process-wide :class:`ResponseLog` for ``url`` (default: :func:`default_log_url`, read at each call)."""
    url = url or log_url()
    log = _shared.get(url)
    if log is None:
        log = _shared[url] = ResponseLog(url)
    return log

