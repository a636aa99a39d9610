"""Typed exceptions that carry the context a user needs to fix the problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ClientcraftError(Exception):
    """Base class of every error clientcraft raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in the content: which file, which item, which field, and what is wrong."""

    file: str
    item: str
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.item:
            where += f": {self.item}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"


class ContentError(ClientcraftError):
    """The curriculum content is malformed or inconsistent; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) in the curriculum content"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class ContentNotFoundError(ClientcraftError):
    """The content directory (or the assessment content in it) is not where it was looked for."""

    def __init__(self, path: Path | str, what: str = "curriculum content"):
        self.path = Path(path)
        super().__init__(
            f"{what} not found at {self.path}. Set CLIENTCRAFT_CONTENT to the folder 'data/curriculum' of a "
            "clientcraft checkout, or pass --content."
        )


class UnknownItemError(ClientcraftError, KeyError):
    """An id that the curriculum does not define was asked for."""

    def __init__(self, kind: str, item_id: str):
        self.kind = kind
        self.item_id = item_id
        super().__init__(f"unknown {kind} {item_id!r}")

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable
        return f"unknown {self.kind} {self.item_id!r}"


class BuildDriftError(ClientcraftError):
    """Committed generated files differ from what the content produces."""

    def __init__(self, drifted: list[str]):
        self.drifted = list(drifted)
        super().__init__(
            f"{len(self.drifted)} generated file(s) differ from the content; run 'clientcraft build':\n"
            + "\n".join(f"  {d}" for d in self.drifted)
        )


class KeyFormatError(ClientcraftError):
    """An answer key (a key file, or a key embedded in a hidden test) is malformed."""

    def __init__(self, where: str, reason: str):
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}")
