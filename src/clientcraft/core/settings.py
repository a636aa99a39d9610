"""Settings: every value clientcraft takes from the environment, and where things live, read in one place.

Each function reads the environment when it is called (never at import), so a test or a notebook that sets a
variable sees it at once.

=============================  ==========================================================================
``CLIENTCRAFT_CONTENT``        the content folder (:func:`content_dir`)
``CLIENTCRAFT_LOG_URL``        the response log's SQLAlchemy URL (:func:`log_url`)
``CLIENTCRAFT_LOG``            the response log's SQLite file when no URL is set (:func:`log_path`)
``CLIENTCRAFT_LEARNER``        the learner id (:func:`learner_from_env`)
``JUPYTERHUB_USER``            the learner id on JupyterHub, when ``CLIENTCRAFT_LEARNER`` is not set
``CLIENTCRAFT_COHORT``         the learner's cohort (:func:`cohort_from_env`)
``CLIENTCRAFT_CONFIG_DIR``     the folder of the names browsers gave (``browsers/``; :func:`config_dir`)
``CLIENTCRAFT_CACHE_DIR``      the folder of rebuildable files: the app's notebooks, compiled templates, content
                               snapshots for lesson kernels (:func:`cache_dir`)
``NBGRADER_EXECUTION``         set by nbgrader while it validates or autogrades (:func:`nbgrader_execution`)
``CLIENTCRAFT_LANG``           the learner's language in JupyterLab or JupyterHub (:func:`language_from_env`)
``QUERY_STRING``, ``SCRIPT_NAME``  set by Voila in an app kernel: the page's URL query and path
                               (:func:`app_page`)
=============================  ==========================================================================
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

CONTENT_ENV = "CLIENTCRAFT_CONTENT"
LOG_URL_ENV = "CLIENTCRAFT_LOG_URL"
LOG_PATH_ENV = "CLIENTCRAFT_LOG"
LEARNER_ENV = "CLIENTCRAFT_LEARNER"
HUB_USER_ENV = "JUPYTERHUB_USER"
COHORT_ENV = "CLIENTCRAFT_COHORT"
CONFIG_DIR_ENV = "CLIENTCRAFT_CONFIG_DIR"
CACHE_DIR_ENV = "CLIENTCRAFT_CACHE_DIR"
NBGRADER_ENV = "NBGRADER_EXECUTION"
LANG_ENV = "CLIENTCRAFT_LANG"
ROSTER_ENV = "CLIENTCRAFT_ROSTER"
"""A roster CSV whose ids the workshop view expects to answer (set by a course hub for instructors)."""
APP_NAME = "clientcraft"


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


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
    env = _env(CONTENT_ENV)
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


def seeds_dir() -> Path:
    """The source documents: ``../shared/seeds`` beside the checkout (``shared/seeds`` when installed)."""
    root = repo_root()
    return (root.parent / "shared" / "seeds") if root else Path("shared/seeds")


def log_path() -> Path:
    """The SQLite file of the response log when no URL is set: ``$CLIENTCRAFT_LOG`` or the per-user data folder."""
    env = _env(LOG_PATH_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "responses.sqlite"


def log_url() -> str:
    """The response log's SQLAlchemy URL: ``$CLIENTCRAFT_LOG_URL``, else the SQLite file of :func:`log_path`."""
    return _env(LOG_URL_ENV) or sqlite_url(log_path())


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def config_dir() -> Path:
    """Folder of the names browsers gave (``browsers/``): ``$CLIENTCRAFT_CONFIG_DIR``, else the SQLite log's folder."""
    env = _env(CONFIG_DIR_ENV)
    return Path(env).expanduser() if env else log_path().parent


def learner_from_env() -> tuple[str, str] | None:
    """The learner id set in the environment and where it came from (``env`` or ``hub``), or None."""
    for name, source in ((LEARNER_ENV, "env"), (HUB_USER_ENV, "hub")):
        value = _env(name)
        if value:
            return value, source
    return None


def cohort_from_env() -> str:
    """The cohort set in the environment ('' when none)."""
    return _env(COHORT_ENV)


def cache_dir() -> Path:
    """Folder of files clientcraft can always rebuild: ``$CLIENTCRAFT_CACHE_DIR``, else the per-user cache folder."""
    env = _env(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def app_dir() -> Path:
    """Folder the app (Voila) serves its notebooks from (rewritten at each start)."""
    return cache_dir() / "app"


def nbgrader_execution() -> str:
    """What nbgrader is doing in this kernel (``validate``, ``autograde``, ...), or '' outside nbgrader."""
    return _env(NBGRADER_ENV)


def language_from_env() -> str:
    """The language set in the environment (``en``, ``id``, ``nb``, ``tl`` or ``de``; '' when none).

    Raises :class:`~clientcraft.core.languages.LanguageError` naming the variable when it holds another value.
    """
    from .languages import normalize_language

    value = _env(LANG_ENV)
    return normalize_language(value, LANG_ENV) if value else ""


def app_page() -> tuple[str, str]:
    """In an app (Voila) kernel: the page's URL query (``lang=id``) and the notebook's file name; ('', '') elsewhere."""
    return _env("QUERY_STRING"), _env("SCRIPT_NAME").rsplit("/", 1)[-1]
