"""The answer-key model and the key file: built from the content, validated, read back with clear errors."""

from __future__ import annotations

import json

import pytest

from clientcraft.core.errors import KeyFormatError
from clientcraft.core.keys import (
    PUBLIC_FIELDS_FORBIDDEN,
    AssignmentKey,
    assignment_key,
    item_key,
    parse_item_key,
    public_assignment,
    read_key_file,
)

from ..conftest import ASSIGNMENT


def test_assignment_key_holds_every_graded_item(grading_cur):
    key = assignment_key(grading_cur, ASSIGNMENT)
    assert list(key.items) == ["quiz-logo-redo", "quiz-late-payer"]
    assert key.items["quiz-logo-redo"] == item_key(grading_cur.scenario("quiz-logo-redo"))
    assert key.points == {"quiz-logo-redo": 1.0, "quiz-late-payer": 1.0}
    assert key.written["write-logo"].points == 3.0 and key.item_points("write-logo") == 3.0
    assert key.lessons["write-logo"] == "the-lesson"
    assert key.grade_ids == {"score-quiz-logo-redo": "quiz-logo-redo", "score-quiz-late-payer": "quiz-late-payer",
                             "written-write-logo": "write-logo"}


def test_the_key_file_round_trips(grading_cur, tmp_path):
    key = assignment_key(grading_cur, ASSIGNMENT)
    path = tmp_path / "k.key.json"
    path.write_text(key.to_json(), encoding="utf-8")
    assert read_key_file(path) == key


def test_the_public_view_carries_nothing_that_grades(grading_cur):
    text = json.dumps(public_assignment(grading_cur, ASSIGNMENT).model_dump(mode="json"))
    for field in PUBLIC_FIELDS_FORBIDDEN:
        assert f'"{field}"' not in text
    assert "KEYTXT" not in text


def _edited(key: AssignmentKey, fn) -> str:
    data = json.loads(key.to_json())
    fn(data)
    return json.dumps(data)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["items"]["quiz-logo-redo"].update(entry="nowhere"), "entry step 'nowhere'"),
    (lambda d: d["items"]["quiz-logo-redo"]["steps"]["open"]["options"]["a"].update(credit=2),
     "items.quiz-logo-redo.steps.open.options.a.credit"),
    (lambda d: d["items"]["quiz-logo-redo"]["steps"]["open"]["options"]["a"].update(next="gone"),
     "next step 'gone' is unknown"),
    (lambda d: d.pop("points"), "points must name exactly the scenario items"),
    (lambda d: d.update(format="something-else"), "format"),
    (lambda d: d["items"]["quiz-logo-redo"].pop("steps"), "items.quiz-logo-redo.steps"),
])
def test_a_broken_key_file_is_refused_naming_file_and_field(grading_cur, tmp_path, edit, message):
    path = tmp_path / "broken.key.json"
    path.write_text(_edited(assignment_key(grading_cur, ASSIGNMENT), edit), encoding="utf-8")
    with pytest.raises(KeyFormatError, match=message) as err:
        read_key_file(path)
    assert str(path) in str(err.value)


def test_missing_and_unreadable_key_files(tmp_path):
    with pytest.raises(KeyFormatError, match="no key file"):
        read_key_file(tmp_path / "none.key.json")
    (tmp_path / "bad.key.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(KeyFormatError, match="bad.key.json: not a valid key file"):
        read_key_file(tmp_path / "bad.key.json")


def test_an_item_key_from_a_hidden_test(grading_cur):
    key = item_key(grading_cur.scenario("quiz-late-payer"))
    assert parse_item_key(key.to_json()) == key
    with pytest.raises(KeyFormatError, match="hidden test: not a valid answer key"):
        parse_item_key('{"id": "x"}', "hidden test")
