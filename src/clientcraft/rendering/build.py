"""Generate notebooks/, instructor/workshop.ipynb, exercises/ and solutions/ from the content, and detect drift from
committed files."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from nbformat import NotebookNode

from clientcraft.core.atomic import write_bytes_atomic, write_text_atomic
from clientcraft.core.errors import BuildDriftError, ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import json_schema_text
from clientcraft.core.settings import repo_root

from .catalogs import MAPPING, catalog_files
from .cells import dumps

MANIFEST = ".generated.json"
"""Each output folder records the files the build generated there, so stale ones can be found and removed."""

RENDERERS: tuple[tuple[str, str], ...] = (
    ("lessons", "clientcraft.rendering.lessons:render_lessons"),
    ("assignments", "clientcraft.rendering.assignments:render_assignments"),
    ("reviews", "clientcraft.rendering.toolkit:render_reviews"),
    ("handouts", "clientcraft.rendering.handouts:render_handouts"),
)
"""Renderer name and ``module:function``; each function maps a Curriculum to {repo-relative path: content}."""

OUTPUT_DIRS = ("notebooks", "instructor", "exercises", "solutions")
"""Folders the build writes into; a folder's files the build did not generate (``instructor/dashboard.ipynb``) are
left alone."""
SCHEMA_PATH = "data/schema/content.schema.json"


@dataclass
class BuildReport:
    """What a build wrote, left alone and removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _load_renderer(spec: str) -> Callable[[Curriculum], dict[str, NotebookNode | str]]:
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def render_all(cur: Curriculum) -> dict[str, str]:
    """Every generated file's repo-relative path and exact text."""
    files: dict[str, str] = {SCHEMA_PATH: json_schema_text()}
    for name, spec in RENDERERS:
        if name == "assignments" and not cur.has_assessment:
            continue  # a learner's copy has no graded content to render
        for path, content in _load_renderer(spec)(cur).items():
            if path.split("/", 1)[0] not in OUTPUT_DIRS:
                raise ClientcraftError(f"renderer {name!r} produced {path!r}, outside {', '.join(OUTPUT_DIRS)}")
            if path in files:
                raise ClientcraftError(f"renderer {name!r} produced {path!r}, which another renderer also produces")
            files[path] = dumps(content)
    for top in OUTPUT_DIRS:
        listed = sorted(p for p in files if p.startswith(top + "/"))
        files[f"{top}/{MANIFEST}"] = json.dumps({"generated": listed}, indent=1) + "\n"
    return files


def _previous(root: Path) -> set[str]:
    out: set[str] = set()
    for top in OUTPUT_DIRS:
        path = root / top / MANIFEST
        if path.is_file():
            try:
                out.update(json.loads(path.read_text(encoding="utf-8")).get("generated", []))
            except (ValueError, AttributeError):
                out.add(f"{top}/{MANIFEST}")  # unreadable manifest: report it as drifted
    return out


def project_root(root: Path | str | None) -> Path:
    """``root``, or this checkout when None."""
    if root is not None:
        return Path(root)
    found = repo_root()
    if found is None:
        raise ClientcraftError("not inside a clientcraft checkout; pass --root")
    return found


def _same(path: Path, content: str | bytes) -> bool:
    if not path.is_file():
        return False
    if isinstance(content, bytes):
        return path.read_bytes() == content
    return path.read_text(encoding="utf-8") == content


def _catalogs(cur: Curriculum, root: Path) -> dict[str, str | bytes]:
    if not (root / MAPPING).is_file():
        return {}  # not a checkout with catalogs (a learner's copy of the content): nothing to translate here
    return catalog_files(cur, root)


def build(cur: Curriculum | None = None, root: Path | str | None = None) -> BuildReport:
    """Write every generated file under ``root`` and remove the ones the content no longer produces; update the
    translation catalogs and compile the interface catalogs."""
    root = project_root(root)
    cur = cur or load_curriculum()
    files = render_all(cur)
    previous = _previous(root)  # read before the new manifests overwrite it
    report = BuildReport()
    for rel, content in sorted({**files, **_catalogs(cur, root)}.items()):
        path = root / rel
        if _same(path, content):
            report.unchanged.append(rel)
            continue
        if isinstance(content, bytes):
            write_bytes_atomic(path, content)
        else:
            write_text_atomic(path, content)
        report.written.append(rel)
    for rel in sorted(previous - set(files)):
        path = root / rel
        if path.is_file():
            path.unlink()
            report.removed.append(rel)
    return report


def drift(cur: Curriculum | None = None, root: Path | str | None = None) -> list[str]:
    """Generated files that differ from, are missing from, or linger in the committed tree."""
    root = project_root(root)
    cur = cur or load_curriculum()
    files = render_all(cur)
    out = []
    for rel, content in sorted({**files, **_catalogs(cur, root)}.items()):
        path = root / rel
        if not path.is_file():
            out.append(f"{rel}: missing")
        elif not _same(path, content):
            out.append(f"{rel}: differs from the content")
    for rel in sorted(_previous(root) - set(files)):
        if (root / rel).is_file():
            out.append(f"{rel}: no longer produced by the content")
    return out


def check_build(cur: Curriculum | None = None, root: Path | str | None = None) -> None:
    """Raise :class:`BuildDriftError` when committed generated files drift from the content."""
    drifted = drift(cur, root)
    if drifted:
        raise BuildDriftError(drifted)
