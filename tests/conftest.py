"""Shared fixtures: paths to the repo, the shared folder, and a mutable copy of the fixture content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from clientcraft.core.loader import load_curriculum
from clientcraft.rendering.assignments import render_assignments
from clientcraft.rendering.cells import dumps

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLIENTCRAFT_SHARED", REPO.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_CONTENT = FIXTURES / "content"


@pytest.fixture(autouse=True)
def user_log(tmp_path_factory, monkeypatch) -> Path:
    """Each test gets its own response log and config folder, so none touches a real learner's data.

    Yields the log's path; the config folder (browser identities) is ``config`` beside it. Folders that need a
    particular learner or cohort set ``CLIENTCRAFT_LEARNER``/``CLIENTCRAFT_COHORT`` on top of this.
    """
    home = tmp_path_factory.mktemp("user")
    monkeypatch.delenv("CLIENTCRAFT_LOG_URL", raising=False)
    monkeypatch.setenv("CLIENTCRAFT_LOG", str(home / "responses.sqlite"))
    monkeypatch.setenv("CLIENTCRAFT_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "test-learner")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("CLIENTCRAFT_LANG", raising=False)
    yield home / "responses.sqlite"
    _forget_kernel_identity()


def _forget_kernel_identity() -> None:
    """Drop the browser identity a test gave this process (the identity widget too, if it was loaded)."""
    import sys

    if "clientcraft.runtime.widgets.identity" in sys.modules:
        sys.modules["clientcraft.runtime.widgets.identity"].reset_identity_widget()
    elif "clientcraft.runtime.identity" in sys.modules:
        sys.modules["clientcraft.runtime.identity"].reset_session()


@pytest.fixture(autouse=True)
def english_interface():
    """A widget factory activates the learner's language for the process; each test starts and ends in English."""
    from clientcraft.rendering import strings

    token = strings._ACTIVE.set(None)
    yield
    strings._ACTIVE.reset(token)


@pytest.fixture
def shared_dir() -> Path:
    """The ``../shared`` folder beside the checkout; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def content_copy(tmp_path) -> Callable[..., Path]:
    """Copy the small valid fixture curriculum; ``edit(file, fn)`` mutates one YAML file in place."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)

    def edit(rel: str | None = None, fn: Callable[[Any], Any] | None = None, *, raw: str | None = None) -> Path:
        if rel is None:
            return root
        path = root / rel
        if raw is not None:
            path.write_text(raw, encoding="utf-8")
        else:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            fn(data)  # mutates in place; the return value is ignored
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return root

    return edit


# ------------------------------------------------------------------------------------------------ PostgreSQL
@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this session (tests/servers.py), on 127.0.0.1 at a free port, removed at the end.

    Skipped with the reason when the server programs or the psycopg driver are missing.
    """
    from .servers import Cluster, Unavailable

    try:
        cluster = Cluster(max_connections=120)
    except Unavailable as exc:
        pytest.skip(str(exc))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def pg_url(postgres, monkeypatch) -> str:
    """A fresh empty database on the session server, also set as ``CLIENTCRAFT_LOG_URL``."""
    from clientcraft.core.settings import LOG_URL_ENV
    from clientcraft.runtime import responselog

    url = postgres.new_database()
    monkeypatch.setenv(LOG_URL_ENV, url)
    yield url
    shared = responselog._shared.pop(url, None)  # the widgets' process-wide log for this database
    if shared is not None:
        shared.close()


# ------------------------------------------------------------------------------------------------ browser
CHROMIUM = Path(os.environ.get("CLIENTCRAFT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


BROWSER_TIMEOUT_MS = 120_000
"""Upper bound for anything a browser waits on (the machine may be shared)."""


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser), one for the whole session:
    Playwright's sync API allows one running instance per thread, so every browser test shares it."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium')")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium):
    """Make a fresh browser context (its own cookies and storage: a different browser as far as a server can tell)."""
    made = []

    def make(width: int = 1280, height: int = 900, **kwargs):
        ctx = chromium.new_context(viewport={"width": width, "height": height}, **kwargs)
        ctx.set_default_timeout(BROWSER_TIMEOUT_MS)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def browser(new_context):
    """A fresh browser context (1200 x 900) for a test that needs only one."""
    return new_context(1200, 900)


@pytest.fixture
def artifacts(tmp_path) -> Path:
    """Folder for screenshots: $CLIENTCRAFT_ARTIFACTS if set, else the test's temporary folder."""
    d = Path(os.environ.get("CLIENTCRAFT_ARTIFACTS", tmp_path / "artifacts"))
    d.mkdir(parents=True, exist_ok=True)
    return d


# ------------------------------------------------------------------------------------------------ grading
GRADING_CONTENT = FIXTURES / "grading-content"
"""A small assessment: two scenarios (one branching) and one written prompt, in one assignment."""
ASSIGNMENT = "assess-the-lesson"


@pytest.fixture(scope="session")
def grading_cur():
    """The fixture assessment content (two scenarios, one branching; one written prompt)."""
    return load_curriculum(GRADING_CONTENT, strict=False)


def write_rendered(cur, root: Path) -> Path:
    """Render the assignments of ``cur`` under ``root`` (as `clientcraft build` would); return root."""
    for rel, nb in render_assignments(cur).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(nb), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def rendered(grading_cur, tmp_path_factory) -> Path:
    """A folder holding exercises/ and solutions/ rendered from the fixture content."""
    return write_rendered(grading_cur, tmp_path_factory.mktemp("rendered"))


@pytest.fixture
def staff_content(content_copy) -> Path:
    """The fixture curriculum with a staff track declared and one staff scenario (p-two) set in Norway."""

    def staff_p_two(data):
        data["scenarios"][1].update(region="norway", audience="staff",
                                    situation="Bo is upset about a leak that cost him 900 kroner.")

    def with_track(data):
        data["curriculum"]["tracks"] = [
            {"audience": "staff", "title": "Staff track", "introduction": "You work *behind the counter*."}]

    content_copy("practice/practice.yaml", staff_p_two)
    return content_copy("curriculum.yaml", with_track)


FIXTURE_TOOLKIT = FIXTURES / "toolkit"


@pytest.fixture
def toolkit_copy(content_copy) -> Callable[..., Path]:
    """The fixture curriculum plus the fixture toolkit (worked examples, job aid, phrases, glossary, kit, review
    set, action plan); ``edit(file, fn)`` mutates one YAML file in place, like ``content_copy``."""
    root = content_copy()
    for f in FIXTURE_TOOLKIT.glob("*.yaml"):
        shutil.copy(f, root / f.name)
    return content_copy
