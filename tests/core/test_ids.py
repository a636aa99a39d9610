"""The learner-id rule: short, plain, no path or exchange separators."""

from __future__ import annotations

import pytest

from clientcraft.core.ids import MAX_LEARNER_ID, LearnerIdError, check_learner_id, is_learner_id


@pytest.mark.parametrize("value", ["ann", "a", "A.b_c-9", "9lives", "x" * MAX_LEARNER_ID])
def test_plain_ids_pass(value):
    assert is_learner_id(value) and check_learner_id(value, "roster.csv line 2") == value


@pytest.mark.parametrize("value", ["", "x" * (MAX_LEARNER_ID + 1), "../x", "..", ".hidden", "-rf", "a+b", "a b",
                                   "a/b", "é", "=cmd", "a\n", None, 7])
def test_everything_else_is_refused_with_where_it_came_from(value):
    assert not is_learner_id(value)
    with pytest.raises(LearnerIdError) as err:
        check_learner_id(value, "--learner")
    assert str(err.value).startswith("--learner: learner id")
