"""Contracts as code: the records and names the parts of clientcraft exchange, defined once.

* **Events**: one row of the response log (:class:`Event`, the ``events`` table of :func:`events_table`,
  :data:`EVENT_COLUMNS`). The learner widgets write them; the workshop view, progress and analytics read them;
  the simulator writes them too, through the same table.
* **Grade export**: the per-item rows ``clientcraft course export`` writes (:data:`GRADE_EXPORT_COLUMNS`), read by
  the analytics.
* **Tidy table**: the analytics' one-row-per-answer table (:data:`TIDY_COLUMNS`) and its reflections
  (:data:`REFLECTION_COLUMNS`).
* **Grade cells**: the nbgrader grade ids of an assignment's graded cells (:func:`score_cell_id`,
  :func:`written_cell_id`, and the inverse :func:`item_of_cell`).
* **Path text**: the options chosen along a branching item as one text (:func:`path_text`, :func:`parse_path`).
* **Item names**: an answer's item is its scenario for the entry step, ``scenario:step`` for a later step
  (:func:`item_name`, :func:`split_item`), or the written prompt's id.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy import Table

# ------------------------------------------------------------------------------------------------ events
EVENT_SCHEMA_VERSION = 1
"""Version of the event row format; stored with every event."""

EVENTS_TABLE = "events"
"""Name of the response log's table."""


class Event(BaseModel):
    """One answer (``kind='choice'``) or reflection (``kind='reflection'``) by one learner."""

    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex, pattern=r"^[0-9a-f]{32}$")
    learner_id: str = Field(min_length=1, max_length=200)
    cohort: str = ""
    lesson: str = Field(min_length=1)
    scenario: str | None = None
    step: str | None = None
    option: str | None = None
    credit: float | None = Field(default=None, ge=0, le=1)
    max_credit: float = 1.0
    attempt: int = Field(default=1, ge=1)
    seconds: float | None = Field(default=None, ge=0)
    timestamp: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    mode: Literal["practice", "assessment", "reflection"]
    language: str = "en"
    kind: Literal["choice", "reflection"]
    text: str | None = None
    misconception: str | None = None
    recommendations: str = ""
    schema_version: int = EVENT_SCHEMA_VERSION

    @field_validator("timestamp")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

    @field_validator("recommendations", mode="before")
    @classmethod
    def _join(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return " ".join(value)
        return value

    def row(self) -> dict[str, Any]:
        """The event as a row of the events table (UTC timestamp)."""
        row = self.model_dump()
        row["timestamp"] = row["timestamp"].astimezone(timezone.utc)
        return row


EVENT_COLUMNS: tuple[str, ...] = ("id", *Event.model_fields)
"""Columns of the events table, in order: a database row id, then the fields of :class:`Event`."""


@lru_cache(maxsize=1)
def events_table() -> "Table":
    """The ``events`` table as SQLAlchemy Core (its ``metadata`` creates it); built on first use."""
    from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, Text

    table = Table(
        EVENTS_TABLE,
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(32), nullable=False, unique=True),
        Column("learner_id", Text, nullable=False, index=True),
        Column("cohort", Text, nullable=False, default=""),
        Column("lesson", Text, nullable=False),
        Column("scenario", Text, nullable=True, index=True),
        Column("step", Text, nullable=True),
        Column("option", Text, nullable=True),
        Column("credit", Float, nullable=True),
        Column("max_credit", Float, nullable=False, default=1.0),
        Column("attempt", Integer, nullable=False, default=1),
        Column("seconds", Float, nullable=True),
        Column("timestamp", DateTime(timezone=True), nullable=False),
        Column("mode", String(16), nullable=False),
        Column("language", String(8), nullable=False, default="en"),
        Column("kind", String(16), nullable=False),
        Column("text", Text, nullable=True),
        Column("misconception", Text, nullable=True),
        Column("recommendations", Text, nullable=False, default=""),
        Column("schema_version", Integer, nullable=False, default=EVENT_SCHEMA_VERSION),
    )
    if tuple(c.name for c in table.columns) != EVENT_COLUMNS:  # pragma: no cover - a contract edited in one place
        raise RuntimeError("the events table and the Event model name different columns")
    return table


# ------------------------------------------------------------------------------------------------ exports
GRADE_EXPORT_COLUMNS: tuple[str, ...] = (
    "learner", "cohort", "assignment", "item", "path", "credit", "max_credit", "lesson", "recommendations",
    "misconception", "mode", "timestamp", "status",
)
"""Columns of the per-item grade export (CSV/Parquet): ``path`` is path text, ``status`` is ``ok`` or the
reason codes of a bad submission joined by ``;``."""

TIDY_COLUMNS: tuple[str, ...] = (
    "learner", "cohort", "assignment", "item", "option", "credit", "max_credit", "attempt", "seconds",
    "timestamp", "lesson", "recommendations", "misconception", "mode",
)
"""Columns of the analytics' tidy table, in order (``option`` holds path text for a branching item)."""

TIDY_MODES: tuple[str, ...] = ("practice", "assessment")
"""Values of the tidy table's ``mode`` column (reflections are kept apart)."""

REFLECTION_COLUMNS: tuple[str, ...] = ("learner", "cohort", "lesson", "text", "timestamp")
"""Columns of the reflections that accompany the tidy table."""

# ------------------------------------------------------------------------------------------------ grade cells
SCORE_CELL_PREFIX = "score-"
"""Grade id prefix of a scenario item's autograded test cell."""
WRITTEN_CELL_PREFIX = "written-"
"""Grade id prefix of a written prompt's manually graded answer cell."""
GRADE_CELL_PREFIXES = (SCORE_CELL_PREFIX, WRITTEN_CELL_PREFIX)


def score_cell_id(item_id: str) -> str:
    """nbgrader grade id of a scenario item's autograded test cell."""
    return f"{SCORE_CELL_PREFIX}{item_id}"


def written_cell_id(prompt_id: str) -> str:
    """nbgrader grade id of a written prompt's manually graded answer cell."""
    return f"{WRITTEN_CELL_PREFIX}{prompt_id}"


def item_of_cell(grade_id: str) -> str | None:
    """The item id a generated grade cell belongs to (the inverse of the two helpers above), else None."""
    for prefix in GRADE_CELL_PREFIXES:
        if grade_id.startswith(prefix) and len(grade_id) > len(prefix):
            return grade_id[len(prefix):]
    return None


# ------------------------------------------------------------------------------------------------ path text
PATH_SEPARATOR = ">"
"""Separates the chosen option ids of a branching item in path text (``a>c``)."""


def path_text(options: Sequence[str]) -> str:
    """The chosen option ids along a path, as one text (``["a", "c"]`` -> ``"a>c"``)."""
    return PATH_SEPARATOR.join(options)


def parse_path(text: str | None) -> list[str]:
    """The option ids of a path text (the inverse of :func:`path_text`; empty text is an empty path)."""
    return [part.strip() for part in (text or "").split(PATH_SEPARATOR) if part.strip()]


# ------------------------------------------------------------------------------------------------ item names
ITEM_STEP_SEPARATOR = ":"
"""Separates a scenario id from a later step's id in an item name (``scenario:step``)."""


def item_name(scenario: str, step: str | None = None, entry: str | None = None) -> str:
    """The item of an answer at ``step`` of ``scenario``: the scenario itself for its entry step (or when the
    step is not known), ``scenario:step`` for a later step."""
    if step is None or step == "" or step == entry:
        return scenario
    return f"{scenario}{ITEM_STEP_SEPARATOR}{step}"


def split_item(item: str) -> tuple[str, str | None]:
    """The scenario (or prompt) and the later step an item names (None for an entry step or a prompt)."""
    scenario, sep, step = item.partition(ITEM_STEP_SEPARATOR)
    return scenario, (step or None) if sep else None
