"""Typed errors of the grading area, each carrying the file, item or field that needs fixing."""

from __future__ import annotations

from pathlib import Path

from clientcraft.core.errors import ClientcraftError


class GradingError(ClientcraftError):
    """Base class of the grading errors."""


class AnswersFileError(GradingError):
    """An answers file cannot be read or does not have the expected shape."""

    def __init__(self, path: Path | str, reason: str, code: str = "invalid-answers"):
        self.path = Path(path)
        self.reason = reason
        self.code = code
        super().__init__(f"{self.path}: {reason}")


class AnswerError(GradingError):
    """A choice that the item does not allow (unknown item, step or option)."""

    def __init__(self, item: str, step: str | None, option: str | None, reason: str):
        self.item, self.step, self.option, self.reason = item, step, option, reason
        where = f"item {item!r}" + (f", step {step!r}" if step else "") + (f", option {option!r}" if option else "")
        super().__init__(f"{where}: {reason}")


class CourseError(GradingError):
    """A course-directory operation failed; ``step`` names the nbgrader step, ``log`` holds its output."""

    def __init__(self, step: str, message: str, log: str = ""):
        self.step, self.log = step, log
        super().__init__(f"{step}: {message}" + (f"\n{log.strip()}" if log.strip() else ""))


class RosterError(GradingError):
    """The roster CSV is missing, unreadable, or has bad rows."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path, self.problems = Path(path), list(problems)
        super().__init__(f"{self.path}: " + "; ".join(self.problems))
