"""Conformance with Moodle's quiz statistics (fixture quiz 00) and Canvas's item analysis."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from clientcraft.analytics.distractors import canvas_summary, learner_groups
from clientcraft.analytics.items import ScoreMatrix, item_statistics, test_statistics
from clientcraft.analytics.table import validate

MOODLE_COLUMNS = {  # Moodle's name -> (our column, factor from ours to Moodle's)
    "facility": ("facility", 1), "sd": ("sd_sample", 1), "effectiveweight": ("effective_weight_pct", 1),
    "covariance": ("cov_item_rest_sample", 1), "markvariance": ("mark_var_sample", 1),
    "othermarkvariance": ("rest_var_sample", 1), "discriminationindex": ("disc_item_rest", 100),
    "covariancemax": ("covmax_sample", 1), "discriminativeefficiency": ("disc_efficiency", 100),
}


@pytest.fixture
def moodle(conformance):
    marks = pd.read_csv(conformance / "moodle_quiz00_marks.csv", index_col="quizattempt")
    sm = ScoreMatrix.from_frame(marks.drop(columns="summarks"), 1.0)
    expected = pd.read_csv(conformance / "moodle_quiz00_expected_qstats.csv", index_col="slot")
    quiz = json.loads((conformance / "moodle_quiz00_expected_quiz.json").read_text())
    return sm, expected, quiz


@pytest.mark.parametrize("moodle_name", sorted(MOODLE_COLUMNS))
def test_moodle_per_question(moodle, moodle_name):
    sm, expected, _ = moodle
    ours, factor = MOODLE_COLUMNS[moodle_name]
    got = item_statistics(sm)[ours].to_numpy() * factor
    np.testing.assert_allclose(got, expected[moodle_name].to_numpy(), rtol=0, atol=1e-6)


def test_moodle_quiz_level(moodle):
    sm, _, quiz = moodle
    exp = quiz["quiz_level_expected"]
    got = test_statistics(sm)
    pairs = {"mean": "mean", "median": "median", "standarddeviation": "sd_sample", "skewness": "skewness",
             "kurtosis": "kurtosis", "errorratio": "error_ratio_pct", "standarderror": "standard_error"}
    for theirs, ours in pairs.items():
        assert got[ours] == pytest.approx(exp[theirs], abs=1e-6), theirs
    assert 100 * got["alpha"] == pytest.approx(exp["cic"], abs=1e-6)
    assert got["alpha"] < 0  # random responses: a negative alpha is a real edge case


def test_moodle_item_rest_and_item_total_correlations(moodle):
    sm, _, quiz = moodle
    stats = item_statistics(sm)
    np.testing.assert_allclose(stats["disc_item_rest"], quiz["r_item_rest"], atol=5e-5)
    np.testing.assert_allclose(stats["r_item_total"], quiz["r_item_total"], atol=5e-5)
    np.testing.assert_allclose(stats["facility"], quiz["p"], atol=5e-5)


def test_moodle_dubious_items_flagged(moodle):
    sm, expected, _ = moodle
    stats = item_statistics(sm)
    dubious = stats["review"].str.contains("dubious").to_numpy()
    assert (dubious == (expected["discriminativeefficiency"].to_numpy() < 15)).all()


@pytest.fixture
def canvas(conformance):
    wide = pd.read_csv(conformance / "canvas_itemanalysis_fixture.csv")
    key = {"q1": "T", "q2": "D", "q3": "F", "q4": "A"}
    long = wide.melt(id_vars="student", var_name="item", value_name="option").dropna(subset=["option"])
    long = long.assign(learner=long["student"], credit=(long["option"] == long["item"].map(key)).astype(float))
    options = {"q1": ["T", "F"], "q2": list("ABCD"), "q3": ["T", "F"], "q4": list("ABCD")}
    expected = json.loads((conformance / "canvas_fixture_expected.json").read_text())
    return validate(long, "canvas fixture").table, options, expected


def test_canvas_items_exactly(canvas):
    table, options, expected = canvas
    assert canvas_summary(table, options=options) == expected["expected_from_canvas_spec"]


def test_canvas_buckets_ties_go_up(canvas):
    table, _, expected = canvas
    grp = learner_groups(table)["group"]
    for bucket, members in expected["buckets"].items():
        assert sorted(grp.index[grp == bucket]) == sorted(members)
