"""The item bank by language: one item compared across the languages learners answered in."""

from __future__ import annotations

import pandas as pd
import pytest

from clientcraft.analytics.languages import assignment_language, language_breakdown, with_language


def test_language_comes_from_the_assignment_name_of_a_graded_export():
    assert assignment_language("assess-welcome-id") == ("assess-welcome", "id")
    assert assignment_language("final-tl") == ("final", "tl")
    assert assignment_language("assess-one-decision-approach") == ("assess-one-decision-approach", "en")
    frame = with_language(pd.DataFrame({"assignment": ["final", "final-de"], "item": ["x", "x"]}))
    assert list(frame["language"]) == ["en", "de"] and list(frame["assignment"]) == ["final", "final"]


def test_breakdown_compares_one_item_across_languages_on_first_tries():
    events = pd.DataFrame({
        "learner": ["a", "b", "c", "c", "d"], "item": ["s1"] * 5, "credit": [1.0, 0.0, 0.5, 1.0, 1.0],
        "attempt": [1, 1, 1, 2, 1], "language": ["en", "en", "id", "id", "id"]})
    out = language_breakdown(events)
    assert out.loc["s1", ("answers", "en")] == 2 and out.loc["s1", ("answers", "id")] == 2
    assert out.loc["s1", ("mean_credit", "en")] == pytest.approx(0.5)
    assert out.loc["s1", ("mean_credit", "id")] == pytest.approx(0.75)  # c's retry does not count
