"""Fixtures of the grading tests: the small fixture assessment, rendered, and an nbgrader course made from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientcraft.loader import load_curriculum
from clientcraft.notebooks.assignments import render_assignments
from clientcraft.notebooks.cells import dumps

GRADING_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
ASSIGNMENT = "assess-the-lesson"


@pytest.fixture(scope="session")
def grading_cur():
    """The fixture assessment content (two scenarios, one branching; one written prompt)."""
    return load_curriculum(GRADING_CONTENT, strict=False)


def write_rendered(cur, root: Path) -> Path:
    """Render the assignments of ``cur`` under ``root`` (as `clientcraft build` would); return root."""
    for rel, nb in render_assignments(cur).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(nb), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def rendered(grading_cur, tmp_path_factory) -> Path:
    """A folder holding exercises/ and solutions/ rendered from the fixture content."""
    return write_rendered(grading_cur, tmp_path_factory.mktemp("rendered"))
