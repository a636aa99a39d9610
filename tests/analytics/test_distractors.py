"""Distractor analysis on hand-checked cases, checked against direct numpy computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clientcraft.analytics.distractors import distractor_table, learner_groups
from clientcraft.analytics.table import validate

# Item q: key a. Item z only spreads the totals. Learners 1..5 with totals 2, 2, 1, 1, 0.
ROWS = [
    ("l1", "q", "a", 1, "z", "a", 1), ("l2", "q", "a", 1, "z", "a", 1), ("l3", "q", "b", 0, "z", "a", 1),
    ("l4", "q", "c", 0, "z", "a", 1), ("l5", "q", "b", 0, "z", "b", 0),
]


@pytest.fixture
def table():
    long = []
    for learner, i1, o1, c1, i2, o2, c2 in ROWS:
        long += [(learner, i1, o1, c1, None if c1 else "mis-b" if o1 == "b" else "mis-c"),
                 (learner, i2, o2, c2, None if c2 else "mis-z")]
    raw = pd.DataFrame(long, columns=["learner", "item", "option", "credit", "misconception"])
    return validate(raw).table


def test_shares_key_and_misconception(table):
    d = distractor_table(table, options={"q": ["a", "b", "c", "d"]}).loc["q"]
    assert d["key"].tolist() == [True, False, False, False]
    assert d["n"].tolist() == [2, 2, 1, 0]
    assert d["share"].tolist() == pytest.approx([0.4, 0.4, 0.2, 0.0])
    assert d.loc["b", "misconception"] == "mis-b" and pd.isna(d.loc["a", "misconception"])
    assert pd.isna(d.loc["d", "pbis_item_total_pop"])  # never chosen: undefined


def test_upper_and_lower_group_shares(table):
    g = learner_groups(table)["group"]
    # n = 5, k = round(1.35) = 1: the top score 2 is tied (l1, l2 both go up); the lowest 0 (l5) is alone
    assert sorted(g.index[g == "top"]) == ["l1", "l2"] and list(g.index[g == "bottom"]) == ["l5"]
    d = distractor_table(table).loc["q"]
    assert d.loc["a", "share_upper"] == 1 and d.loc["b", "share_lower"] == 1


def test_correlations_match_direct_computation(table):
    d = distractor_table(table).loc["q"]
    total = np.array([2, 2, 1, 1, 0], dtype=float)
    x = np.array([1, 1, 0, 0, 0], dtype=float)
    chose_b = np.array([0, 0, 1, 0, 1], dtype=float)
    # point-biserial with population SD equals the Pearson correlation with the total
    assert d.loc["b", "pbis_item_total_pop"] == pytest.approx(np.corrcoef(chose_b, total)[0, 1])
    assert d.loc["b", "r_option_rest"] == pytest.approx(np.corrcoef(chose_b, total - x)[0, 1])
    assert d.loc["a", "r_option_rest"] == pytest.approx(np.corrcoef(x, total - x)[0, 1])


def test_miskey_suspect_when_upper_group_prefers_a_distractor():
    rows = []
    for i in range(10):
        strong = i < 5
        rows += [(f"l{i}", "other", "a", 1.0 if strong else 0.0), (f"l{i}", "other2", "a", 1.0 if strong else 0.0)]
        # the "key" a is chosen by the weak learners, the strong ones choose b
        rows.append((f"l{i}", "suspect", "b" if strong else "a", 0.0 if strong else 1.0))
    table = validate(pd.DataFrame(rows, columns=["learner", "item", "option", "credit"])).table
    d = distractor_table(table)
    assert bool(d.loc[("suspect", "b"), "miskey_suspect"])
    assert not d.loc["other", "miskey_suspect"].any()


def test_branching_paths_analysed_by_first_choice():
    raw = pd.DataFrame({"learner": ["a", "b", "c"], "item": ["s"] * 3, "option": ["a>c", "a>b", "b"],
                        "credit": [1.0, 0.5, 0.0]})
    d = distractor_table(validate(raw).table).loc["s"]
    assert d.index.tolist() == ["a", "b"] and d.loc["a", "n"] == 2 and d.loc["a", "key"]


def test_answers_without_options_count_in_totals_only():
    raw = pd.DataFrame({"learner": ["a", "a", "b", "b"], "item": ["q", "g", "q", "g"], "option": ["x", None, "y", None],
                        "credit": [1.0, 2.0, 0.0, 0.0], "max_credit": [1, 2, 1, 2]})
    d = distractor_table(validate(raw).table)
    assert d.index.tolist() == [("q", "x"), ("q", "y")]
    assert d.loc[("q", "x"), "share_upper"] == 1  # a is upper thanks to the option-less item g
    only_scores = validate(raw.assign(option=None)).table
    assert distractor_table(only_scores).empty


def test_analyse_without_options_has_no_distractor_table():
    from clientcraft.analytics.analysis import analyse

    raw = pd.DataFrame({"learner": list("abcd"), "item": ["g"] * 4, "credit": [0, 1, 1, 2], "max_credit": [2] * 4})
    result = analyse(validate(raw).table)
    assert result.distractors is None and result.items.loc["g", "facility"] == pytest.approx(0.5)
