"""Misconception summaries: counts, distinct learners and shares, overall and per lesson and recommendation."""

from __future__ import annotations

import pandas as pd
import pytest

from clientcraft.analytics.misconceptions import misconception_summary
from clientcraft.analytics.table import validate
from clientcraft.core.loader import load_curriculum

from .conftest import REPO

ROWS = [  # learner, item, credit, misconception, lesson, recommendations, attempt
    ("a", "s1", 0, "getting-defensive", "l1", "r1 r2", 1),
    ("a", "s1", 0, "getting-defensive", "l1", "r1 r2", 2),
    ("a", "s1", 1, None, "l1", "r1 r2", 3),
    ("b", "s1", 0, "getting-defensive", "l1", "r1 r2", 1),
    ("b", "s2", 0, "over-promising", "l2", "r2", 1),
    ("c", "s2", 1, None, "l2", "r2", 1),
]


@pytest.fixture
def table():
    raw = pd.DataFrame(ROWS, columns=["learner", "item", "credit", "misconception", "lesson", "recommendations",
                                      "attempt"]).assign(mode="practice")
    return validate(raw).table


def test_overall_counts_retries_and_distinct_learners(table):
    s = misconception_summary(table).set_index("misconception")
    assert s.index.tolist() == ["getting-defensive", "over-promising"]  # most chosen first
    assert s.loc["getting-defensive", "chosen"] == 3 and s.loc["getting-defensive", "learners"] == 2
    assert s.loc["getting-defensive", "share"] == pytest.approx(3 / 6)


def test_per_lesson_share_is_of_that_lessons_answers(table):
    s = misconception_summary(table, by="lesson").set_index(["misconception", "lesson"])
    assert s.loc[("getting-defensive", "l1"), "share"] == pytest.approx(3 / 4)
    assert s.loc[("over-promising", "l2"), "share"] == pytest.approx(1 / 2)


def test_per_recommendation_spreads_over_each_id(table):
    s = misconception_summary(table, by="recommendation").set_index(["misconception", "recommendation"])
    assert s.loc[("getting-defensive", "r1"), "chosen"] == 3
    assert s.loc[("getting-defensive", "r2"), "chosen"] == 3
    assert s.loc[("over-promising", "r2"), "chosen"] == 1
    assert s.loc[("getting-defensive", "r2"), "share"] == pytest.approx(3 / 6)  # r2 has all 6 answers
    assert s.loc[("getting-defensive", "r2"), "learners"] == 2


def test_labels_from_the_curriculum(table):
    cur = load_curriculum(REPO / "tests" / "fixtures" / "content")
    s = misconception_summary(table, curriculum=cur).set_index("misconception")
    assert s.loc["getting-defensive", "label"] == "Getting defensive"
