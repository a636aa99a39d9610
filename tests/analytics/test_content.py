"""Curriculum metadata for response rows (on the small fixture curriculum)."""

from __future__ import annotations

import pandas as pd
import pytest

from clientcraft.analytics.analysis import analyse
from clientcraft.analytics.content import enrich, item_catalog, option_lists, path_misconception
from clientcraft.analytics.table import validate
from clientcraft.core.loader import load_curriculum

from .conftest import REPO


@pytest.fixture(scope="module")
def cur():
    return load_curriculum(REPO / "tests" / "fixtures" / "content")


def test_catalog_has_scenarios_steps_and_prompts(cur):
    cat = item_catalog(cur)
    assert {"a-one", "p-one", "p-one:s2", "p-two", "w-one"} <= set(cat.index)
    assert cat.loc["w-one", "options"] == [] and "w-one" not in option_lists(cur)


def test_path_misconception_is_the_first_weak_choice(cur):
    assert path_misconception(cur, "p-one", "a>b") == "getting-defensive"   # second step half credit
    assert path_misconception(cur, "p-one", "a>a") is None                  # best all the way
    assert path_misconception(cur, "p-one", "x") is None                    # unknown option
    assert path_misconception(cur, "nope", "a") is None


def test_enrich_fills_only_what_is_missing(cur):
    raw = pd.DataFrame({"learner": ["x", "y", "z"], "item": ["p-one", "p-one", "unknown"],
                        "option": ["a>b", "a>a", "q"], "credit": [0.75, 1, 0], "lesson": ["", "kept", ""]})
    out = enrich(validate(raw).table, cur)
    assert out["lesson"].tolist() == ["the-lesson", "kept", ""]
    assert out["recommendations"].iloc[0] == "listen-first own-it"
    assert out["misconception"].iloc[0] == "getting-defensive" and pd.isna(out["misconception"].iloc[1])


def test_analyse_with_curriculum_lists_unchosen_options(cur):
    raw = pd.DataFrame({"learner": ["x", "y", "z"], "item": ["a-one"] * 3, "option": ["a"] * 3,
                        "credit": [1.0, 1.0, 1.0], "assignment": ["assess-the-lesson"] * 3})
    result = analyse(validate(raw).table, curriculum=cur)
    d = result.distractors.loc["a-one"]
    assert d.index.tolist() == ["a", "b"] and d.loc["b", "n"] == 0
