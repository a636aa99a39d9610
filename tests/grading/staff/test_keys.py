"""Keys read back from an nbgrader source notebook."""

from __future__ import annotations

import nbformat
import pytest

from clientcraft.core.errors import KeyFormatError
from clientcraft.core.keys import item_key
from clientcraft.grading.staff.keys import keys_from_notebook

from ...conftest import ASSIGNMENT


def test_keys_points_and_lessons_come_back_from_the_source(rendered, grading_cur):
    key = keys_from_notebook(rendered / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert key.items["quiz-logo-redo"] == item_key(grading_cur.scenario("quiz-logo-redo"))
    assert key.points == {"quiz-logo-redo": 1.0, "quiz-late-payer": 1.0}
    assert key.written == {"write-logo": 3.0}
    assert key.lessons["write-logo"] == "the-lesson"
    assert key.grade_ids["score-quiz-late-payer"] == "quiz-late-payer"


def test_a_notebook_without_graded_items_is_refused(tmp_path):
    path = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), path)
    with pytest.raises(KeyFormatError, match="no graded items"):
        keys_from_notebook(path)
