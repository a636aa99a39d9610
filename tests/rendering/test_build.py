"""`clientcraft build` renders notebooks from content and `build --check` catches drift."""

from __future__ import annotations

import json

import nbformat
import pytest
from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.core.errors import BuildDriftError
from clientcraft.core.loader import load_curriculum
from clientcraft.rendering.build import build, check_build, drift


@pytest.fixture
def built(tmp_path, content_copy):
    cur = load_curriculum(content_copy())
    out = tmp_path / "project"
    report = build(cur, out)
    return cur, out, report


def test_build_writes_lesson_notebooks_and_is_idempotent(built):
    cur, out, report = built
    assert "notebooks/01-the-lesson.ipynb" in report.written
    nb = nbformat.read(out / "notebooks/01-the-lesson.ipynb", as_version=4)
    nbformat.validate(nb)
    again = build(cur, out)
    assert again.written == [] and len(again.unchanged) == len(report.written)
    assert drift(cur, out) == []


def test_drift_is_detected_for_edited_missing_and_stale_files(built, content_copy):
    cur, out, _ = built
    nb_path = out / "notebooks/01-the-lesson.ipynb"
    nb_path.write_text(nb_path.read_text().replace("The lesson", "A hand edit"))
    (out / "notebooks/00-intro.ipynb").unlink()
    assert sorted(drift(cur, out)) == [
        "notebooks/00-intro.ipynb: missing",
        "notebooks/01-the-lesson.ipynb: differs from the content",
    ]
    with pytest.raises(BuildDriftError, match="2 generated file"):
        check_build(cur, out)
    # a lesson removed from the content leaves a stale notebook behind: reported, then removed by build
    root = content_copy("lessons/lessons.yaml", lambda d: d["lessons"][1].update(id="renamed-lesson"))
    content_copy("recommendations.yaml", lambda d: [r.update(lesson="renamed-lesson") for r in d["recommendations"]])
    content_copy("practice/practice.yaml", lambda d: [s.update(lesson="renamed-lesson") for s in d["scenarios"]])
    content_copy("assessment/assessment.yaml", lambda d: [s.update(lesson="renamed-lesson") for s in d["scenarios"]]
                 + [p.update(lesson="renamed-lesson") for p in d["prompts"]]
                 + [a.update(lesson="renamed-lesson") for a in d["assignments"]])
    cur2 = load_curriculum(root)
    assert "notebooks/01-the-lesson.ipynb: no longer produced by the content" in drift(cur2, out)
    report = build(cur2, out)
    assert "notebooks/01-the-lesson.ipynb" in report.removed
    assert not (out / "notebooks/01-the-lesson.ipynb").exists()
    assert drift(cur2, out) == []


def test_cells_have_deterministic_ids(built, tmp_path):
    cur, out, _ = built
    second = tmp_path / "second"
    build(cur, second)
    a = (out / "notebooks/01-the-lesson.ipynb").read_text()
    b = (second / "notebooks/01-the-lesson.ipynb").read_text()
    assert a == b
    ids = [c["id"] for c in json.loads(a)["cells"]]
    assert len(ids) == len(set(ids))


def test_committed_generated_files_match_the_content():
    """The drift check on the real repository: CI fails when someone edits a notebook by hand."""
    result = CliRunner().invoke(main, ["build", "--check"])
    assert result.exit_code == 0, result.output
