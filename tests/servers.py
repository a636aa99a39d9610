"""Throwaway servers the tests (and the hub benchmark) start on 127.0.0.1: a PostgreSQL cluster.

The cluster is created with ``initdb`` and run with ``pg_ctl`` in a temporary folder, listening on 127.0.0.1 only
at a free port (never the default 5432), with password (SCRAM) authentication over TCP, as on a real course
server. PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` OS user. Its time
zone is deliberately not UTC, as on many real servers.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_TIMEZONE = "Asia/Kolkata"  # +05:30 all year: any missing conversion to UTC shows up
ADMIN = "clientcraft"


class Unavailable(Exception):
    """A server cannot be started on this machine (a program is missing); the message says what to install."""


class StartFailed(Exception):
    """A server was found but failed to start; the message holds its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres (newest Debian version first, then PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for d in candidates:
        if all(os.access(Path(d) / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(d)
    return None


def _version(bindir: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in Path(bindir).parent.name.split("."))
    except ValueError:
        return (0,)


class Cluster:
    """A throwaway PostgreSQL cluster; ``url(db)`` gives a postgresql+psycopg URL (with the admin password)."""

    def __init__(self, *, max_connections: int = 60):
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise Unavailable("the psycopg driver is not installed (pip install 'psycopg[binary]')") from None
        bindir = server_bindir()
        if bindir is None:
            raise Unavailable("PostgreSQL server programs (initdb, pg_ctl, postgres) are not installed "
                              "(Debian: apt-get install postgresql)")
        self.user: str | None = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no 'postgres' OS user to run PostgreSQL") from None
            self.user = pw.pw_name
        self.bindir, self.max_connections = bindir, max_connections
        self.root = Path(tempfile.mkdtemp(prefix="clientcraft-pg-"))
        if self.user is not None:
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.data, self.logfile = self.root / "data", self.root / "server.log"
        self.password = secrets.token_urlsafe(18)
        self.port = 0
        self._names = itertools.count(1)

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C", "TZ": "UTC"}
        return subprocess.run([str(self.bindir / args[0]), *args[1:]], cwd=self.root, env=env, user=self.user,
                              capture_output=True, text=True, timeout=timeout)

    def _fail(self, what: str, proc: subprocess.CompletedProcess) -> None:
        tail = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
        raise StartFailed(f"PostgreSQL {what} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}\n{tail}")

    def start(self) -> "Cluster":
        pwfile = self.root / "admin-password"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if self.user is not None:
            shutil.chown(pwfile, self.user)
        os.chmod(pwfile, 0o600)
        proc = self._run("initdb", "-D", str(self.data), "-U", ADMIN, "--auth-local=trust",
                         "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--no-locale",
                         "--no-sync")
        pwfile.unlink()
        if proc.returncode:
            self._fail("initdb", proc)
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                       f"timezone = '{SERVER_TIMEZONE}'\nfsync = off\nsynchronous_commit = off\n"
                       f"full_page_writes = off\nmax_connections = {int(self.max_connections)}\n")
        for _ in range(5):  # the free port can be taken between the probe and the start: try another
            self.port = free_port()
            proc = self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.logfile), "-w", "-t", "30",
                             "-o", f"-p {self.port}")
            if proc.returncode == 0:
                return self
            if "could not bind" not in self.logfile.read_text(errors="replace"):
                break
        self._fail("pg_ctl start", proc)
        return self  # pragma: no cover - _fail raises

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "30")

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{ADMIN}:{self.password}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        """A psycopg connection as the admin (autocommit)."""
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=ADMIN, password=self.password,
                               dbname=database, autocommit=True)

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        name = f"log_{next(self._names)}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
