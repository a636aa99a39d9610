"""The answers file: durable, atomic, validated."""

from __future__ import annotations

import json

import pytest

from clientcraft.grading.errors import AnswersFileError
from clientcraft.grading.kernel import answers as ans


def test_round_trip_keeps_latest_choice_and_full_history(tmp_path):
    path = ans.answers_path(tmp_path)
    a = ans.Answers(assignment="x")
    a.record("item", "s1", "b")
    a.record("item", "s1", "a")
    ans.save_answers(path, a)
    back = ans.load_answers(path)
    assert back.choices("item") == {"s1": "a"}
    assert [c.option for c in back.history] == ["b", "a"]
    assert not list(tmp_path.glob(".answers-*"))  # no temporary file left behind


def test_a_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = ans.answers_path(tmp_path)
    a = ans.Answers()
    a.record("item", "s1", "a")
    ans.save_answers(path, a)
    before = path.read_text()
    a.record("item", "s1", "b")

    def boom(*_args, **_kw):
        raise OSError("disk full")

    monkeypatch.setattr(ans.os, "replace", boom)
    with pytest.raises(OSError):
        ans.save_answers(path, a)
    assert path.read_text() == before
    assert not list(tmp_path.glob(".answers-*"))


@pytest.mark.parametrize("content, code", [
    (None, "missing-answers"),
    ("{not json", "invalid-answers-json"),
    (b"\xff\xfe", "invalid-answers-json"),
    (json.dumps([1, 2]), "invalid-answers"),
    (json.dumps({"format": "clientcraft-answers", "version": 99}), "invalid-answers"),
    (json.dumps({"format": "clientcraft-answers", "version": 1, "items": {"x": "a"}}), "invalid-answers"),
    (json.dumps({"format": "clientcraft-answers", "version": 1, "surprise": 1}), "invalid-answers"),
])
def test_bad_files_raise_with_a_reason_code_and_the_path(tmp_path, content, code):
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(AnswersFileError) as err:
        ans.load_answers(path)
    assert err.value.code == code
    assert str(path) in str(err.value)


def test_in_memory_answers_take_precedence_until_switched_off(tmp_path):
    try:
        ans.use_in_memory({"item": {"s1": "a"}})
        assert ans.current_answers(tmp_path).choices("item") == {"s1": "a"}
    finally:
        ans.use_in_memory(None)
    with pytest.raises(AnswersFileError):
        ans.current_answers(tmp_path)
