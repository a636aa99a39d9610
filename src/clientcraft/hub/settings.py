"""The hub course's settings: one JSON file in the hub folder, written by ``clientcraft hub init``.

The generated ``jupyterhub_config.py`` and the spawn hooks read it; nothing secret is in it (the log's admin
URL and the trial password are files under ``secrets/``, readable by the hub's account only).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import HubError

SETTINGS_FILE = "clientcraft-hub.json"
SECRETS_DIR = "secrets"
ADMIN_URL_FILE = "log-admin-url"
PASSWORD_FILE = "shared-password"
SETTINGS_VERSION = 1


@dataclass
class HubSettings:
    """What the hub needs to run the course (paths are absolute)."""

    root: str
    course_id: str
    database: str
    learners: dict[str, str] = field(default_factory=dict)
    """Hub name of each learner, with their cohort ('' for none)."""
    instructors: list[str] = field(default_factory=list)
    grader: str = ""
    """The instructor whose account owns the nbgrader course folder (the first instructor)."""
    create_system_users: bool = True
    version: int = SETTINGS_VERSION

    # -- the folder layout -----------------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return Path(self.root)

    @property
    def lessons(self) -> Path:
        """Lesson notebooks, copied into each learner's home when their server starts."""
        return self.folder / "lessons"

    @property
    def course(self) -> Path:
        """The nbgrader course folder (the grader's server root: formgrader and workshop notebook)."""
        return self.folder / "course"

    @property
    def exchange(self) -> Path:
        """The nbgrader exchange shared by the course's accounts (inside the course folder, which others may
        only pass through)."""
        return self.course / "exchange"

    def jupyter_config(self, role: str) -> Path:
        """The Jupyter configuration folder of ``role`` ('learner' or 'instructor')."""
        return self.folder / "etc" / role

    @property
    def roster(self) -> Path:
        return self.folder / "roster.csv"

    @property
    def secrets(self) -> Path:
        return self.folder / SECRETS_DIR

    def admin_url(self) -> str:
        """The log database's admin URL (read from ``secrets/log-admin-url``)."""
        path = self.secrets / ADMIN_URL_FILE
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise HubError(str(path), f"cannot read the log admin URL ({exc}); run 'clientcraft hub init'") from None

    # -- who is who ----------------------------------------------------------------------------------
    def role_of(self, user: str) -> str:
        """'instructor' or 'learner'; a HubError for anybody else."""
        if user in self.instructors:
            return "instructor"
        if user in self.learners:
            return "learner"
        raise HubError(f"user {user}", "is neither a learner nor an instructor of this course")

    @property
    def cohorts(self) -> list[str]:
        return sorted({c for c in self.learners.values() if c})

    # -- file ----------------------------------------------------------------------------------------
    def save(self) -> Path:
        path = self.folder / SETTINGS_FILE
        path.write_text(json.dumps(asdict(self), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path | str) -> "HubSettings":
        path = Path(path)
        if path.is_dir():
            path = path / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise HubError(str(path), f"cannot read the hub settings ({exc}); run 'clientcraft hub init'") from None
        if not isinstance(data, dict) or data.get("version") != SETTINGS_VERSION:
            raise HubError(str(path), f"not hub settings of version {SETTINGS_VERSION}; run 'clientcraft hub init'")
        try:
            return cls(**data)
        except TypeError as exc:
            raise HubError(str(path), f"unexpected settings ({exc}); run 'clientcraft hub init'") from None
