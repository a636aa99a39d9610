"""The answers file: a learner's choices, saved durably inside the assignment folder.

nbgrader's submit and collect carry every file of the assignment folder, and autograde copies the
submitted files beside the notebook it runs, so the hidden tests read the same file the widgets wrote.
Every save rewrites the whole file atomically (temporary file, fsync, rename): a crash leaves the previous
complete version, never half a file.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from clientcraft.core.atomic import write_text_atomic
from clientcraft.grading.errors import AnswersFileError

ANSWERS_FILE = "answers.json"
"""Name of the answers file in the assignment folder."""
FORMAT = "clientcraft-answers"
VERSION = 1


class Choice(BaseModel):
    """One click: which option was chosen at which step of which item, and when."""

    model_config = ConfigDict(extra="forbid")
    item: str
    step: str
    option: str
    at: datetime


class Answers(BaseModel):
    """The content of an answers file."""

    model_config = ConfigDict(extra="forbid")
    format: str = FORMAT
    version: int = VERSION
    assignment: str = ""
    items: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Latest choice per item and step."""
    history: list[Choice] = Field(default_factory=list)
    """Every choice in the order made (changes of mind included)."""

    def choices(self, item: str) -> dict[str, Any]:
        """The latest choice at each step of ``item`` (empty when unanswered)."""
        return dict(self.items.get(item, {}))

    def record(self, item: str, step: str, option: str, at: datetime | None = None) -> None:
        """Set the choice at one step of one item and append it to the history."""
        at = at or datetime.now(timezone.utc)
        self.items.setdefault(item, {})[step] = option
        self.history.append(Choice(item=item, step=step, option=option, at=at))


def answers_path(folder: Path | str | None = None) -> Path:
    """The answers file of the assignment folder ``folder`` (default: the current directory)."""
    return Path(folder if folder is not None else os.getcwd()) / ANSWERS_FILE


def load_answers(path: Path | str) -> Answers:
    """Read and validate an answers file; raise :class:`AnswersFileError` with a reason code."""
    path = Path(path)
    if not path.is_file():
        raise AnswersFileError(path, "no answers file (no answer was saved)", "missing-answers")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise AnswersFileError(path, f"not valid JSON ({exc})", "invalid-answers-json") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswersFileError(path, f"not a clientcraft answers file (format is not {FORMAT!r})", "invalid-answers")
    if data.get("version") != VERSION:
        raise AnswersFileError(path, f"answers file version {data.get('version')!r}; expected {VERSION}",
                               "invalid-answers")
    try:
        return Answers.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise AnswersFileError(path, f"field {where}: {first['msg']}", "invalid-answers") from None


def save_answers(path: Path | str, answers: Answers) -> None:
    """Write ``answers`` to ``path`` atomically."""
    path = Path(path)
    text = json.dumps(answers.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"
    write_text_atomic(path, text)


# ------------------------------------------------------------------------------------------ kernel state
_in_memory: Answers | None = None


def use_in_memory(items: dict[str, dict[str, str]] | None) -> None:
    """Grade this kernel from ``items`` instead of the answers file (instructor solution versions only).

    ``None`` switches back to the file.
    """
    global _in_memory
    _in_memory = None if items is None else Answers(items={k: dict(v) for k, v in items.items()})


def current_answers(folder: Path | str | None = None) -> Answers:
    """The answers this kernel grades: the in-memory set when one is in use, else the folder's file."""
    if _in_memory is not None:
        return _in_memory
    return load_answers(answers_path(folder))
