"""A real course hub on this machine, for the end-to-end test and the load benchmark.

:class:`CourseHubRun` makes a throwaway PostgreSQL cluster, a roster of learners and an instructor (system
accounts created at first start and removed at the end), a hub folder written by ``clientcraft hub init``, and
runs JupyterHub (with configurable-http-proxy) on 127.0.0.1 at free ports. A small driver service added through
``jupyterhub_config.local.py`` starts servers and makes user tokens through the hub's REST API;
:class:`UserServer` talks to one user's server (contents, sessions, nbgrader's assignment list) and
:class:`Kernel` runs code in one of its kernels over the kernel websocket, as a front end would.
"""

from __future__ import annotations

import fcntl
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (servers.py) for the benchmark too
from servers import Cluster, Unavailable, free_port  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DRIVER = "clientcraft-driver"
RUNS = Path("/var/tmp/clientcraft-hub-runs")
"""One lock file per running hub (``<tag>.lock``, held while it runs): accounts of a tag without a held lock
are left over from a run that crashed."""
ACCOUNT = re.compile(r"^cc(?P<tag>[0-9a-f]{4})(?:l\d{2}|teach)$")
"""The system accounts a :class:`CourseHubRun` makes: ``cc<tag>l01`` ... and ``cc<tag>teach``."""


def remove_accounts(names: list[str]) -> None:
    """Kill every process of each named system account, then remove the account and its home folder; a
    RuntimeError after trying every account when one could not be removed."""
    failed = []
    homes = {}
    for name in names:
        try:
            homes[name] = pwd.getpwnam(name).pw_dir
        except KeyError:
            continue
    # pkill only signals, and userdel refuses an account that still has processes: signal every account's
    # processes, again until none is left, all accounts at once (one account after the other took 2 s each)
    deadline = time.monotonic() + 30
    alive = list(homes)
    while alive and time.monotonic() < deadline:
        alive = [name for name in alive
                 if subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True).returncode == 0]
        if alive:
            time.sleep(0.2)
    for name, home in homes.items():
        proc = subprocess.run([shutil.which("userdel") or "/usr/sbin/userdel", "--remove", name],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 12):  # 12: the home folder could not be removed (removed below)
            failed.append(f"userdel {name}: {proc.stderr.strip()}")
        elif home.startswith("/home/") and Path(home).name == name:
            shutil.rmtree(home, ignore_errors=True)
    if failed:
        raise RuntimeError("system accounts not removed:\n" + "\n".join(failed))


def remove_stale_runs() -> None:
    """Remove the accounts, homes and hub folders of earlier runs that crashed before cleaning up (their
    lock is free); runs still going (the test and the benchmark can run together) hold theirs."""
    RUNS.mkdir(parents=True, exist_ok=True)
    tags: dict[str, list[str]] = {}
    for entry in pwd.getpwall():
        m = ACCOUNT.match(entry.pw_name)
        if m:
            tags.setdefault(m["tag"], []).append(entry.pw_name)
    for lock in RUNS.glob("*.lock"):
        tags.setdefault(lock.stem, [])
    for tag, names in tags.items():
        path = RUNS / f"{tag}.lock"
        with open(path, "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a run in progress
            remove_accounts(names)
            for folder in Path(tempfile.gettempdir()).glob(f"clientcraft-hub-{tag}-*"):
                shutil.rmtree(folder, ignore_errors=True)
            path.unlink(missing_ok=True)


def find_proxy() -> str:
    """configurable-http-proxy, or :class:`Unavailable` saying how to install it."""
    from clientcraft.hub.recipe import find_proxy as find

    proxy = find()
    if not proxy:
        raise Unavailable("configurable-http-proxy (npm) is not installed: ./run test installs it into .hub-node/")
    if not shutil.which("node"):
        raise Unavailable("Node.js is not installed (Debian: apt-get install nodejs npm)")
    return proxy


def check_machine() -> None:
    """Raise :class:`Unavailable` when this machine cannot run the course hub."""
    find_proxy()
    if os.geteuid() != 0:
        raise Unavailable("the course hub runs each user's server as their own system account: run as root")
    if not any(os.access(Path(d) / "userdel", os.X_OK) for d in ("/usr/sbin", "/sbin")) and not shutil.which("userdel"):
        raise Unavailable("useradd/userdel are not installed (Debian: passwd)")


class Kernel:
    """One kernel of a user's server, driven over its websocket channels as a front end would.

    Each :meth:`execute` opens its own websocket connection and closes it when the kernel is idle again (a
    connection left idle for minutes stops answering the server's pings and is closed by the server), unless
    ``keep_open``: then one connection serves every call, as a browser tab's does (for frequent calls).
    """

    def __init__(self, server: "UserServer", kernel_id: str, session_id: str | None = None, *,
                 keep_open: bool = False):
        self.server, self.id, self.session_id = server, kernel_id, session_id
        self.url = server.url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
        self.session = uuid.uuid4().hex
        self.keep_open = keep_open
        self._ws = None

    def _connect(self):
        import websocket

        if self._ws is None or not self._ws.connected:
            self._ws = websocket.create_connection(self.url, header=[f"Authorization: token {self.server.token}"],
                                                   timeout=60)
        return self._ws

    def execute(self, code: str, *, timeout: float = 120, allow_error: bool = False) -> dict:
        """Run ``code``; returns {'count', 'stdout', 'outputs', 'error'} once the kernel is idle again."""
        import websocket

        msg_id = uuid.uuid4().hex
        ws = self._connect()
        try:
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "username": self.server.name, "session": self.session,
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            out = {"count": None, "stdout": "", "outputs": [], "error": None}
            replied = idle = False
            deadline = time.monotonic() + timeout
            while not (replied and idle):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self.server.name}: kernel did not answer within {timeout} s: "
                                       f"{code[:80]!r}")
                ws.settimeout(min(remaining, 30))
                try:
                    msg = decode_frame(ws.recv())  # answers the server's pings while it waits
                except websocket.WebSocketTimeoutException:
                    continue
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream" and content.get("name") == "stdout":
                    out["stdout"] += content["text"]
                elif kind in ("execute_result", "display_data"):
                    out["outputs"].append(content)
                elif kind == "error":
                    out["error"] = "\n".join(content.get("traceback", [])) or content.get("evalue")
                elif kind == "execute_reply":
                    out["count"] = content.get("execution_count")
                    replied = True
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
        finally:
            if not self.keep_open:
                self.close()
        if out["error"] and not allow_error:
            raise AssertionError(f"{self.server.name}: {code[:120]!r} failed:\n{out['error'][-3000:]}")
        return out

    def value(self, code: str, **kw):
        """Run ``code`` whose last line prints one JSON document; that document."""
        res = self.execute(code, **kw)
        lines = res["stdout"].strip().splitlines()
        assert lines, f"{self.server.name}: {code[:120]!r} printed nothing (outputs: {res['outputs']})"
        return json.loads(lines[-1])

    def close(self) -> None:
        """Close the websocket connection (the kernel keeps running)."""
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    def shutdown(self) -> None:
        """Close the notebook as JupyterLab's "Shut Down Kernel" does: the session and its kernel end."""
        self.close()
        if self.session_id:
            r = self.server.http.delete(self.server.url + f"api/sessions/{self.session_id}", timeout=120)
            assert r.status_code == 204, (self.server.name, r.status_code, r.text)


def decode_frame(frame: str | bytes) -> dict:
    """A kernel message from one websocket frame of Jupyter Server's default protocol: a JSON text frame, or a
    binary frame for a message with buffers (widget comms send them): a big-endian uint32 count of parts, their
    offsets, then the message JSON as the first part and its buffers."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)] + [len(frame)]
    return json.loads(frame[offsets[0]:offsets[1]])


class UserServer:
    """A user's running single-user server, reached through the hub's proxy with the user's token."""

    def __init__(self, base: str, name: str, token: str):
        self.name, self.token = name, token
        self.url = f"{base}/user/{name}/"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.url + path, timeout=kw.pop("timeout", 120), **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.http.post(self.url + path, timeout=kw.pop("timeout", 300), **kw)

    def notebook(self, path: str) -> dict:
        r = self.get(f"api/contents/{path}")
        r.raise_for_status()
        return r.json()["content"]

    def save_notebook(self, path: str, nb: dict) -> None:
        r = self.http.put(self.url + f"api/contents/{path}", json={"type": "notebook", "content": nb}, timeout=60)
        r.raise_for_status()

    def open(self, path: str, *, keep_open: bool = False) -> Kernel:
        """Open a notebook as JupyterLab does (a session with a new kernel in the notebook's folder)."""
        r = self.post("api/sessions", json={"path": path, "type": "notebook", "name": Path(path).name,
                                            "kernel": {"name": "python3"}})
        r.raise_for_status()
        return Kernel(self, r.json()["kernel"]["id"], r.json()["id"], keep_open=keep_open)

    def run_all(self, path: str, kernel: Kernel) -> list[dict]:
        """Run every code cell of the saved notebook in order, as Run All Cells does; one result per cell."""
        return self.run_cells(path, kernel, lambda source: True)

    def run_cells(self, path: str, kernel: Kernel, wanted) -> list[dict]:
        """Run the code cells of the saved notebook whose source ``wanted(source)`` accepts, in order (as a
        learner running cells one by one); one result per cell run, each with its ``source``."""
        out = []
        for cell in self.notebook(path)["cells"]:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            if cell["cell_type"] == "code" and wanted(source):
                out.append({**kernel.execute(source, allow_error=True), "source": source})
        return out

    def nbgrader(self, action: str, course_id: str, assignment: str):
        """nbgrader's assignment-list API of this server: 'fetch', 'submit' or 'fetch_feedback'."""
        r = self.post(f"assignments/{action}", json={"course_id": course_id, "assignment_id": assignment})
        r.raise_for_status()
        body = r.json()
        assert body.get("success"), f"{self.name}: nbgrader {action} failed: {body.get('value', body)}"
        return body["value"]

    def assignments(self, course_id: str) -> list[dict]:
        r = self.get("assignments", params={"course_id": course_id})
        r.raise_for_status()
        body = r.json()
        assert body["success"], f"{self.name}: nbgrader list failed: {body}"
        return body["value"]


def _reachable(path: Path) -> bool:
    from clientcraft.hub.recipe import world_reachable

    return world_reachable(path)


def course_python() -> Path:
    """The bin folder of a Python environment with this checkout's clientcraft that every account can run.

    The project's .venv is used when other accounts can reach its interpreter and this checkout. When they cannot
    (here Python lives under /root, mode 0700), a course environment is made as course staff would make one
    (docs/hub-guide.md): a venv from a system Python 3.11 in /var/tmp, with clientcraft[hub] installed from a
    wheel of this checkout by the .venv's pip (its cache makes this a one-off of a minute or two). Its
    dependencies are kept while pyproject.toml and the system Python stay the same; the clientcraft wheel is
    reinstalled whenever the checkout's package, content or learner settings change. Raises
    :class:`Unavailable` when there is no system Python 3.11.
    """
    import clientcraft

    venv_bin = Path(sys.executable).parent
    if all(_reachable(p) for p in (Path(sys.executable), venv_bin / "jupyterhub-singleuser",
                                   Path(clientcraft.__file__))):
        return venv_bin
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = next((Path(d) / version for d in ("/usr/bin", "/usr/local/bin")
                   if (Path(d) / version).exists() and _reachable(Path(d) / version)), None)
    if system is None:
        raise Unavailable(f"{sys.executable} cannot be run by other accounts and no system {version} exists "
                          f"(Debian: apt-get install {version})")
    import hashlib

    system_version = subprocess.run([str(system), "-c", "import sys; print(sys.version)"], capture_output=True,
                                    text=True, check=True).stdout
    deps = hashlib.sha256(f"{system}|{system_version}|{(REPO / 'pyproject.toml').read_text()}".encode())
    env = Path("/var/tmp") / f"{ENV_PREFIX}{deps.hexdigest()[:12]}"
    package = _package_stamp()
    with open(Path("/var/tmp") / "clientcraft-hub-python.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time (the test and the benchmark may start together)
        _remove_stale_environments(keep=env)
        complete = env / ".dependencies-installed"
        if not complete.exists():
            shutil.rmtree(env, ignore_errors=True)
            subprocess.run([str(system), "-m", "venv", "--without-pip", str(env)], check=True, capture_output=True)
        stamp = env / ".clientcraft-installed"
        if not complete.exists() or not stamp.exists() or stamp.read_text() != package:
            with tempfile.TemporaryDirectory(prefix="clientcraft-wheel-") as wheels:
                _pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", wheels, str(REPO))
                wheel = next(Path(wheels).glob("clientcraft-*.whl"))
                if complete.exists():
                    _pip("--python", str(env / "bin" / "python"), "install", "--no-deps", "--force-reinstall",
                         str(wheel))
                else:
                    _pip("--python", str(env / "bin" / "python"), "install", f"{wheel}[hub]")
                    complete.write_text("ok\n")
            stamp.write_text(package)
    return env / "bin"


ENV_PREFIX = "clientcraft-hub-python-"
STALE_AFTER = 6 * 3600
"""Course environments of other dependency sets unused for this long are removed (each is about 1 GB)."""


def _remove_stale_environments(keep: Path) -> None:
    for other in Path("/var/tmp").glob(ENV_PREFIX + "*"):
        used = other / ".last-used"
        if other != keep and other.is_dir() and \
                time.time() - (used.stat().st_mtime if used.exists() else other.stat().st_mtime) > STALE_AFTER:
            shutil.rmtree(other, ignore_errors=True)
    if keep.is_dir():
        (keep / ".last-used").touch()


def _package_stamp() -> str:
    """A digest of what the clientcraft wheel is built from (package, content, learner settings, pyproject)."""
    import hashlib

    digest = hashlib.sha256()
    for top in ("src/clientcraft", "data/curriculum", "etc/jupyter-learner", "pyproject.toml"):
        root = REPO / top
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _pip(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                          capture_output=True, text=True, umask=0o022, timeout=1800)
    if proc.returncode:
        raise RuntimeError(f"pip {' '.join(args)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")


class CourseHubRun:
    """A throwaway course hub: PostgreSQL, system accounts, ``clientcraft hub init`` and JupyterHub."""

    def __init__(self, n_learners: int, *, assignments: list[str] | None = None, max_connections: int = 150,
                 workdir: Path | None = None):
        check_machine()
        self.proxy = find_proxy()
        remove_stale_runs()
        RUNS.mkdir(parents=True, exist_ok=True)
        while True:  # a tag no account and no other run uses; its lock is held until close()
            self.tag = secrets.token_hex(2)
            self.lock = open(RUNS / f"{self.tag}.lock", "a")
            fcntl.flock(self.lock, fcntl.LOCK_EX)
            taken = any(ACCOUNT.match(e.pw_name) and e.pw_name[2:6] == self.tag for e in pwd.getpwall())
            try:  # a stale-run clean-up elsewhere may have removed the file before this lock was taken
                current = os.stat(self.lock.name).st_ino == os.fstat(self.lock.fileno()).st_ino
            except FileNotFoundError:
                current = False
            if current and not taken:
                break
            self.lock.close()
        self.learners = [f"cc{self.tag}l{i:02d}" for i in range(1, n_learners + 1)]
        self.instructor = f"cc{self.tag}teach"
        self.cohort = f"hub-{self.tag}"
        self.assignments = assignments
        self.max_connections = max_connections
        self.tmp = Path(tempfile.mkdtemp(prefix=f"clientcraft-hub-{self.tag}-", dir=workdir))
        os.chmod(self.tmp, 0o755)
        self.folder = self.tmp / "hub"
        self.cluster: Cluster | None = None
        self.proc: subprocess.Popen | None = None
        self.api_token = secrets.token_hex(32)
        self.port = 0
        self.settings = None

    # -- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> "CourseHubRun":
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        from clientcraft.hub.settings import HubSettings

        self.bin = course_python()
        self.cluster = Cluster(max_connections=self.max_connections).start()
        roster = self.tmp / "roster.csv"
        roster.write_text("id,first_name\n" + "".join(f"{n},Learner {i}\n" for i, n in enumerate(self.learners, 1)),
                          encoding="utf-8")
        self.port = free_port()
        env = {"PATH": f"{self.bin}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "LANG": "C.UTF-8",
               "LC_ALL": "C.UTF-8", "HOME": str(self.tmp)}
        argv = [str(self.bin / "clientcraft"), "hub", "init", str(self.folder), "--learners", str(roster),
                "--instructor", self.instructor, "--cohort", self.cohort, "--port", str(self.port),
                "--hub-port", str(free_port()), "--proxy-api-port", str(free_port()), "--auth", "shared-password",
                "--proxy", self.proxy, "--exercises", str(REPO / "exercises")]
        for a in self.assignments or []:
            argv += ["--assignment", a]
        proc = subprocess.run(argv, env={**env, "CLIENTCRAFT_HUB_LOG_ADMIN_URL": self.cluster.url()},
                              capture_output=True, text=True, timeout=600)
        if proc.returncode:
            raise RuntimeError(f"clientcraft hub init failed:\n{proc.stdout}\n{proc.stderr}")
        self.settings = HubSettings.load(self.folder)
        (self.folder / "jupyterhub_config.local.py").write_text(
            "c = get_config()  # noqa: F821\n"
            f"c.JupyterHub.services = [{{'name': {DRIVER!r}, 'api_token': {self.api_token!r}}}]\n"
            f"c.JupyterHub.load_roles = [{{'name': 'course-driver', 'services': [{DRIVER!r}], 'scopes': "
            "['admin:users', 'admin:servers', 'admin:server_state', 'tokens', 'list:users', 'read:users']}]\n"
            "c.JupyterHub.log_level = 'INFO'\n"
            # A throwaway hub: at the end its users' processes are killed and their accounts removed, so the
            # hub need not stop each server gracefully first.
            "c.JupyterHub.cleanup_servers = False\n", encoding="utf-8")
        self.log = open(self.tmp / "jupyterhub.log", "w")
        self.proc = subprocess.Popen([str(self.bin / "jupyterhub"), "-f",
                                      str(self.folder / "jupyterhub_config.py")], cwd=self.folder, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(self.base + "/hub/api/", timeout=3).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterHub did not start:\n" + self.hub_log()[-4000:])
            time.sleep(0.5)

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the hub and its proxy; servers are killed below
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        try:
            remove_accounts([*self.learners, self.instructor])
        finally:
            if self.cluster is not None:
                self.cluster.remove()
            if getattr(self, "log", None):
                self.log.close()
            if os.environ.get("CLIENTCRAFT_KEEP_HUB"):
                print(f"hub folder kept at {self.tmp} (until the next run)")
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)
            (RUNS / f"{self.tag}.lock").unlink(missing_ok=True)
            self.lock.close()

    # -- hub API ---------------------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hub_log(self) -> str:
        return (self.tmp / "jupyterhub.log").read_text(errors="replace")

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.base}/hub/api/{path}",
                                headers={"Authorization": f"token {self.api_token}"}, timeout=120, **kw)

    def spawn(self, names: list[str]) -> None:
        """Start each user's server through the REST API and wait until every one is ready."""
        self.request_servers(names)
        self.wait_ready(names)

    def request_servers(self, names: list[str]) -> None:
        """Ask the hub to start each user's server, all at once (each request waits for the hub's
        ``slow_spawn_timeout`` at most, so one at a time would start them one after another)."""
        from concurrent.futures import ThreadPoolExecutor

        def request(name: str) -> None:
            r = self.api("POST", f"users/{name}/server")
            assert r.status_code in (201, 202), (name, r.status_code, r.text)

        with ThreadPoolExecutor(max_workers=min(32, len(names) or 1)) as pool:
            list(pool.map(request, names))

    def wait_ready(self, names: list[str], timeout: float = 300) -> None:
        """Wait until every named user's server is ready; a server that failed to start fails at once."""
        deadline = time.monotonic() + timeout
        pending = set(names)
        while pending:
            users = {u["name"]: u for u in self.api("GET", "users").json()}
            for name in sorted(pending):
                user = users[name]
                server = user.get("servers", {}).get("")
                if server and server.get("ready"):
                    pending.discard(name)
                elif not server and user.get("pending") is None:
                    raise RuntimeError(f"{name}'s server stopped or failed to start:\n" + self.hub_log()[-4000:])
            if pending and time.monotonic() > deadline:
                raise RuntimeError(f"servers not ready after {timeout} s: {sorted(pending)}\n"
                                   + self.hub_log()[-4000:])
            time.sleep(0.5)

    def token(self, name: str) -> str:
        r = self.api("POST", f"users/{name}/tokens", json={"note": "clientcraft test", "expires_in": 7200})
        assert r.status_code in (200, 201), (name, r.status_code, r.text)
        return r.json()["token"]

    def server(self, name: str) -> UserServer:
        return UserServer(self.base, name, self.token(name))

    def shared_password(self) -> str:
        return (self.folder / "secrets" / "shared-password").read_text(encoding="utf-8").strip()

    def server_pids(self) -> dict[str, int]:
        """The process id of each running single-user server (the spawner's state)."""
        out = {}
        for user in self.api("GET", "users").json():
            server = user.get("servers", {}).get("")
            if server and server.get("state", {}).get("pid"):
                out[user["name"]] = server["state"]["pid"]
        return out
