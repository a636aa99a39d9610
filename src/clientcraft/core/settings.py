"""Where things live: the content folder, the project root, and per-user data."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

CONTENT_ENV = "CLIENTCRAFT_CONTENT"


def repo_root() -> Path | None:
    """The clientcraft checkout this package runs from, or None when installed as a wheel."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data" / "curriculum").is_dir():
            return parent
    return None


def content_dir() -> Path:
    """The curriculum content folder.

    Order: ``$CLIENTCRAFT_CONTENT``; the checkout's ``data/curriculum``; the learner-safe copy shipped in
    the wheel (which has no graded assessment content).
    """
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env).expanduser().resolve()
    root = repo_root()
    if root is not None:
        return root / "data" / "curriculum"
    return Path(str(resources.files("clientcraft") / "_content"))


def learner_lab_settings() -> Path:
    """The learner JupyterLab settings folder (``etc/jupyter-learner``: nbgrader's staff panels hidden)."""
    root = repo_root()
    if root is not None and (root / "etc" / "jupyter-learner").is_dir():
        return root / "etc" / "jupyter-learner"
    return Path(str(resources.files("clientcraft") / "_etc" / "jupyter-learner"))
