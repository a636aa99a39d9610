"""App mode: the lesson notebooks served by Voila as a web app with no code visible.

``clientcraft app`` writes the app's notebooks (the lesson index, the lessons, and the workshop view with
``--instructor``) and a ``voila.json`` into one folder and starts Voila there with clientcraft's page template
(``appshare/voila/templates/clientcraft``). The configuration keeps a room fast and bounded:

- a pool of pre-started kernels per notebook that have already run the lesson (Voila's preheated kernels), so a
  page opens without waiting for Python; the pool refills right after a page takes its kernel;
- a page that is closed or left shuts its kernel down at once (Voila sends the request on ``beforeunload``; the app
  has no login, so Voila's XSRF check only refused that request and is switched off), and any kernel with no
  page connected that has been idle for ``idle_timeout`` seconds is shut down (culled), counting from when it
  left the pool (:mod:`clientcraft.runtime.voila_kernels`), so a page never loses the kernel it was just given;
- only the JupyterLab extensions the lessons need are loaded in the page.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from clientcraft.core.atomic import write_text_atomic
from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.languages import LANGUAGES
from clientcraft.core.settings import app_dir
from clientcraft.rendering.cells import dumps
from clientcraft.rendering.handouts import render_handouts
from clientcraft.rendering.lessons import INDEX_NAME, render_app_notebooks
from clientcraft.rendering.toolkit import HANDOUT_DIR, HANDOUTS_NOTEBOOK

DEFAULT_PORT = 8866
TEMPLATE = "clientcraft"
SHARE = Path(__file__).with_name("appshare")
"""A Jupyter data folder holding clientcraft's Voila template (put first on ``JUPYTER_PATH`` for Voila)."""
CONFIG_FILE = "voila.json"
UNUSED_EXTENSIONS = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension", "@voila-dashboards/jupyterlab-preview",
                     "jupyterlab_pygments"]
"""Installed JupyterLab extensions that lesson pages do not use (loading them only costs time and errors)."""


class AppError(ClientcraftError):
    """The app could not be prepared or started; the message says what to change."""


@dataclass(frozen=True)
class AppSettings:
    """How the app keeps kernels: pre-started ones per notebook, and when idle ones are shut down."""

    pool_size: int = 1
    """Kernels per notebook kept started, with the notebook already run (0 turns the pool off)."""
    idle_timeout: int = 600
    """Seconds a kernel with no page connected may stay idle before it is shut down (0: never)."""
    cull_interval: int = 30
    """Seconds between checks for idle kernels."""

    def __post_init__(self):
        for name in ("pool_size", "idle_timeout", "cull_interval"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise AppError(f"{name.replace('_', ' ')} must be a whole number of 0 or more, not {value!r}")
        if self.idle_timeout and not self.cull_interval:
            raise AppError("cull interval must be at least 1 second when an idle timeout is set")


def voila_config(settings: AppSettings = AppSettings(), start: str = "en") -> dict:
    """The Voila configuration (``voila.json``) for ``settings``; pre-started kernels for the English notebooks
    and those of the ``start`` language only."""
    return {
        "VoilaConfiguration": {
            "template": TEMPLATE,
            "theme": "light",
            "strip_sources": True,
            "show_tracebacks": False,
            "preheat_kernel": settings.pool_size > 0,
            "default_pool_size": settings.pool_size,
            "extension_denylist": UNUSED_EXTENSIONS,
            "multi_kernel_manager_class": "clientcraft.runtime.voila_kernels.PoolAwareKernelManager",
        },
        # the handouts notebook has no code, so no kernel waits for it; the other languages' notebooks (in
        # <lang>/) and half-written folders open without a pre-started kernel, so a room does not start five
        # kernels per lesson. Voila matches these against each notebook's absolute path.
        # A used kernel is replaced 10 s later, not at once: starting a kernel and running the lesson in it takes
        # both cores for a few seconds, which would slow the page that has just taken the kernel (measured: lesson
        # open to clickable median 4.2 s against 2.0 s under load).
        "VoilaKernelManager": {"fill_delay": 10, "preheat_denylist": [
            HANDOUTS_NOTEBOOK.rsplit("/", 1)[1], r".*/\.[^/]+/[^/]*\.ipynb$",
            *(rf".*/{lang}/[^/]+\.ipynb$" for lang in LANGUAGES if lang != start)]},
        # kernels talk over local sockets named after their connection files: a dozen kernels starting at once can
        # no longer race for the same TCP port (seen: "Address already in use" until the kernel gave up)
        "KernelManager": {"transport": "ipc"},
        # the Voila tree lists the notebooks (handouts.ipynb links the pages), not the handouts folder, whose pages
        # the file handler still serves
        "ContentsManager": {"hide_globs": ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", HANDOUT_DIR,
                                           CONFIG_FILE]},
        "MappingKernelManager": {
            "cull_idle_timeout": settings.idle_timeout,
            "cull_interval": settings.cull_interval or 300,
            "cull_connected": False,  # a learner reading a long lesson keeps their page working
        },
        # No login in app mode, so the XSRF check protects nothing; it only refused the page's own
        # "shut my kernel down" request sent when the page closes.
        "Voila": {"tornado_settings": {"disable_check_xsrf": True}},
    }


def prepare(cur: Curriculum, target: Path | None = None, *, instructor: bool = False,
            settings: AppSettings = AppSettings(), audience: str | None = None,
            languages: tuple[str, ...] = LANGUAGES, start: str = "en") -> list[Path]:
    """Write the app's notebooks (index, lessons, review sets, handouts index; the workshop view with
    ``instructor``; of ``audience``'s track when given, e.g. "staff"), the handout pages in ``handouts/`` and
    ``voila.json`` into ``target``: English at the top, every other language of ``languages`` in ``<lang>/`` (the
    language selector and ``?lang=`` link there); kernels are pre-started for English and the ``start`` language
    only; the top folder's notebooks written."""
    target = Path(target) if target is not None else app_dir()
    written = _prepare_one(cur, target, instructor=instructor, audience=audience, lang="en")
    for lang in languages:
        if lang != "en":
            _prepare_one(cur, target / lang, instructor=False, audience=audience, lang=lang)
    write_config(target, settings, start=start)
    return written


def write_config(target: Path, settings: AppSettings = AppSettings(), start: str = "en") -> None:
    """Write ``voila.json`` (Voila reads it from the folder it serves)."""
    try:
        write_text_atomic(target / CONFIG_FILE, json.dumps(voila_config(settings, start), indent=1) + "\n")
    except OSError as exc:
        raise AppError(f"cannot write the app's configuration to {target}: {exc}") from exc


def _prepare_one(cur: Curriculum, target: Path, *, instructor: bool, audience: str | None, lang: str) -> list[Path]:
    try:
        target.mkdir(parents=True, exist_ok=True)
        for old in [*target.glob("*.ipynb"), *target.glob(f"{HANDOUT_DIR}/*.html")]:
            old.unlink()
        written = []
        for name, nb in render_app_notebooks(cur, instructor=instructor, audience=audience, lang=lang).items():
            path = target / name
            write_text_atomic(path, dumps(nb))
            written.append(path)
        for rel, page in render_handouts(cur, lang).items():  # linked from every notebook as handouts/<name>
            write_text_atomic(target / HANDOUT_DIR / Path(rel).name, page)
    except OSError as exc:
        raise AppError(f"cannot write the app's notebooks to {target}: {exc}") from exc
    return sorted(written)


def voila_command(folder: Path, *, port: int = DEFAULT_PORT, open_browser: bool = True, ip: str = "127.0.0.1",
                  notebook: str | None = None) -> list[str]:
    """The Voila command line serving ``folder`` (or one notebook in it); run it in ``folder`` with
    :func:`voila_environment` so Voila finds ``voila.json`` and the template."""
    where = folder / notebook if notebook else folder
    if not where.exists():
        raise AppError(f"{where} does not exist")
    argv = [sys.executable, "-m", "voila", str(where), f"--port={int(port)}", f"--Voila.ip={ip}",
            f"--template={TEMPLATE}", "--strip_sources=True", "--show_tracebacks=False",
            f"--VoilaConfiguration.file_allowlist=['([a-z]{{2}}/)?{HANDOUT_DIR}/[a-z0-9-]+[.]html']"]
    if not open_browser:
        argv.append("--no-browser")
    return argv


def voila_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with clientcraft's Voila template on ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE), env.get("JUPYTER_PATH", "")) if p)
    return env


def open_when_ready(url: str, ready: str, *, timeout: float = 120.0) -> threading.Thread:
    """Open ``url`` in the default browser as soon as the server answers at ``ready`` (in a background thread).
    ``ready`` should need no kernel: every request for a notebook takes one from the pool."""

    def wait_then_open() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(ready, timeout=2).close()
            except OSError:
                time.sleep(0.3)
                continue
            webbrowser.open(url)
            return

    thread = threading.Thread(target=wait_then_open, name="clientcraft-open-browser", daemon=True)
    thread.start()
    return thread


def serve(cur: Curriculum, *, port: int = DEFAULT_PORT, open_browser: bool = True, ip: str = "127.0.0.1",
          lesson: str | None = None, instructor: bool = False, folder: Path | None = None,
          settings: AppSettings = AppSettings(), audience: str | None = None, lang: str = "en") -> int:
    """Prepare the notebooks (of ``audience``'s track when given) and run Voila until it stops, opening the index
    (or ``lesson``) in ``lang``; Voila's exit code.

    Only English and ``lang`` are written before Voila starts; the other languages follow in the background while
    Voila starts (:func:`prepare_later`), so the app starts as fast as with one language."""
    first = ("en",) if lang == "en" else ("en", lang)
    files = prepare(cur, folder, instructor=instructor, settings=settings, audience=audience, languages=first,
                    start=lang)
    target = files[0].parent
    if lang != "en":
        files = sorted((target / lang).glob("*.ipynb"))
    start = INDEX_NAME
    if lesson:
        match = [p.name for p in files if p.stem.split("-", 1)[-1] == lesson or p.stem == lesson]
        if not match:
            known = ", ".join(ls.id for ls in cur.lessons_in_order())
            raise AppError(f"unknown lesson {lesson!r}; lessons are: {known}")
        start = match[0]
    if lang != "en":
        start = f"{lang}/{start}"
    argv = voila_command(target, port=port, open_browser=False, ip=ip)
    if open_browser:
        host = "127.0.0.1" if ip in ("0.0.0.0", "::", "") else ip
        base = f"http://{host}:{int(port)}"
        open_when_ready(f"{base}/voila/render/{start}", f"{base}/")
    prepare_later(cur, target, audience=audience, languages=[c for c in LANGUAGES if c not in first])
    return run_until_stopped(argv, cwd=target, env=voila_environment())


def run_until_stopped(argv: list[str], *, cwd: Path, env: dict[str, str]) -> int:
    """Run ``argv`` until it exits; a SIGTERM or SIGHUP sent to this process is passed on to it, so stopping
    ``clientcraft app`` (a service manager, ``kill``) never leaves Voila and its kernels running. Its exit code
    (0 after Ctrl-C)."""
    proc = subprocess.Popen(argv, cwd=cwd, env=env)

    def forward(signum, _frame):
        proc.send_signal(signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C reached Voila too (same process group): let it shut its kernels down
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def prepare_later(cur: Curriculum, target: Path, *, audience: str | None = None,
                  languages: list[str]) -> threading.Thread:
    """Write ``languages``' notebooks into ``target/<lang>/`` in a background thread (a language's folder appears
    whole: it is written beside and renamed into place)."""
    import shutil

    def write_all() -> None:
        for code in languages:
            staging = target / f".{code}.new"
            shutil.rmtree(staging, ignore_errors=True)
            try:
                _prepare_one(cur, staging, instructor=False, audience=audience, lang=code)
                shutil.rmtree(target / code, ignore_errors=True)
                staging.rename(target / code)
            except (AppError, OSError) as exc:
                print(AppError(f"the {code} notebooks could not be written: {exc}"), file=sys.stderr)

    thread = threading.Thread(target=write_all, name="clientcraft-languages", daemon=True)
    thread.start()
    return thread
