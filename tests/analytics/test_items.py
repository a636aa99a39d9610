"""Item and test statistics on small hand-computed cases and edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from clientcraft.analytics.items import (
    AnalysisError,
    ScoreMatrix,
    groups,
    item_statistics,
    score_matrix,
    test_statistics,
)
from clientcraft.analytics.table import validate

# 4 learners x 3 items, a perfect Guttman pattern; figures below are worked by hand in the comments.
GUTTMAN = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], index=list("ABCD"), columns=["i1", "i2", "i3"],
                       dtype=float)


def test_hand_computed_item_one():
    s = item_statistics(ScoreMatrix.from_frame(GUTTMAN)).loc["i1"]
    assert s["facility"] == pytest.approx(0.75)
    assert s["mark_var_sample"] == pytest.approx(0.25)        # (3 * .25^2 + .75^2) / 3
    assert s["rest_var_sample"] == pytest.approx(2.75 / 3)     # rest = 2, 1, 0, 0
    assert s["cov_item_rest_sample"] == pytest.approx(0.25)    # 0.75 / 3
    assert s["disc_item_rest"] == pytest.approx(math.sqrt(3 / 11))
    assert s["covmax_sample"] == pytest.approx(0.25)           # already sorted together: efficiency 1
    assert s["disc_efficiency"] == pytest.approx(1.0)
    # cov(x, T) = (.25*1.5 + .25*.5 - .25*.5 + .75*1.5) / 3 = .5; var T = 5/3
    assert s["r_item_total"] == pytest.approx(0.5 / math.sqrt(0.25 * 5 / 3))
    assert s["sd_sample"] == pytest.approx(0.5)


def test_hand_computed_item_total_and_alpha_if_deleted():
    s = item_statistics(ScoreMatrix.from_frame(GUTTMAN))
    # cov(i2, T) = sum((x-.5)(T-1.5))/3 = (.5*1.5 + .5*.5 + .5*.5 + .5*1.5)/3 = 2/3; var i2 = 1/3; var T = 5/3
    assert s.loc["i2", "r_item_total"] == pytest.approx((2 / 3) / math.sqrt(1 / 3 * 5 / 3))
    # deleting i2 leaves i1, i3: var = .25 + .25, rest var of i2 = var(2,1,1,0) = 2/3 -> 2 * (1 - .5 / (2/3))
    assert s.loc["i2", "alpha_if_deleted"] == pytest.approx(2 * (1 - 0.5 / (2 / 3)))
    # upper group = A (total 3), lower = D (total 0): i2 = 1 - 0
    assert s.loc["i2", "d_upper_lower_27"] == pytest.approx(1.0)
    # effective weights share 100% in proportion to sqrt(cov(x, T))
    assert s["effective_weight_pct"].sum() == pytest.approx(100)


def test_hand_computed_test_level():
    t = test_statistics(ScoreMatrix.from_frame(GUTTMAN))
    assert t["mean"] == pytest.approx(1.5) and t["median"] == pytest.approx(1.5)
    assert t["sd_sample"] == pytest.approx(math.sqrt(5 / 3))
    assert t["skewness"] == pytest.approx(0.0, abs=1e-12)
    assert t["kurtosis"] == pytest.approx(-1.2)               # k4 = 16/6 * (5*2.5625 - 9*1.5625) = -10/3
    assert t["alpha"] == pytest.approx(0.75)                  # 3/2 * (1 - (5/6) / (5/3))
    assert t["kr20_pop"] == pytest.approx(0.75)               # 3/2 * (1 - .625 / 1.25)
    assert t["error_ratio_pct"] == pytest.approx(50.0)
    assert t["standard_error"] == pytest.approx(0.5 * math.sqrt(5 / 3))


def test_kr20_only_for_right_or_wrong_items():
    partial = GUTTMAN.copy()
    partial.iloc[0, 0] = 0.5
    assert math.isnan(test_statistics(ScoreMatrix.from_frame(partial))["kr20_pop"])


def test_one_item_has_no_test_level_spread_and_no_rest():
    sm = ScoreMatrix.from_frame(GUTTMAN[["i1"]])
    t = test_statistics(sm)
    assert t["mean"] == pytest.approx(0.75)
    assert math.isnan(t["alpha"]) and math.isnan(t["sd_sample"])
    s = item_statistics(sm).loc["i1"]
    assert s["facility"] == pytest.approx(0.75)
    assert math.isnan(s["disc_item_rest"]) and math.isnan(s["alpha_if_deleted"])


def test_all_correct_is_zero_variance_not_an_error():
    sm = ScoreMatrix.from_frame(pd.DataFrame(np.ones((5, 3)), columns=["a", "b", "c"]))
    s = item_statistics(sm)
    assert (s["facility"] == 1).all()
    assert s["disc_item_rest"].isna().all() and s["disc_efficiency"].isna().all()
    assert s["review"].str.contains("no-variance").all() and s["review"].str.contains("too-easy").all()
    t = test_statistics(sm)
    assert t["sd_sample"] == 0 and math.isnan(t["alpha"]) and math.isnan(t["standard_error"])


def test_one_item_with_zero_variance_among_others():
    frame = GUTTMAN.assign(i4=1.0)
    s = item_statistics(ScoreMatrix.from_frame(frame))
    assert math.isnan(s.loc["i4", "disc_item_rest"])
    assert s.loc["i1", "disc_item_rest"] == pytest.approx(math.sqrt(3 / 11))  # a constant item shifts nothing


def test_one_learner():
    sm = ScoreMatrix.from_frame(GUTTMAN.iloc[[0]])
    s = item_statistics(sm)
    assert (s["facility"] == 1).all() and s["sd_sample"].isna().all()
    t = test_statistics(sm)
    assert t["mean"] == 3 and math.isnan(t["sd_sample"])


def test_missing_answers_zero_versus_omit():
    frame = GUTTMAN.copy()
    frame.loc["A", "i1"] = np.nan        # A skipped i1
    sm = ScoreMatrix.from_frame(frame)
    zero = item_statistics(sm, missing="zero").loc["i1"]
    omit = item_statistics(sm, missing="omit").loc["i1"]
    assert zero["n"] == 4 and zero["facility"] == pytest.approx(0.5)
    assert omit["n"] == 3 and omit["facility"] == pytest.approx(2 / 3)
    assert zero["n_answered"] == omit["n_answered"] == 3
    assert sm.totals.tolist() == [2, 2, 1, 0]  # totals always count a missing answer as 0


def test_missing_mode_is_checked():
    with pytest.raises(ValueError, match="missing"):
        item_statistics(ScoreMatrix.from_frame(GUTTMAN), missing="drop")


def test_groups_27_percent_with_ties_going_up():
    totals = np.array([9, 8, 8, 8, 5, 4, 2, 2, 2, 1])
    g = groups(totals)              # k = round(2.7) = 3
    assert totals[g == 2].tolist() == [9, 8, 8, 8]   # the tie at the upper cut joins the upper group
    assert totals[g == 0].tolist() == [1]            # the tie at the lower cut moves up to the middle
    assert groups(np.array([3.0])).tolist() == [1]   # one learner: no outer groups


def test_score_matrix_uses_first_attempts_and_selected_mode():
    raw = pd.DataFrame({
        "learner": ["a", "a", "a", "b", "b"], "item": ["x", "x", "y", "x", "y"], "credit": [0, 1, 1, 1, 0.5],
        "attempt": [1, 2, 1, 1, 1], "mode": ["practice", "practice", "assessment", "practice", "assessment"],
    })
    table = validate(raw).table
    practice = score_matrix(table, mode="practice")
    assert practice.frame().loc["a", "x"] == 0 and practice.frame().loc["b", "x"] == 1
    assessed = score_matrix(table)
    assert list(assessed.items) == ["y"] and assessed.totals.tolist() == [1.0, 0.5]
    with pytest.raises(AnalysisError):
        score_matrix(table, assignment="final")


def test_flags_negative_and_low_discrimination():
    frame = GUTTMAN.assign(bad=[0.0, 0.0, 0.0, 1.0])   # only the weakest learner gets it right
    s = item_statistics(ScoreMatrix.from_frame(frame))
    assert "negative-discrimination" in s.loc["bad", "review"]
    assert "negative-discrimination" not in s.loc["i2", "review"]
