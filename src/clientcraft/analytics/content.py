"""Curriculum metadata for response rows: each item's lesson, recommendations and options, and the
misconception of a chosen option, from :func:`clientcraft.core.loader.load_curriculum`.

Items are scenarios (``scenario`` or ``scenario:step`` for a later step of a branching scenario) and written
prompts. A chosen path ``a>c`` is tagged with the misconception of its first choice below full credit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from clientcraft.core.branching import Graph, ItemScore, choices_along, score
from clientcraft.core.records import item_name, parse_path, split_item

if TYPE_CHECKING:  # pragma: no cover
    from clientcraft.core.curriculum import Curriculum


def item_catalog(cur: "Curriculum") -> pd.DataFrame:
    """One row per item the curriculum defines: lesson, recommendations (space-separated), mode and the ids of
    the options at its step (empty for prompts)."""
    rows = []
    for sc in cur.scenarios.values():
        for k, step in enumerate(sc.steps):
            rows.append({"item": item_name(sc.id, step.id, sc.steps[0].id), "lesson": sc.lesson,
                         "recommendations": " ".join(sc.recommendations), "mode": sc.mode,
                         "options": [o.id for o in step.options]})
    for pr in cur.prompts.values():
        recs = list(dict.fromkeys(r for c in pr.rubric for r in c.recommendations))
        rows.append({"item": pr.id, "lesson": pr.lesson, "recommendations": " ".join(recs), "mode": "assessment",
                     "options": []})
    return pd.DataFrame(rows, columns=["item", "lesson", "recommendations", "mode", "options"]).set_index("item")


def entry_steps(cur: "Curriculum") -> dict[str, str]:
    """The entry step of every scenario (what names an answer's item; see
    :func:`clientcraft.analytics.table.from_events_frame`)."""
    return {sc.id: sc.steps[0].id for sc in cur.scenarios.values()}


def option_lists(cur: "Curriculum") -> dict[str, list[str]]:
    """Every choice item's option ids, so that options nobody chose still appear in the distractor table."""
    cat = item_catalog(cur)
    return {item: opts for item, opts in cat["options"].items() if opts}


def path_score(cur: "Curriculum", item: str, path: str) -> ItemScore | None:
    """The branching rule's result for a path (``a>c``) through an item, or None for an item the curriculum does
    not define. A later step's item (``scenario:step``) starts the path at that step."""
    scenario_id, start = split_item(item)
    sc = cur.scenarios.get(scenario_id)
    if sc is None:
        return None
    graph = Graph.of_scenario(sc)
    return score(graph, choices_along(graph, parse_path(path), start=start), start=start)


def path_misconception(cur: "Curriculum", item: str, path: str) -> str | None:
    """The misconception of the first choice below full credit on a path (``a>c``) through an item."""
    result = path_score(cur, item, path)
    return result.misconception if result is not None else None


def enrich(table: pd.DataFrame, cur: "Curriculum") -> pd.DataFrame:
    """A copy of the table with empty ``lesson`` and ``recommendations`` and missing ``misconception`` filled
    from the curriculum (rows of items the curriculum does not know are left as they are)."""
    cat = item_catalog(cur)
    out = table.copy()
    for col in ("lesson", "recommendations"):
        known = out["item"].map(cat[col])
        empty = (out[col] == "") & known.notna()
        out[col] = out[col].where(~empty, known)
    need = (out["misconception"].isna() & out["option"].notna() & (out["credit"] < out["max_credit"])).to_numpy()
    if need.any():
        pairs = out.loc[need, ["item", "option"]].drop_duplicates()  # look up each distinct path once
        pairs["tag"] = [path_misconception(cur, i, o) for i, o in pairs.itertuples(index=False)]
        filled = out.loc[need, ["item", "option"]].merge(pairs, on=["item", "option"], how="left")["tag"]
        mis = out["misconception"].to_numpy(dtype=object).copy()
        mis[need] = filled.to_numpy(dtype=object)
        out["misconception"] = pd.Series(mis, index=out.index, dtype="str").where(pd.notna(mis), None)
    return out
