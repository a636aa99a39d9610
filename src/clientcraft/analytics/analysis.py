"""The full cohort analysis of one response table: every statistic the report and the dashboard show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from clientcraft.core.tabular import write_csv

from .content import enrich, option_lists
from .distractors import distractor_table
from .items import AnalysisError, Missing, item_statistics, score_matrix, test_statistics
from .learners import (
    PrePost,
    attempts_to_success,
    cohort_comparison,
    learner_scores,
    mastery,
    practice_summary,
    prepost,
    time_on_task,
)
from .misconceptions import misconception_summary
from .table import Responses, RowProblem

if TYPE_CHECKING:  # pragma: no cover
    from clientcraft.core.curriculum import Curriculum


@dataclass
class CohortAnalysis:
    """Results of :func:`analyse`; a part is None when the data has nothing for it (e.g. no practice)."""

    responses: pd.DataFrame
    analysed: str
    items: pd.DataFrame | None = None
    test: pd.Series | None = None
    distractors: pd.DataFrame | None = None
    misconceptions: pd.DataFrame | None = None
    misconceptions_by_lesson: pd.DataFrame | None = None
    misconceptions_by_recommendation: pd.DataFrame | None = None
    scores: pd.DataFrame | None = None
    cohorts: pd.DataFrame | None = None
    mastery: pd.DataFrame | None = None
    mastery_by_lesson: pd.DataFrame | None = None
    practice: pd.DataFrame | None = None
    time: pd.DataFrame | None = None
    prepost: PrePost | None = None
    reflections: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[RowProblem] = field(default_factory=list)


def analysis_set(table: pd.DataFrame, *, assignment: str | None = None, pre: str = "baseline",
                 post: str = "final") -> list[str] | None:
    """The assignments whose items are analysed together: the one asked for, else the post-test when present,
    else every assessment assignment except the pre-test (None = all assessment answers)."""
    if assignment is not None:
        return [assignment]
    assessed = table.loc[(table["mode"] == "assessment").to_numpy(), "assignment"].unique()
    if post in assessed:
        return [post]
    rest = [a for a in assessed if a != pre]
    return rest or None


def analyse(data: Responses | pd.DataFrame, *, assignment: str | None = None, pre: str = "baseline",
            post: str = "final", missing: Missing = "zero", options: dict[str, list[str]] | None = None,
            curriculum: "Curriculum | None" = None) -> CohortAnalysis:
    """Run every analysis the data supports (item and test statistics on the analysis set, distractors,
    misconceptions, scores, mastery, practice attempts, time on task and pre/post). Without assessment answers
    (a practice-only response log) the item analysis uses first attempts at practice items. With a curriculum,
    rows are first enriched with its metadata and every option of its items appears in the distractor table."""
    table = data.table if isinstance(data, Responses) else data
    if curriculum is not None:
        table = enrich(table, curriculum)
        options = {**option_lists(curriculum), **(options or {})}
    if table.empty:
        raise AnalysisError("the response table is empty")
    has_assessment = bool((table["mode"] == "assessment").any())
    mode = "assessment" if has_assessment else "practice"  # a practice-only log: analyse first attempts
    chosen = analysis_set(table, assignment=assignment, pre=pre, post=post) if has_assessment else None
    label = ", ".join(chosen) if chosen else ("all assessment answers" if has_assessment
                                              else "practice (first attempts)")
    result = CohortAnalysis(responses=table, analysed=label)
    if isinstance(data, Responses):
        result.reflections, result.problems = data.reflections, data.problems
    sm = score_matrix(table, mode=mode, assignment=chosen)
    result.items = item_statistics(sm, missing=missing)
    result.test = test_statistics(sm)
    dist = distractor_table(table, mode=mode, assignment=chosen, options=options)
    result.distractors = dist if len(dist) else None  # e.g. a gradebook: scores without options
    if result.distractors is not None:
        suspects = dist.index[dist["miskey_suspect"].astype(bool)].get_level_values("item").unique()
        hit = result.items.index.isin(suspects)
        result.items.loc[hit, "review"] = (result.items.loc[hit, "review"] + " possible-miskey").str.strip()
    result.scores = learner_scores(table, mode=mode, assignment=chosen)
    result.cohorts = cohort_comparison(result.scores)
    if has_assessment and {pre, post} <= set(table["assignment"].unique()):
        result.prepost = prepost(table, pre=pre, post=post)
    result.misconceptions = misconception_summary(table, curriculum=curriculum)
    result.misconceptions_by_lesson = misconception_summary(table, by="lesson", curriculum=curriculum)
    result.misconceptions_by_recommendation = misconception_summary(table, by="recommendation",
                                                                    curriculum=curriculum)
    current = table.loc[(table["assignment"] != pre).to_numpy()]  # the pre-test shows the start, not mastery
    result.mastery = mastery(current)
    result.mastery_by_lesson = mastery(current, by="lesson")
    if (table["mode"] == "practice").any():
        result.practice = practice_summary(attempts_to_success(table))
    result.time = time_on_task(table)
    return result


def result_tables(result: CohortAnalysis) -> dict[str, pd.DataFrame]:
    """The analysis as named tables (the parts the data supported), e.g. to save as CSV."""
    tables = {"items": result.items, "distractors": result.distractors, "misconceptions": result.misconceptions,
              "misconceptions_by_lesson": result.misconceptions_by_lesson,
              "misconceptions_by_recommendation": result.misconceptions_by_recommendation,
              "scores": result.scores, "cohorts": result.cohorts, "mastery": result.mastery,
              "mastery_by_lesson": result.mastery_by_lesson, "practice": result.practice, "time": result.time,
              "test": None if result.test is None else result.test.to_frame("value"),
              "prepost_learners": None if result.prepost is None else result.prepost.learners,
              "prepost_summary": None if result.prepost is None else result.prepost.summary.to_frame("value")}
    return {name: frame for name, frame in tables.items() if frame is not None}


def write_tables(result: CohortAnalysis, folder: Path | str) -> list[Path]:
    """Save every table of the analysis as ``<name>.csv`` in ``folder`` (a meaningful index is kept)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in result_tables(result).items():
        path = folder / f"{name}.csv"
        write_csv(frame, path, index=not frame.index.equals(pd.RangeIndex(len(frame))))
        written.append(path)
    return written


def headline(result: CohortAnalysis) -> str | None:
    """One line on the test: learners, items, mean, alpha and items to review (None without a test)."""
    if result.test is None:
        return None
    t = result.test
    flagged = result.items[result.items["review"] != ""]
    return (f"{int(t['n_learners'])} learners x {int(t['n_items'])} items ({result.analysed}): mean "
            f"{t['mean']:.2f}/{t['max_total']:.0f}, alpha {t['alpha']:.3f}; {len(flagged)} item(s) to review")
