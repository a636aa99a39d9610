"""Lazy access to the configured response log for widgets and views (importing SQLAlchemy only on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .responselog import ResponseLog


class UsesResponseLog:
    """Mixin: ``self.log`` is the log passed in as ``self._log``, else the configured log, opened on first use."""

    _log: "ResponseLog | None" = None

    @property
    def log(self) -> "ResponseLog":
        """The response log (opened on first use)."""
        if self._log is None:
            from .responselog import get_log

            self._log = get_log()
        return self._log
