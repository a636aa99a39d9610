"""The rule for a learner id that reaches the file system: a roster row, ``--learner``, an exchange folder name.

An id becomes a folder name in the course (``submitted/<id>/``), part of an nbgrader exchange entry
(``<id>+<assignment>+<time>``) and a gradebook key, so it is short and plain: 1 to 64 characters, letters,
digits, ``.``, ``_`` and ``-``, starting with a letter or digit (so never ``..``, never a leading ``-`` an
option parser or a spreadsheet could misread, never the exchange's ``+`` separator).
"""

from __future__ import annotations

import re

from .errors import ClientcraftError

MAX_LEARNER_ID = 64
"""Longest learner id accepted."""
LEARNER_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,%d}$" % (MAX_LEARNER_ID - 1))


class LearnerIdError(ClientcraftError, ValueError):
    """A learner id breaks the rule; ``where`` says where it came from (file and line, option, folder)."""

    def __init__(self, value: object, where: str):
        self.value, self.where = value, where
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        super().__init__(f"{where}: learner id {shown} {learner_id_problem(value)}")


def learner_id_problem(value: object) -> str:
    """Why ``value`` is not a usable learner id ('' when it is)."""
    if not isinstance(value, str) or not value:
        return "is empty"
    if len(value) > MAX_LEARNER_ID:
        return f"is {len(value)} characters long (at most {MAX_LEARNER_ID})"
    if not LEARNER_ID_RE.fullmatch(value):
        return "must start with a letter or digit and hold only letters, digits, '.', '_' or '-'"
    return ""


def is_learner_id(value: object) -> bool:
    """True when ``value`` is a usable learner id."""
    return not learner_id_problem(value)


def check_learner_id(value: object, where: str) -> str:
    """Return ``value`` when it is a usable learner id; raise :class:`LearnerIdError` naming ``where``."""
    if learner_id_problem(value):
        raise LearnerIdError(value, where)
    return value  # type: ignore[return-value]
