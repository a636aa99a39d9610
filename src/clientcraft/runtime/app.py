"""App mode: the lesson notebooks served by Voila as a web app with no code visible."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.settings import app_dir
from clientcraft.rendering.cells import dumps
from clientcraft.rendering.handouts import render_handouts
from clientcraft.rendering.lessons import render_track, render_workshop
from clientcraft.rendering.toolkit import (HANDOUT_DIR, HANDOUTS_NOTEBOOK, has_handouts, render_handouts_notebook,
                                           render_track_reviews)

DEFAULT_PORT = 8866
VOILA_CONFIG = {"ContentsManager": {"hide_globs": ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", HANDOUT_DIR,
                                                   "voila.json"]}}
"""Written as ``voila.json`` into the served folder (Voila reads it from its working folder)."""


class AppError(ClientcraftError):
    """The app could not be prepared or started; the message says what to change."""


def prepare(cur: Curriculum, target: Path | None = None, *, instructor: bool = False,
            audience: str | None = None) -> list[Path]:
    """Write the lesson and review notebooks (of ``audience``'s track when given, e.g. "staff"), and the workshop
    notebook with ``instructor``, into ``target``, with the handouts in ``handouts/``; the notebooks written."""
    target = Path(target) if target is not None else app_dir()
    # one flat folder: every notebook reaches the handouts as handouts/<name>, also in a track
    notebooks = {**render_track(cur, audience, to_root=""), **render_track_reviews(cur, audience, to_root="")}
    if has_handouts(cur):
        notebooks[HANDOUTS_NOTEBOOK] = render_handouts_notebook(cur)
    if instructor:  # learners get lessons only; the cohort view is for the instructor
        notebooks["workshop.ipynb"] = render_workshop(cur, audience=audience)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for old in [*target.glob("*.ipynb"), *target.glob(f"{HANDOUT_DIR}/*.html")]:
            old.unlink()
        written = []
        for rel, nb in notebooks.items():
            path = target / Path(rel).name
            path.write_text(dumps(nb), encoding="utf-8")
            written.append(path)
        for rel, page in render_handouts(cur).items():  # linked from every notebook as handouts/<name>
            path = target / HANDOUT_DIR / Path(rel).name
            path.parent.mkdir(exist_ok=True)
            path.write_text(page, encoding="utf-8")
        # Voila reads voila.json from the folder it serves: the index lists the notebooks (handouts.ipynb links
        # the pages) and not the handouts folder, whose pages the file handler still serves
        (target / "voila.json").write_text(json.dumps(VOILA_CONFIG, indent=1) + "\n", encoding="utf-8")
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
            "--strip_sources=True", "--theme=light", "--show_tracebacks=False",
            f"--VoilaConfiguration.file_allowlist=['{HANDOUT_DIR}/[a-z0-9-]+[.]html']"]
    if not open_browser:
        argv.append("--no-browser")
    return argv


def serve(cur: Curriculum, *, port: int = DEFAULT_PORT, open_browser: bool = True, ip: str = "127.0.0.1",
          lesson: str | None = None, instructor: bool = False, folder: Path | None = None,
          audience: str | None = None) -> int:
    """Prepare the notebooks (of ``audience``'s track when given) and run Voila until it stops; Voila's exit code."""
    files = prepare(cur, folder, instructor=instructor, audience=audience)
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
