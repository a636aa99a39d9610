"""Fixtures for the real-browser tests: one app server (Voila) for the session, headless Debian Chromium, axe-core,
and screenshots saved as artifacts.

The app server runs exactly as ``clientcraft app --instructor`` configures it (preheated kernels, idle culling,
clientcraft's page template), with its own response log and browser-identity folder and no learner set in the
environment, so every browser context has to give its own name.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import CHROMIUM

WIDTHS = (390, 800, 1280)
"""Screenshot widths: a phone, a small laptop or tablet, a projector or desktop."""
SLOW_MS = 120_000
"""Upper bound for anything that waits on a kernel (the machine may be shared)."""


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(home: Path) -> dict[str, str]:
    """The environment of a server started by a test: its own log and config, nobody named as the learner."""
    env = dict(os.environ, CLIENTCRAFT_LOG=str(home / "responses.sqlite"), CLIENTCRAFT_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), MPLBACKEND="Agg")
    for name in ("CLIENTCRAFT_LEARNER", "CLIENTCRAFT_COHORT", "CLIENTCRAFT_LOG_URL", "JUPYTERHUB_USER"):
        env.pop(name, None)
    return env


@contextmanager
def served(name: str, argv: list[str], *, cwd: Path, env: dict, ready: str, log: Path, timeout: float = 180):
    """Run a server (on loopback) until ``ready`` answers; stop it afterwards. Fails the test if it never does.
    For an app server, ``ready`` must need no kernel (every notebook request takes one from the pool)."""
    out = open(log, "w")
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                urllib.request.urlopen(ready, timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"{name} did not start:\n" + log.read_text(errors="replace")[-4000:])
                time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        out.close()


@dataclass
class AppServer:
    """A running app: its base URL, the folder it serves, and where its log and browser identities are."""

    base: str
    folder: Path
    home: Path

    @property
    def log_path(self) -> Path:
        return self.home / "responses.sqlite"

    def url(self, notebook: str) -> str:
        """The address of one of the app's notebooks."""
        return f"{self.base}/voila/render/{notebook}"

    def rows(self, **where) -> list[dict]:
        """The events in the server's response log."""
        from clientcraft.core.settings import sqlite_url
        from clientcraft.runtime.responselog import ResponseLog

        if not self.log_path.exists():
            return []
        log = ResponseLog(sqlite_url(self.log_path))
        try:
            return log.rows(**where)
        finally:
            log.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> AppServer:
    """One app server (with the instructor's workshop view) shared by every browser test of the session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium')")
    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.app import AppSettings, prepare, voila_command, voila_environment

    home = tmp_path_factory.mktemp("app-server")
    folder = home / "app"
    prepare(load_curriculum(), folder, instructor=True, settings=AppSettings(pool_size=1, idle_timeout=600),
            languages=("en", "id"))  # English, and one translated language
    port = free_port()
    server = AppServer(f"http://127.0.0.1:{port}", folder, home)
    with served("the app (Voila)", voila_command(folder, port=port, open_browser=False), cwd=folder,
                env=voila_environment(server_env(home)), ready=server.base + "/", log=home / "voila.log"):
        yield server


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Folder for screenshots and axe reports: $CLIENTCRAFT_ARTIFACTS if set, else a temporary folder."""
    d = Path(os.environ.get("CLIENTCRAFT_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def screenshots(page, artifacts: Path, name: str, widths=WIDTHS, *, height: int = 900, focus=None) -> list[Path]:
    """Screenshots of ``page`` at each width (the page keeps the last width); with ``focus`` (a locator) the view
    is first scrolled so that it starts at the top. The files."""
    out = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # let the layout settle
        if focus is not None:
            focus.evaluate("(e) => e.scrollIntoView({block: 'start'})")
        path = artifacts / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        out.append(path)
    return out


BLOCKING = ("critical", "serious")


def axe_violations(page, artifacts: Path, name: str) -> list[dict]:
    """Run axe-core (bundled by axe-playwright-python, offline) on ``page``; save the report as an artifact and
    return the critical and serious violations (id, impact, help, targets)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    (artifacts / f"axe-{name}.json").write_text(json.dumps(results.response["violations"], indent=1))
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [", ".join(map(str, n["target"])) for n in v["nodes"]][:5]}
            for v in results.response["violations"] if v["impact"] in BLOCKING]


def give_name(page, name: str, group: str = "", lang: str = "en") -> None:
    """Fill in the one-time name form at the top of the page (whose interface is in ``lang``) and wait for the
    confirmation."""
    from playwright.sync_api import expect

    from clientcraft.rendering.strings import in_language

    t = in_language(lang)
    field = page.get_by_label(t.IDENTITY_NAME).first
    field.wait_for(timeout=SLOW_MS)
    field.fill(name)
    if group:
        page.get_by_label(t.IDENTITY_GROUP).first.fill(group)
    page.get_by_role("button", name=t.IDENTITY_SAVE, exact=True).first.click()
    expect(page.locator(".cc-learner").first).to_contain_text(name, timeout=SLOW_MS)
