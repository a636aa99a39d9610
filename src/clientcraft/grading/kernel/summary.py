"""The learner's summary of one graded item, shown by the hidden test and therefore in their feedback."""

from __future__ import annotations

from clientcraft.core.branching import ItemScore
from clientcraft.core.keys import ItemKey
from clientcraft.rendering.html import fragment


def item_summary_html(key: ItemKey, result: ItemScore, *, points: float = 1.0, problem: str | None = None) -> str:
    """One learner's summary of one item: score, and for each step on their path their choice, the
    consequence and the coaching (template ``assessment.html.j2``; all text escaped)."""
    return fragment("assessment.html.j2", "item_summary", key, result, result.credit * points, points, problem)
