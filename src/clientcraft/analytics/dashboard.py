"""Helpers for the instructor dashboard notebook: load a source (or simulate), analyse, and short summaries."""

from __future__ import annotations

import pandas as pd

from clientcraft.rendering import strings
from clientcraft.rendering.html import fragment

from . import plots
from .analysis import CohortAnalysis, analyse
from .learners import mastery_matrix
from .report import pseudonymise as _pseudonymise
from .simulate import simulate_cohort
from .table import Responses, load_responses

__all__ = ["load", "analyse", "overview", "test_view", "item_view", "items_to_review", "distractor_view",
           "mistakes_view", "mastery_view", "scores_view", "cohorts_view", "prepost_view", "plots"]

DEMO_LEARNERS, DEMO_ITEMS, DEMO_SEED = 300, 20, 1


class Note:
    """A short HTML message for the notebook (escaped)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return fragment("figure.html.j2", "note", self.text)

    def __repr__(self) -> str:
        return self.text


def load(source: str | None = None, *, pseudonymise: bool = False, salt: str = "") -> Responses:
    """The responses at ``source`` (invalid rows are left out and listed), or a simulated cohort when None."""
    if source:
        data = load_responses(source, strict=False)
    else:
        cohort = simulate_cohort(DEMO_LEARNERS, DEMO_ITEMS, seed=DEMO_SEED)
        data = Responses(table=cohort.responses, source=f"simulated cohort (seed {DEMO_SEED})")
    return _pseudonymise(data, salt) if pseudonymise else data


def overview(result: CohortAnalysis) -> Note:
    """One sentence on what was loaded and analysed, and how many rows were left out."""
    t = result.responses
    left = strings.DASHBOARD_LEFT_OUT.format(n=len(result.problems)) if result.problems else ""
    return Note(strings.DASHBOARD_OVERVIEW.format(learners=t["learner"].nunique(), answers=len(t),
                                                  analysed=result.analysed, left=left))


def test_view(result: CohortAnalysis) -> pd.DataFrame:
    """The test-level figures as a small table."""
    return result.test.round(3).to_frame("value")


def item_view(result: CohortAnalysis) -> plots.Plot:
    """The item map."""
    return plots.item_map(result.items)


def items_to_review(result: CohortAnalysis) -> pd.DataFrame | Note:
    """Flagged items with their key figures, worst discrimination first."""
    cols = ["facility", "disc_item_rest", "disc_efficiency", "d_upper_lower_27", "review"]
    flagged = result.items[result.items["review"] != ""]
    if flagged.empty:
        return Note(strings.DASHBOARD_NOTHING_FLAGGED)
    return flagged[cols].sort_values("disc_item_rest").round(3)


def distractor_view(result: CohortAnalysis) -> plots.Plot | Note:
    """Distractor bars, or a note when the data records scores but not the options chosen."""
    if result.distractors is None:
        return Note(strings.DASHBOARD_NO_DISTRACTORS)
    return plots.distractor_bars(result.distractors)


def mistakes_view(result: CohortAnalysis, top: int = 10) -> pd.DataFrame | Note:
    """The most common mistakes."""
    if result.misconceptions is None or result.misconceptions.empty:
        return Note(strings.DASHBOARD_NO_MISTAKES)
    return result.misconceptions.head(top).round(3)


def mastery_view(result: CohortAnalysis) -> plots.Plot | Note:
    """The learner x recommendation mastery heatmap."""
    if result.mastery is None or result.mastery.empty:
        return Note(strings.DASHBOARD_NO_MASTERY)
    return plots.mastery_heatmap(mastery_matrix(result.mastery))


def scores_view(result: CohortAnalysis) -> plots.Plot:
    """The score distribution by cohort."""
    return plots.score_distribution(result.scores)


def cohorts_view(result: CohortAnalysis) -> pd.DataFrame:
    """Per-cohort score summary."""
    return result.cohorts.round(2)


def prepost_view(result: CohortAnalysis) -> plots.Plot | Note:
    """The pre/post plot, or a note when the data has no baseline and final for the same learners."""
    if result.prepost is None:
        return Note(strings.DASHBOARD_NO_PREPOST)
    return plots.prepost_plot(result.prepost.learners, result.prepost.summary)
