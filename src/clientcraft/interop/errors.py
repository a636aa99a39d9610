"""Typed errors of the interoperability exports and the LRS client."""

from __future__ import annotations

from ..core.errors import ClientcraftError


class InteropError(ClientcraftError):
    """An export or transfer to another system failed; the message names what and where."""


class StatementError(InteropError):
    """A statement is not a valid clientcraft xAPI statement; ``where`` names it, ``field`` the bad field."""

    def __init__(self, where: str, field: str, message: str):
        self.where = where
        self.field = field
        self.problem = message
        super().__init__(f"{where}: field {field!r}: {message}")

    def __reduce__(self):
        return (type(self), (self.where, self.field, self.problem))


class LRSError(InteropError):
    """The learning record store refused or did not answer a request; ``url`` and ``status`` say which."""

    def __init__(self, url: str, message: str, status: int | None = None):
        self.url = url
        self.status = status
        self.detail = message
        code = f" (HTTP {status})" if status is not None else ""
        super().__init__(f"LRS {url}{code}: {message}")

    def __reduce__(self):
        return (type(self), (self.url, self.detail, self.status))


class ExportError(InteropError):
    """An item bank or grade file could not be written; ``target`` names the file."""

    def __init__(self, target: str, message: str):
        self.target = target
        self.detail = message
        super().__init__(f"{target}: {message}")

    def __reduce__(self):
        return (type(self), (self.target, self.detail))
