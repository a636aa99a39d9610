"""Fixtures of the interoperability tests: ralph (a real LRS) on 127.0.0.1, and a simulated response log."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
RALPH_VENV = Path(os.environ.get("CLIENTCRAFT_RALPH_VENV", REPO / ".venv-ralph"))
RALPH_PYTHON = RALPH_VENV / "bin" / "python"
RALPH = RALPH_VENV / "bin" / "ralph"
STORES = 6
"""Users in ralph's credentials file, each with a store of its own (ralph's file backend accepts one write
per store: its first POST creates the file, any later new statement is refused with HTTP 500)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_ralph() -> None:
    if not RALPH.is_file() or not (RALPH_VENV / ".clientcraft-installed").is_file():
        pytest.skip(f"ralph is not installed at {RALPH_VENV} (./run ralph installs it; ./run test does too)")


@dataclass
class RalphStore:
    """One fresh store of the running ralph: its xAPI endpoint, the credentials and the file it writes."""

    endpoint: str
    user: str
    password: str
    file: Path

    def lines(self) -> list[dict]:
        """The statements as ralph stored them on disk."""
        if not self.file.is_file():
            return []
        return [json.loads(line) for line in self.file.read_text(encoding="utf-8").splitlines() if line.strip()]


class Ralph:
    """ralph's LRS (``ralph runserver -b fs``) with a credentials file of :data:`STORES` users."""

    def __init__(self, root: Path):
        need_ralph()
        self.root = root
        self.port = free_port()
        self.store_dir = root / "store"
        self.auth_file = root / "auth.json"
        self.password = "clientcraft-test"
        self.env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_APP_DIR": str(root / "app"),
                    "RALPH_AUTH_FILE": str(self.auth_file), "RALPH_HISTORY_FILE": str(root / "history.json"),
                    "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "2000"}
        self._write_credentials()
        self._next = 0
        self.log = (root / "ralph.log").open("w")
        self.proc = subprocess.Popen(
            [str(RALPH), "runserver", "-b", "fs", "--fs-default-directory-path", str(self.store_dir),
             "-h", "127.0.0.1", "-p", str(self.port)],
            cwd=root, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait()

    def _write_credentials(self) -> None:
        """Users ``store1``.. with their own target folder, hashed with bcrypt in ralph's virtualenv."""
        script = ("import bcrypt, json, sys\n"
                  "pw, n = sys.argv[1].encode(), int(sys.argv[2])\n"
                  "users = [{'username': f'store{i}', 'hash': bcrypt.hashpw(pw, bcrypt.gensalt(4)).decode(),"
                  " 'scopes': ['all'], 'target': f'store{i}',"
                  " 'agent': {'objectType': 'Agent', 'account': {'homePage': 'https://lrs.invalid', "
                  "'name': f'store{i}'}}} for i in range(1, n + 1)]\n"
                  "print(json.dumps(users))\n")
        out = subprocess.run([str(RALPH_PYTHON), "-c", script, self.password, str(STORES)], check=True,
                             capture_output=True, text=True).stdout
        self.auth_file.write_text(out, encoding="utf-8")
        self.root.joinpath("app").mkdir(exist_ok=True)

    def _wait(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ralph stopped: {(self.root / 'ralph.log').read_text()[-3000:]}")
            try:
                if httpx.get(self.base + "/__heartbeat__", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("ralph did not answer within 90 s")

    def fresh_store(self) -> RalphStore:
        """A user whose store nothing was written to yet."""
        self._next += 1
        if self._next > STORES:
            raise RuntimeError("all ralph stores are used; raise STORES")
        name = f"store{self._next}"
        (self.store_dir / name).mkdir(parents=True, exist_ok=True)
        return RalphStore(self.base + "/xAPI/", name, self.password, self.store_dir / name / "fs_lrs.jsonl")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    server = Ralph(tmp_path_factory.mktemp("ralph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cohort_log(tmp_path_factory):
    """A simulated cohort of the real curriculum written to an SQLite response log, one row per decision as the
    widgets log them (at least 10,000 decisions), and the curriculum."""
    from clientcraft.analytics.simulate import simulate_cohort, step_events
    from clientcraft.core.loader import default_curriculum
    from clientcraft.core.settings import sqlite_url
    from clientcraft.runtime.responselog import ResponseLog

    cur = default_curriculum()
    if not cur.has_assessment:
        pytest.skip("the checkout's assessment content is needed")
    cohort = simulate_cohort(70, curriculum=cur, seed=13)
    events = step_events(cohort.responses, cur, seed=13)
    url = sqlite_url(tmp_path_factory.mktemp("cohort") / "responses.sqlite")
    log = ResponseLog(url)
    with log.engine.begin() as conn:
        events.to_sql("events", conn, if_exists="append", index=False)
    log.close()
    return url, cur, len(events)


def clientcraft(*args: str, env: dict | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run the clientcraft command of this environment."""
    cmd = [str(Path(sys.executable).parent / "clientcraft"), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, **kwargs)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc
