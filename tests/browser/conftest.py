"""Fixtures for the real-browser tests: a Voila server over freshly rendered lessons (the browser is in tests/conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

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
