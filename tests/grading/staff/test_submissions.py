"""Submission diagnosis without running nbgrader: codes, repairs, nothing lost."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbgrader.preprocessors import ComputeChecksums

from clientcraft.grading.staff.keys import keys_from_notebook
from clientcraft.grading.staff.submissions import REASONS, diagnose, restore_cells

from ...conftest import ASSIGNMENT


@pytest.fixture
def released(rendered, tmp_path):
    src = rendered / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(src, as_version=4)
    nb, _ = ComputeChecksums().preprocess(nb, {})
    path = tmp_path / "release" / f"{ASSIGNMENT}.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


@pytest.fixture
def key(rendered):
    return keys_from_notebook(rendered / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")


def _submit(tmp_path, released, answers=None):
    folder = tmp_path / "sub"
    folder.mkdir()
    shutil.copyfile(released, folder / released.name)
    if answers is not None:
        (folder / "answers.json").write_text(json.dumps(
            {"format": "clientcraft-answers", "version": 1, "items": answers, "history": []}))
    return folder


def _diag(folder, released, key, tmp_path, **kw):
    return diagnose(folder, released, key, learner="ann", assignment=ASSIGNMENT,
                    quarantine=tmp_path / "quarantine", **kw)


def test_a_clean_submission_is_ok(tmp_path, released, key):
    folder = _submit(tmp_path, released, {"quiz-logo-redo": {"open": "a"}})
    assert _diag(folder, released, key, tmp_path).status == "ok"


def test_codes_are_collected_per_submission_and_item(tmp_path, released, key):
    folder = _submit(tmp_path, released, {"quiz-logo-redo": {"open": "q"}, "ghost": {"s": "a"}})
    d = _diag(folder, released, key, tmp_path, inbound_count=3, seconds_late=90)
    assert d.codes == ["invalid-options", "unknown-items", "late", "duplicate-submission"]
    assert d.item_codes == {"quiz-logo-redo": ["invalid-options"]}
    assert set(d.codes) <= set(REASONS)


def test_deleted_cells_are_put_back_in_place_and_the_original_kept(tmp_path, released, key):
    folder = _submit(tmp_path, released, {})
    nb = nbformat.read(folder / released.name, as_version=4)
    added = nbformat.v4.new_markdown_cell("my own notes")
    ids = [c.metadata.nbgrader["grade_id"] for c in nb.cells]
    keep = [c for c in nb.cells if c.metadata.nbgrader["grade_id"] not in ("setup", "score-quiz-late-payer")]
    keep.insert(3, added)
    nb.cells = keep
    nbformat.write(nb, folder / released.name)
    d = _diag(folder, released, key, tmp_path)
    assert "deleted-cells" in d.codes and d.item_codes["quiz-late-payer"] == ["deleted-cells"]
    fixed = nbformat.read(folder / released.name, as_version=4)
    assert [c.metadata.get("nbgrader", {}).get("grade_id") for c in fixed.cells if "nbgrader" in c.metadata] == ids
    assert any(c.source == "my own notes" for c in fixed.cells)
    assert (tmp_path / "quarantine" / ASSIGNMENT / "ann" / released.name).is_file()


def test_restore_cells_keeps_learner_cells_after_their_anchor(released):
    nb = nbformat.read(released, as_version=4)
    extra = nbformat.v4.new_code_cell("x = 1")
    nb.cells.insert(2, extra)
    del nb.cells[0]
    out = restore_cells(nb, nbformat.read(released, as_version=4))
    assert out.cells[0].metadata.nbgrader["grade_id"] == "intro"
    assert out.cells[2].source == "x = 1"


def test_unreadable_notebook_is_quarantined_and_replaced(tmp_path, released, key):
    folder = _submit(tmp_path, released, {"quiz-logo-redo": {"open": "a"}})
    (folder / released.name).write_text("{nope")
    d = _diag(folder, released, key, tmp_path)
    assert d.codes == ["invalid-notebook"]
    assert (tmp_path / "quarantine" / ASSIGNMENT / "ann" / released.name).read_text() == "{nope"
    assert nbformat.read(folder / released.name, as_version=4).cells


def test_edited_locked_cells_are_reported(tmp_path, released, key):
    folder = _submit(tmp_path, released, {})
    nb = nbformat.read(folder / released.name, as_version=4)
    nb.cells[1].source = "print('hi')"
    nbformat.write(nb, folder / released.name)
    d = _diag(folder, released, key, tmp_path)
    assert "edited-cells" in d.codes and "setup" in d.details[-1]
