"""Pure scoring of saved choices against a key (branching: mean credit along the path taken)."""

from __future__ import annotations

import pytest

from clientcraft.core.errors import KeyFormatError
from clientcraft.core.keys import best_choices, item_key
from clientcraft.core.branching import score_item, validate_key


@pytest.fixture
def logo(grading_cur):
    return item_key(grading_cur.scenario("quiz-logo-redo"))


@pytest.mark.parametrize("choices, credit, path", [
    ({"open": "a", "offer": "a"}, 1.0, "a>a"),
    ({"open": "c", "offer": "a"}, 0.75, "c>a"),
    ({"open": "b", "offer": "a"}, 0.5, "b>a"),
    ({"open": "b", "offer": "b"}, 0.0, "b>b"),
    ({"open": "a"}, 0.5, "a"),          # unanswered second step counts 0
    ({}, 0.0, ""),
    ({"offer": "a"}, 0.0, ""),          # an answer off the path does not count
])
def test_branching_credit_is_the_mean_along_the_path(logo, choices, credit, path):
    result = score_item(logo, choices)
    assert result.credit == pytest.approx(credit)
    assert result.path_text == path
    assert result.max_credit == 1.0


def test_misconception_is_of_the_first_weak_choice_and_recommendations_follow(logo):
    result = score_item(logo, {"open": "c", "offer": "b"})
    assert result.misconception == "over-promising"
    assert result.recommendations == ("scope-in-writing",)
    assert score_item(logo, {"open": "a", "offer": "a"}).recommendations == ()
    assert score_item(logo, {}).recommendations == ("listen-first", "scope-in-writing")


@pytest.mark.parametrize("bad", ["z", 5, None, ["a"], {"x": 1}])
def test_invalid_option_values_count_as_unanswered(logo, bad):
    result = score_item(logo, {"open": bad})
    assert result.credit == 0.0
    assert result.invalid == (("open",) if bad is not None else ())


def test_best_choices_walk_the_best_path(logo):
    assert best_choices(logo) == {"open": "a", "offer": "a"}
    assert score_item(logo, best_choices(logo)).credit == 1.0


def test_malformed_keys_are_named(logo):
    broken = {**logo, "entry": "nowhere"}
    with pytest.raises(KeyFormatError, match="entry step 'nowhere'"):
        validate_key(broken, "cell score-x")
    bad_credit = {**logo, "steps": {**logo["steps"], "offer": {"options": {"a": {**logo["steps"]["offer"]["options"]["a"], "credit": 2}}}}}
    with pytest.raises(KeyFormatError, match="credit 2"):
        score_item(bad_credit, {})
    with pytest.raises(KeyFormatError, match="malformed"):
        score_item({"id": "x"}, {})
