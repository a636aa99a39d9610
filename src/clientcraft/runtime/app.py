"""App mode: the lesson notebooks served by Voila as a web app with no code visible."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.settings import app_dir
from clientcraft.rendering.cells import dumps
from clientcraft.rendering.lessons import WORKSHOP_PATH, render_lessons

DEFAULT_PORT = 8866


class AppError(ClientcraftError):
    """The app could not be prepared or started; the message says what to change."""


def prepare(cur: Curriculum, target: Path | None = None, *, instructor: bool = False) -> list[Path]:
    """Write the lesson notebooks (and the workshop notebook with ``instructor``) into ``target``; the files."""
    target = Path(target) if target is not None else app_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.ipynb"):
            old.unlink()
        written = []
        for rel, nb in render_lessons(cur).items():
            if rel == WORKSHOP_PATH and not instructor:
                continue  # learners get lessons only; the cohort view is for the instructor
            path = target / Path(rel).name
            path.write_text(dumps(nb), encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise AppError(f"cannot write the app's notebooks to {target}: {exc}") from exc
    return sorted(written)


def voila_command(folder: Path, *, port: int = DEFAULT_PORT, open_browser: bool = True, ip: str = "127.0.0.1",
                  notebook: str | None = None) -> list[str]:
    """The Voila command line serving ``folder`` (or one notebook in it) with sources stripped."""
    where = folder / notebook if notebook else folder
    if not where.exists():
        raise AppError(f"{where} does not exist")
    argv = [sys.executable, "-m", "voila", str(where), f"--port={int(port)}", f"--Voila.ip={ip}",
            "--strip_sources=True", "--theme=light", "--show_tracebacks=False"]
    if not open_browser:
        argv.append("--no-browser")
    return argv


def serve(cur: Curriculum, *, port: int = DEFAULT_PORT, open_browser: bool = True, ip: str = "127.0.0.1",
          lesson: str | None = None, instructor: bool = False, folder: Path | None = None) -> int:
    """Prepare the notebooks and run Voila until it stops; Voila's exit code."""
    files = prepare(cur, folder, instructor=instructor)
    target = files[0].parent
    notebook = None
    if lesson:
        match = [p.name for p in files if p.stem.split("-", 1)[-1] == lesson or p.stem == lesson]
        if not match:
            known = ", ".join(ls.id for ls in cur.lessons_in_order())
            raise AppError(f"unknown lesson {lesson!r}; lessons are: {known}")
        notebook = match[0]
    argv = voila_command(target, port=port, open_browser=open_browser, ip=ip, notebook=notebook)
    try:
        return subprocess.call(argv, cwd=target, env=os.environ.copy())
    except KeyboardInterrupt:
        return 0
