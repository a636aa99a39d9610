"""The item bank by language: how learners answering in each language did on the same items.

All languages share one item bank (the same scenarios and option ids), so an item's credit can be compared
across languages. The language of an answer comes from the response log's ``language`` column, or, for a
graded export, from the assignment name (``<id>-<lang>`` for an assignment generated in another language by
``clientcraft build --lang``; a plain ``<id>`` is English).
"""

from __future__ import annotations

import pandas as pd

from clientcraft.core.languages import LANGUAGES, SOURCE_LANGUAGE


def assignment_language(assignment: str) -> tuple[str, str]:
    """(the assignment's id in the item bank, its language) from an nbgrader assignment name."""
    base, _, tail = str(assignment).rpartition("-")
    if base and tail in LANGUAGES and tail != SOURCE_LANGUAGE:
        return base, tail
    return str(assignment), SOURCE_LANGUAGE


def with_language(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``language`` column (kept when present; else from the assignment name) and the assignment
    named by its id in the item bank."""
    out = frame.copy()
    if "language" not in out.columns:
        pairs = out["assignment"].map(assignment_language) if "assignment" in out.columns else None
        out["language"] = [p[1] for p in pairs] if pairs is not None else SOURCE_LANGUAGE
        if pairs is not None:
            out["assignment"] = [p[0] for p in pairs]
    return out


def language_breakdown(frame: pd.DataFrame) -> pd.DataFrame:
    """Per item and language: answers, learners and mean credit (first tries where an ``attempt`` column exists),
    one row per item with a column group per measure and language."""
    rows = with_language(frame)
    if "attempt" in rows.columns:
        rows = rows.loc[(rows["attempt"] == 1).to_numpy()]
    grouped = rows.groupby(["item", "language"], observed=True)
    stats = pd.DataFrame({"answers": grouped.size(), "learners": grouped["learner"].nunique(),
                          "mean_credit": grouped["credit"].mean()})
    return stats.unstack("language").sort_index()
