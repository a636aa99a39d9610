"""Reading a submission as data: choices and written answers only, bounded reads, a reason code for every oddity."""

from __future__ import annotations

import json
import os
import shutil

import nbformat
import pytest
from nbgrader.preprocessors import ComputeChecksums

from clientcraft.core.keys import assignment_key
from clientcraft.grading.staff.submissions import (
    MAX_DEPTH, MAX_WRITTEN_CHARS, REASONS, Template, UnreadableFile, parse_json, read_bounded, take_submission,
)

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
def template(grading_cur, released):
    key = assignment_key(grading_cur, ASSIGNMENT)
    written = {gid: item for gid, item in key.grade_ids.items() if item in key.written}
    steps = {i: {s: list(st.options) for s, st in k.steps.items()} for i, k in key.items.items()}
    return Template.of(json.loads(released.read_text()), released.name, written, steps)


def _submit(tmp_path, released, answers=None):
    folder = tmp_path / "sub"
    folder.mkdir()
    shutil.copyfile(released, folder / released.name)
    if answers is not None:
        (folder / "answers.json").write_text(json.dumps(
            {"format": "clientcraft-answers", "version": 1, "items": answers, "history": []}))
    return folder


def _take(folder, template):
    return take_submission(folder, template, learner="ann", assignment=ASSIGNMENT)


def _edit(folder, name, fn):
    nb = nbformat.read(folder / name, as_version=4)
    fn(nb)
    nbformat.write(nb, folder / name)


def test_a_clean_submission_is_ok(tmp_path, released, template):
    folder = _submit(tmp_path, released, {"quiz-logo-redo": {"open": "a"}})
    intake = _take(folder, template)
    assert intake.diagnosis.status == "ok"
    assert intake.choices == {"quiz-logo-redo": {"open": "a"}}
    assert intake.written == {"write-logo": template.stub}


def test_codes_are_collected_per_submission_and_item(tmp_path, released, template):
    folder = _submit(tmp_path, released, {"quiz-logo-redo": {"open": "q", "offer": "a"}, "ghost": {"s": "a"}})
    d = _take(folder, template).diagnosis
    assert d.codes == ["invalid-options", "unknown-items"]
    assert d.item_codes == {"quiz-logo-redo": ["invalid-options"]}
    assert set(d.codes) <= set(REASONS)


def test_other_fields_of_the_answers_file_never_cost_the_saved_choices(tmp_path, released, template):
    folder = _submit(tmp_path, released)
    (folder / "answers.json").write_text(json.dumps({"format": "x", "version": 9, "extra": [1],
                                                     "items": {"quiz-late-payer": {"reply": "b"}}}))
    intake = _take(folder, template)
    assert intake.choices == {"quiz-late-payer": {"reply": "b"}}
    assert intake.diagnosis.codes == ["invalid-answers"]


def test_written_answer_is_found_by_grade_id_and_cleaned(tmp_path, released, template):
    folder = _submit(tmp_path, released, {})
    text = "line one\r\nline two\x00\x1b[31m <script>alert(1)</script>" + "x" * MAX_WRITTEN_CHARS

    def write(nb):
        for c in nb.cells:
            if c.metadata.nbgrader["grade_id"] == "written-write-logo":
                c.source = text
    _edit(folder, released.name, write)
    intake = _take(folder, template)
    got = intake.written["write-logo"]
    assert got.startswith("line one\nline two[31m <script>") and len(got) == MAX_WRITTEN_CHARS
    assert intake.diagnosis.codes == ["long-written-answer"]


def test_a_renamed_written_cell_is_still_found_and_flagged(tmp_path, released, template):
    folder = _submit(tmp_path, released, {})

    def rename(nb):
        for c in nb.cells:
            if c.metadata.nbgrader["grade_id"] == "written-write-logo":
                c.metadata.nbgrader["grade_id"] = "renamed"
                c.metadata.nbgrader["grade"] = False
                c.source = "my answer"
    _edit(folder, released.name, rename)
    intake = _take(folder, template)
    assert intake.written == {"write-logo": "my answer"}
    assert {"moved-written-answer", "forged-cells", "deleted-cells"} <= set(intake.diagnosis.codes)


def test_added_edited_and_forged_cells_are_reported_and_ignored(tmp_path, released, template):
    folder = _submit(tmp_path, released, {})

    def tamper(nb):
        nb.cells[1].source = "import os; os._exit(1)"
        nb.cells[0].metadata.nbgrader["locked"] = False
        forged = nbformat.v4.new_code_cell("1.0")
        forged.metadata["nbgrader"] = {"grade": True, "grade_id": "score-quiz-logo-redo", "points": 1.0}
        nb.cells.append(forged)
        nb.cells.append(nbformat.v4.new_code_cell("print('x' * 10**8)"))
        nb.cells.append(nbformat.v4.new_code_cell(""))
    _edit(folder, released.name, tamper)
    d = _take(folder, template).diagnosis
    assert {"edited-cells", "edited-metadata", "forged-cells", "added-cells"} <= set(d.codes)
    assert "1 cell(s) added" in " ".join(d.details)  # the empty cell Shift+Enter leaves is not counted


def test_bounded_reads_refuse_links_special_files_and_big_files(tmp_path):
    target = tmp_path / "secret.txt"
    target.write_text("key")
    (tmp_path / "link").symlink_to(target)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "big").write_bytes(b"x" * 101)
    os.link(target, tmp_path / "hard")
    codes = {}
    for name in ("link", "fifo", "big", "hard", "absent"):
        with pytest.raises(UnreadableFile) as err:
            read_bounded(tmp_path / name, 100)
        codes[name] = err.value.code
    assert codes == {"link": "symlink", "fifo": "special-file", "big": "oversized", "hard": "hardlink",
                     "absent": "missing"}


def test_deep_binary_and_broken_json_are_values_errors():
    with pytest.raises(ValueError, match="nested deeper"):
        parse_json(b"[" * 200_000 + b"]" * 200_000, "answers.json")
    with pytest.raises(ValueError, match="nested deeper"):
        parse_json(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "answers.json")
    with pytest.raises(ValueError, match="not UTF-8"):
        parse_json(bytes(range(256)), "answers.json")
    with pytest.raises(ValueError, match="not valid JSON"):
        parse_json(b'{"items": {', "answers.json")
    assert parse_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, "x")
