"""Learner-level results: scores, mastery per recommendation and lesson, attempts to success in practice,
time on task, cohort comparison, and pre/post comparison with Hake's normalized gain.

Hake's normalized gain: for a class, g = (mean post% - mean pre%) / (100 - mean pre%) over learners with both
tests (``g_class``); per learner, g = (post% - pre%) / (100 - pre%), undefined for a learner at 100% before
(``g``), and ``g_ave`` is the mean of the defined per-learner gains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from .items import AnalysisError, score_matrix
from .table import first_attempts

MASTERY_THRESHOLD = 0.8
"""Mean first-attempt credit at or above which a recommendation (or lesson) counts as mastered."""


def learner_scores(table: pd.DataFrame, *, mode: str | None = "assessment",
                   assignment: str | list[str] | None = None) -> pd.DataFrame:
    """Per learner: cohort, items answered, score (first attempts, missing = 0), maximum and percent."""
    sm = score_matrix(table, mode=mode, assignment=assignment)
    cohort = table.drop_duplicates("learner").set_index("learner")["cohort"]
    out = pd.DataFrame({"cohort": cohort.reindex(sm.learners).to_numpy(),
                        "answered": (~np.isnan(sm.marks)).sum(1), "score": sm.totals,
                        "max_score": float(sm.max_marks.sum())}, index=sm.learners)
    out["percent"] = 100 * out["score"] / out["max_score"]
    return out


def mastery(table: pd.DataFrame, *, by: Literal["recommendation", "lesson"] = "recommendation",
            mode: str | None = None, threshold: float = MASTERY_THRESHOLD, min_answers: int = 2) -> pd.DataFrame:
    """Per learner and recommendation (or lesson): first-attempt answers, mean credit share, and ``mastered``
    (mean at or above ``threshold`` with at least ``min_answers`` answers)."""
    rows = table if mode is None else table.loc[(table["mode"] == mode).to_numpy()]
    first = first_attempts(rows)
    frac = first["credit"] / first["max_credit"]
    base = pd.DataFrame({"learner": first["learner"].to_numpy(), "key": first[
        "recommendations" if by == "recommendation" else "lesson"].to_numpy(), "frac": frac.to_numpy()})
    agg = base.groupby(["learner", "key"], observed=True)["frac"].agg(["size", "sum"]).reset_index()
    if by == "recommendation":  # aggregate per recommendation string first, then spread over its ids
        agg = agg.assign(key=agg["key"].str.split()).explode("key").dropna(subset=["key"])
        agg = agg.groupby(["learner", "key"], observed=True)[["size", "sum"]].sum().reset_index()
    out = pd.DataFrame({"learner": agg["learner"], by: agg["key"], "answers": agg["size"].astype(int),
                        "mastery": agg["sum"] / agg["size"]})
    out["mastered"] = (out["mastery"] >= threshold) & (out["answers"] >= min_answers)
    return out.reset_index(drop=True)


def mastery_matrix(mastery_table: pd.DataFrame) -> pd.DataFrame:
    """The mastery table as learners x recommendations (or lessons) of mean credit share (NaN = no answers)."""
    by = [c for c in ("recommendation", "lesson") if c in mastery_table.columns][0]
    return mastery_table.pivot(index="learner", columns=by, values="mastery")


def attempts_to_success(table: pd.DataFrame) -> pd.DataFrame:
    """Per learner and practice item: attempts made, the attempt that first earned full credit (NaN if
    never) and ``solved``."""
    rows = table.loc[(table["mode"] == "practice").to_numpy()]
    full = rows["credit"] >= rows["max_credit"]
    success_attempt = rows["attempt"].where(full)
    frame = pd.DataFrame({"learner": rows["learner"], "item": rows["item"], "attempt": rows["attempt"],
                          "success": success_attempt})
    out = frame.groupby(["learner", "item"], observed=True).agg(
        attempts=("attempt", "max"), attempts_to_success=("success", "min")).reset_index()
    out["solved"] = out["attempts_to_success"].notna()
    return out


def practice_summary(attempts: pd.DataFrame) -> pd.DataFrame:
    """Per practice item: learners, share solved, share solved at the first try, mean attempts to success."""
    g = attempts.assign(first_try=attempts["attempts_to_success"] == 1).groupby("item", observed=True)
    return pd.DataFrame({
        "learners": g.size(), "solved": g["solved"].mean(), "first_try": g["first_try"].mean(),
        "mean_attempts_to_success": g["attempts_to_success"].mean(),
    })


def time_on_task(table: pd.DataFrame, *, by: Literal["learner", "lesson"] | None = None) -> pd.DataFrame:
    """Minutes spent answering (sum of ``seconds``), per learner, or per learner and lesson with ``by="lesson"``;
    answers without a recorded time are counted in ``untimed``."""
    keys = ["learner"] + (["lesson"] if by == "lesson" else [])
    timed = table["seconds"].notna()
    frame = table[keys].assign(seconds=table["seconds"].fillna(0.0), untimed=~timed)
    out = frame.groupby(keys, observed=True).agg(seconds=("seconds", "sum"), untimed=("untimed", "sum"))
    out["minutes"] = out["seconds"] / 60
    return out[["minutes", "untimed"]]


def cohort_comparison(scores: pd.DataFrame, column: str = "percent") -> pd.DataFrame:
    """Per cohort: learners, mean, sample SD, median and a 95% t confidence interval of the mean; the one-way
    ANOVA p-value across cohorts is in ``.attrs["anova_p"]`` (NaN with fewer than two cohorts)."""
    g = scores.groupby("cohort", observed=True)[column]
    out = pd.DataFrame({"learners": g.size(), "mean": g.mean(), "sd_sample": g.std(ddof=1), "median": g.median()})
    half = sps.t.ppf(0.975, out["learners"] - 1) * out["sd_sample"] / np.sqrt(out["learners"])
    out["ci95_low"], out["ci95_high"] = out["mean"] - half, out["mean"] + half
    groups_ = [v.to_numpy() for _, v in g if len(v) > 1]
    out.attrs["anova_p"] = float(sps.f_oneway(*groups_).pvalue) if len(groups_) > 1 else float("nan")
    return out


@dataclass
class PrePost:
    """Per-learner pre and post percentages and gains, and the class summary (Hake's g_class and g_ave)."""

    learners: pd.DataFrame
    summary: pd.Series


def prepost(table: pd.DataFrame, *, pre: str = "baseline", post: str = "final") -> PrePost:
    """Compare the pre-test and post-test assignments for learners who took both (see module docstring)."""
    have = set(table["assignment"].unique())
    missing = [a for a in (pre, post) if a not in have]
    if missing:
        raise AnalysisError(f"no answers for assignment(s) {', '.join(missing)}; pre/post needs both")
    before = learner_scores(table, assignment=pre)
    after = learner_scores(table, assignment=post)
    both = before[["cohort", "percent"]].rename(columns={"percent": "pre_pct"}).join(
        after[["percent"]].rename(columns={"percent": "post_pct"}), how="inner")
    with np.errstate(divide="ignore", invalid="ignore"):
        both["g"] = ((both["post_pct"] - both["pre_pct"]) / (100 - both["pre_pct"])).where(both["pre_pct"] < 100)
    mean_pre, mean_post = both["pre_pct"].mean(), both["post_pct"].mean()
    n = len(both)
    paired_p = float(sps.ttest_rel(both["post_pct"], both["pre_pct"]).pvalue) if n > 1 else float("nan")
    summary = pd.Series({
        "learners_pre": len(before), "learners_post": len(after), "learners_both": n,
        "mean_pre_pct": mean_pre, "mean_post_pct": mean_post,
        "g_class": (mean_post - mean_pre) / (100 - mean_pre) if n and mean_pre < 100 else float("nan"),
        "g_ave": both["g"].mean(), "learners_at_ceiling_pre": int((both["pre_pct"] >= 100).sum()),
        "paired_t_p": paired_p,
    }, name="prepost")
    return PrePost(learners=both, summary=summary)


def prepost_by_cohort(pp: PrePost) -> pd.DataFrame:
    """Per cohort: learners with both tests, mean pre and post percent, Hake's g_class and g_ave."""
    g = pp.learners.groupby("cohort", observed=True)
    out = pd.DataFrame({"learners": g.size(), "mean_pre_pct": g["pre_pct"].mean(),
                        "mean_post_pct": g["post_pct"].mean(), "g_ave": g["g"].mean()})
    with np.errstate(divide="ignore", invalid="ignore"):
        out.insert(3, "g_class", ((out["mean_post_pct"] - out["mean_pre_pct"]) / (100 - out["mean_pre_pct"]))
                   .where(out["mean_pre_pct"] < 100))
    return out
