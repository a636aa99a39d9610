"""Fixtures for the real-browser tests: a Voila server over freshly rendered lessons (the browser is in tests/conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
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
    from clientcraft.runtime.app import prepare, voila_command
    from clientcraft.core.loader import load_curriculum

    folder = tmp_path / "app"
    prepare(load_curriculum(), folder)
    port = _free_port()
    argv = voila_command(folder, port=port, open_browser=False)
    out = open(tmp_path / "voila.log", "w")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    proc = subprocess.Popen(argv, cwd=folder, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("Voila did not start:\n" + (tmp_path / "voila.log").read_text()[-3000:])
            time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    out.close()
