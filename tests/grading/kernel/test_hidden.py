"""What hidden tests run: points from the saved answers, a summary shown, nothing ever on stderr."""

from __future__ import annotations

import json
import warnings

import pytest

from clientcraft.core.keys import item_key
from clientcraft.grading.kernel.answers import Answers, save_answers
from clientcraft.grading.kernel.hidden import grade_item


@pytest.fixture
def key(grading_cur):
    return item_key(grading_cur.scenario("quiz-logo-redo"))


def test_points_scale_the_credit(tmp_path, key):
    a = Answers()
    a.record("quiz-logo-redo", "open", "c")
    a.record("quiz-logo-redo", "offer", "a")
    save_answers(tmp_path / "answers.json", a)
    assert grade_item(key.to_json(), points=2.0, folder=str(tmp_path)) == pytest.approx(1.5)
    assert grade_item(key, folder=str(tmp_path)) == pytest.approx(0.75)


@pytest.mark.parametrize("content", [None, "{bad", json.dumps({"format": "clientcraft-answers", "version": 1,
                                                                "items": {"quiz-logo-redo": {"open": 7}}})])
def test_problems_score_zero_without_stderr_or_warnings(tmp_path, key, capfd, content):
    if content is not None:
        (tmp_path / "answers.json").write_text(content)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert grade_item(key, folder=str(tmp_path)) == 0.0
    assert capfd.readouterr().err == ""
