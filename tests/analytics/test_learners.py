"""Learner scores, mastery, practice attempts, time on task, cohort comparison and pre/post gains."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from clientcraft.analytics.items import AnalysisError
from clientcraft.analytics.learners import (
    attempts_to_success,
    cohort_comparison,
    learner_scores,
    mastery,
    mastery_matrix,
    practice_summary,
    prepost,
    prepost_by_cohort,
    time_on_task,
)
from clientcraft.analytics.table import validate


def make(rows, columns):
    return validate(pd.DataFrame(rows, columns=columns.split())).table


def test_scores_count_missing_as_zero():
    t = make([("a", "k1", "x", 1), ("a", "k1", "y", 0.5), ("b", "k2", "x", 1)], "learner cohort item credit")
    s = learner_scores(t)
    assert s.loc["a", "score"] == 1.5 and s.loc["b", "score"] == 1 and s.loc["b", "answered"] == 1
    assert s.loc["b", "percent"] == pytest.approx(50) and s.loc["b", "cohort"] == "k2"


def test_mastery_threshold_and_minimum_answers():
    t = make([("a", "x", 1, "r1 r2"), ("a", "y", 0.6, "r1"), ("a", "z", 1, "r3"), ("a", "x", 0, "r1 r2")],
             "learner item credit recommendations")
    t.loc[3, "attempt"] = 2  # a retry: mastery uses first attempts only
    m = mastery(t).set_index("recommendation")
    assert m.loc["r1", "answers"] == 2 and m.loc["r1", "mastery"] == pytest.approx(0.8)
    assert bool(m.loc["r1", "mastered"])
    assert not m.loc["r3", "mastered"]  # one answer is not enough evidence
    assert mastery_matrix(mastery(t)).loc["a", "r2"] == 1.0


def test_attempts_to_success_and_practice_summary():
    t = make([("a", "p", 0, 1), ("a", "p", 1, 2), ("b", "p", 1, 1), ("c", "p", 0, 1), ("c", "p", 0, 2)],
             "learner item credit attempt").assign(mode="practice")
    a = attempts_to_success(t).set_index("learner")
    assert a["attempts_to_success"].tolist()[:2] == [2, 1] and math.isnan(a.loc["c", "attempts_to_success"])
    s = practice_summary(a.reset_index()).loc["p"]
    assert s["solved"] == pytest.approx(2 / 3) and s["first_try"] == pytest.approx(1 / 3)
    assert s["mean_attempts_to_success"] == pytest.approx(1.5)


def test_time_on_task_counts_untimed_answers():
    t = make([("a", "x", 1, 30, "l1"), ("a", "y", 1, 90, "l2"), ("a", "z", 1, None, "l2")],
             "learner item credit seconds lesson")
    assert time_on_task(t).loc["a", "minutes"] == pytest.approx(2) and time_on_task(t).loc["a", "untimed"] == 1
    assert time_on_task(t, by="lesson").loc[("a", "l2"), "minutes"] == pytest.approx(1.5)


def test_cohort_comparison_hand_computed():
    scores = pd.DataFrame({"cohort": ["k1"] * 3 + ["k2"] * 3, "percent": [40, 50, 60, 70, 80, 90.0]})
    c = cohort_comparison(scores)
    assert c.loc["k1", "mean"] == 50 and c.loc["k1", "sd_sample"] == pytest.approx(10)
    assert c.loc["k1", "ci95_high"] - 50 == pytest.approx(4.302652729911275 * 10 / math.sqrt(3))
    assert 0 < c.attrs["anova_p"] < 0.05
    assert math.isnan(cohort_comparison(scores.iloc[:3]).attrs["anova_p"])


def test_prepost_hake_gains():
    rows = [("a", "baseline", "p1", 1), ("a", "baseline", "p2", 0), ("a", "final", "f1", 1), ("a", "final", "f2", 0.5),
            ("b", "baseline", "p1", 1), ("b", "baseline", "p2", 1), ("b", "final", "f1", 1), ("b", "final", "f2", 1),
            ("c", "baseline", "p1", 0)]  # c never took the final: not matched
    pp = prepost(make(rows, "learner assignment item credit"))
    assert pp.learners.loc["a", "pre_pct"] == 50 and pp.learners.loc["a", "post_pct"] == 75
    assert pp.learners.loc["a", "g"] == pytest.approx(0.5)
    assert math.isnan(pp.learners.loc["b", "g"])  # at the ceiling before: undefined
    s = pp.summary
    assert s["learners_both"] == 2 and s["learners_pre"] == 3
    assert s["g_class"] == pytest.approx((87.5 - 75) / 25) and s["g_ave"] == pytest.approx(0.5)
    assert s["learners_at_ceiling_pre"] == 1
    by = prepost_by_cohort(pp)
    assert by.loc["", "learners"] == 2 and by.loc["", "g_class"] == pytest.approx(0.5)


def test_prepost_needs_both_tests():
    with pytest.raises(AnalysisError, match="final"):
        prepost(make([("a", "baseline", "p1", 1)], "learner assignment item credit"))


def test_one_learner_everything_defined_or_nan():
    t = make([("a", "x", 1)], "learner item credit")
    assert learner_scores(t).loc["a", "percent"] == 100
    c = cohort_comparison(learner_scores(t))
    assert np.isnan(c["sd_sample"].iloc[0])


def test_analysis_mastery_leaves_out_the_baseline():
    from clientcraft.analytics.analysis import analyse

    t = make([("a", "baseline", "p1", 0, "r1", "assessment"), ("a", "final", "f1", 1, "r1", "assessment"),
              ("a", "", "x", 1, "r1", "practice")], "learner assignment item credit recommendations mode")
    m = analyse(t).mastery.set_index("recommendation")
    assert m.loc["r1", "answers"] == 2 and m.loc["r1", "mastery"] == 1.0
