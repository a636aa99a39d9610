"""Which mistakes the cohort makes most: misconception counts overall, per lesson and per recommendation.

Every choice tagged with a misconception counts, practice retries included (a mistake made again is made
again); ``learners`` counts each learner once per misconception and group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from clientcraft.core.curriculum import Curriculum

By = Literal["lesson", "recommendation"]


def misconception_summary(table: pd.DataFrame, *, by: By | None = None, mode: str | None = None,
                          curriculum: "Curriculum | None" = None) -> pd.DataFrame:
    """Misconceptions ranked by how often they were chosen: ``chosen`` (choices), ``learners`` (distinct
    learners), ``share`` (of all answers in the same group) and, with a curriculum, the misconception's label."""
    rows = table if mode is None else table.loc[(table["mode"] == mode).to_numpy()]
    group_col = {"lesson": "lesson", "recommendation": "recommendations", None: None}[by]
    keys = ["misconception"] + ([group_col] if group_col else [])
    tagged = rows.loc[rows["misconception"].notna().to_numpy(), keys + ["learner"]]
    if group_col:
        answers = rows.groupby(group_col, observed=True).size()
    else:
        answers = pd.Series({"": len(rows)})
    chosen = tagged.groupby(keys, observed=True).size().rename("chosen").reset_index()
    per_learner = tagged.drop_duplicates().groupby(keys, observed=True).size().rename("learners")
    if by == "recommendation":
        # recommendations are space-separated: spread the (few) aggregated rows over each id
        chosen = chosen.assign(recommendation=chosen["recommendations"].str.split()).explode("recommendation")
        chosen = chosen.groupby(["misconception", "recommendation"])["chosen"].sum().reset_index()
        pairs = tagged.drop_duplicates()
        learner_sets = pairs.assign(recommendation=pairs["recommendations"].str.split()).explode("recommendation")
        per_learner = learner_sets.drop_duplicates(["misconception", "recommendation", "learner"]).groupby(
            ["misconception", "recommendation"]).size().rename("learners")
        answers = answers.rename_axis("recommendations").reset_index(name="n")
        answers = answers.assign(recommendation=answers["recommendations"].str.split()).explode(
            "recommendation").groupby("recommendation")["n"].sum()
        keys = ["misconception", "recommendation"]
    out = chosen.merge(per_learner.reset_index(), on=keys, how="left")
    group_key = keys[1] if len(keys) > 1 else None
    denom = answers.reindex(out[group_key]).to_numpy() if group_key else np.full(len(out), answers.iloc[0])
    out["share"] = out["chosen"] / denom
    if curriculum is not None:
        from clientcraft.core.schema import text

        labels = {m.id: text(m.label) for m in curriculum.misconceptions.values()}
        out["label"] = out["misconception"].map(labels).fillna("")
    sort = ([group_key] if group_key else []) + ["chosen"]
    return out.sort_values(sort, ascending=[True] * (len(sort) - 1) + [False], kind="stable").reset_index(drop=True)
