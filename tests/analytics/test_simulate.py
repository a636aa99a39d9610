"""The synthetic cohort: reproducible, and the analytics recover what the generator knows."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import spearmanr

from clientcraft.analytics.items import item_statistics, score_matrix
from clientcraft.analytics.learners import prepost
from clientcraft.analytics.simulate import simulate_cohort, write_events
from clientcraft.analytics.table import load_responses
from clientcraft.core.loader import load_curriculum

from .conftest import REPO


@pytest.fixture(scope="module")
def cohort():
    return simulate_cohort(1500, 15, seed=7)


def test_same_seed_same_cohort_other_seed_other_cohort():
    a = simulate_cohort(50, 5, seed=1).responses
    pd.testing.assert_frame_equal(a, simulate_cohort(50, 5, seed=1).responses)
    assert not a["credit"].equals(simulate_cohort(50, 5, seed=2).responses["credit"])


def test_recovers_item_difficulty_ordering(cohort):
    stats = item_statistics(score_matrix(cohort.responses, assignment="final"))
    b = cohort.items.set_index("item").loc[stats.index, "b"]
    assert spearmanr(stats["facility"], -b).statistic > 0.9


def test_recovers_discrimination_ordering(cohort):
    stats = item_statistics(score_matrix(cohort.responses, assignment="final"))
    a = cohort.items.set_index("item").loc[stats.index, "a"]
    assert spearmanr(stats["disc_item_rest"], a).statistic > 0.5


def test_mistakes_concentrate_on_misconception_distractors_and_weak_learners(cohort):
    t = cohort.responses
    wrong = t[(t["mode"] == "assessment") & (t["credit"] < 1)]
    theta = cohort.learners.set_index("learner")["theta_pre"]
    weak = theta.reindex(wrong["learner"]).to_numpy() < 0
    # misconception-driven choices concentrate: the top distractor takes more than an even share
    top_share = wrong.groupby("item", observed=True)["option"].agg(lambda s: s.value_counts(normalize=True).iloc[0])
    assert (top_share > 1 / 3).mean() > 0.8
    assert weak.mean() > 0.5  # most mistakes come from the weaker half


def test_pre_post_gain_is_positive(cohort):
    s = prepost(cohort.responses).summary
    assert s["mean_post_pct"] > s["mean_pre_pct"] and 0 < s["g_class"] < 1


def test_practice_retries_until_solved(cohort):
    p = cohort.responses[cohort.responses["mode"] == "practice"]
    assert set(p["attempt"]) == {1, 2, 3}
    later = p[p["attempt"] > 1]
    prev = p.set_index(["learner", "item", "attempt"])["credit"]
    earlier = prev.reindex(pd.MultiIndex.from_arrays([later["learner"], later["item"], later["attempt"] - 1]))
    assert (earlier < 1).all()  # a retry follows a miss, never a success


def test_simulates_against_a_curriculum():
    cur = load_curriculum(REPO / "tests" / "fixtures" / "content")
    c = simulate_cohort(40, seed=1, curriculum=cur)
    assert set(c.responses["item"]) == set(cur.scenarios)
    assert set(c.responses["misconception"].dropna()) <= set(cur.misconceptions)
    branching = c.responses[c.responses["item"] == "p-one"]  # two steps: paths and mean credit along them
    assert set(branching["option"]) <= {"a>a", "a>b", "b>a", "b>b"} and len(set(branching["option"])) >= 3
    credit = branching.groupby("option")["credit"].first()
    assert credit.get("a>a") == 1.0 and credit.get("a>b") == 0.75 and credit.get("b>a") == 0.5
    assert (branching.loc[branching["option"] == "a>b", "misconception"] == "getting-defensive").all()


def test_events_written_and_read_back(tmp_path):
    c = simulate_cohort(20, 4, seed=2, n_practice=2)
    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    assert write_events(c.responses, url) == len(c.responses)
    back = load_responses(url).table
    assert len(back) == len(c.responses)
    assert back["credit"].sum() == pytest.approx(c.responses["credit"].sum())
