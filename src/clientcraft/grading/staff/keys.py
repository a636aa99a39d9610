"""Read answer keys and points back out of an nbgrader source notebook (the course's copy of the key)."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from clientcraft.core.errors import KeyFormatError
from clientcraft.core.branching import validate_key

_CALL = re.compile(r"grade_item\((?P<key>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"), points=(?P<points>[0-9.]+)\)")


@dataclass
class AssignmentKey:
    """The keys of one assignment: scenario keys and points by item, written prompts' points."""

    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    points: dict[str, float] = field(default_factory=dict)
    written: dict[str, float] = field(default_factory=dict)
    lessons: dict[str, str] = field(default_factory=dict)
    """Lesson of each item."""
    grade_ids: dict[str, str] = field(default_factory=dict)
    """grade id of each item's graded cell -> item id."""


def keys_from_notebook(path: Path | str) -> AssignmentKey:
    """Parse the hidden tests and manually graded cells of a source notebook."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    out = AssignmentKey()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        gid = meta.get("grade_id", "")
        if meta.get("solution") and gid.startswith("written-"):
            item = gid[len("written-"):]
            out.written[item] = float(meta.get("points", 0))
            out.lessons[item] = cell.metadata.get("clientcraft", {}).get("lesson", "")
            out.grade_ids[gid] = item
            continue
        match = _CALL.search(cell.source)
        if not match:
            continue
        try:
            key = json.loads(ast.literal_eval(match.group("key")))
        except (ValueError, SyntaxError) as exc:
            raise KeyFormatError(f"{path}: cell {gid}", f"hidden test key is not readable ({exc})") from None
        validate_key(key, f"{path}: cell {gid}")
        out.items[key["id"]] = key
        out.points[key["id"]] = float(match.group("points"))
        out.lessons[key["id"]] = key.get("lesson", "")
        out.grade_ids[gid] = key["id"]
    if not out.items and not out.written:
        raise KeyFormatError(str(path), "no graded items found (is this an nbgrader source notebook?)")
    return out
