"""Fixtures for the real-browser tests: a Voila server over freshly rendered lessons, and headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CLIENTCRAFT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def learner_env(user_log, monkeypatch):
    """A private log and a known learner for the server's kernels; returns the log's path."""
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "browser-test")
    monkeypatch.setenv("CLIENTCRAFT_COHORT", "browser-cohort")
    return user_log


@pytest.fixture
def voila_server(tmp_path, learner_env):
    """Base URL of a Voila server (on loopback) serving the rendered lesson notebooks."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.app import prepare, voila_command

    folder = tmp_path / "app"
    prepare(load_curriculum(), folder)
    port = _free_port()
    argv = voila_command(folder, port=port, open_browser=False)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    base = f"http://127.0.0.1:{port}"
    with served("Voila", argv, cwd=folder, env=env, ready=base + "/", log=tmp_path / "voila.log", timeout=60):
        yield base


@contextmanager
def served(name: str, argv: list[str], *, cwd: Path, env: dict, ready: str, log: Path, timeout: float = 90):
    """Run a server (on loopback) until ``ready`` answers; stop it afterwards. Fails the test if it never does."""
    out = open(log, "w")
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                urllib.request.urlopen(ready, timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"{name} did not start:\n" + log.read_text()[-3000:])
                time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


@pytest.fixture
def browser(tmp_path):
    """A headless Debian Chromium context with a fresh profile, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium')")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path / "chromium-profile"
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1200, "height": 900})
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def artifacts(tmp_path) -> Path:
    """Folder for screenshots: $CLIENTCRAFT_ARTIFACTS if set, else the test's temporary folder."""
    d = Path(os.environ.get("CLIENTCRAFT_ARTIFACTS", tmp_path / "artifacts"))
    d.mkdir(parents=True, exist_ok=True)
    return d
