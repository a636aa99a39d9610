"""Errors of the hub recipe, each naming the setting, file, user or database that needs attention."""

from __future__ import annotations

from clientcraft.core.errors import ClientcraftError


class HubError(ClientcraftError):
    """The hub course cannot be set up or a server cannot be prepared; ``what`` names the setting or user."""

    def __init__(self, what: str, message: str):
        self.what, self.problem = what, message
        super().__init__(f"{what}: {message}")

    def __reduce__(self):
        return (type(self), (self.what, self.problem))


class LogDatabaseError(HubError):
    """The course's log database could not be created or an account in it could not be made."""
