"""Which items are analysed together, and what the full analysis holds for different kinds of data."""

from __future__ import annotations

import pandas as pd
import pytest

from clientcraft.analytics.analysis import analyse, analysis_set
from clientcraft.analytics.items import AnalysisError
from clientcraft.analytics.simulate import simulate_cohort
from clientcraft.analytics.table import validate


def table(assignments):
    return validate(pd.DataFrame({"learner": ["a"] * len(assignments), "item": [f"i{k}" for k in range(len(assignments))],
                                  "credit": 1.0, "assignment": assignments})).table


def test_analysis_set_prefers_the_asked_then_the_final_then_all_but_the_baseline():
    t = table(["baseline", "final", "assess-x"])
    assert analysis_set(t) == ["final"]
    assert analysis_set(t, assignment="assess-x") == ["assess-x"]
    assert sorted(analysis_set(table(["baseline", "assess-x", "assess-y"]))) == ["assess-x", "assess-y"]
    assert analysis_set(table(["baseline"])) is None


def test_full_analysis_of_a_simulated_cohort():
    r = analyse(simulate_cohort(80, 6, seed=2).responses)
    assert r.analysed == "final" and len(r.items) == 6 and r.test["n_learners"] == 80
    assert r.prepost is not None and r.practice is not None and r.distractors is not None
    assert set(r.scores.index) == set(r.mastery["learner"])


def test_empty_table_is_an_error():
    with pytest.raises(AnalysisError, match="empty"):
        analyse(table([]).iloc[:0])
