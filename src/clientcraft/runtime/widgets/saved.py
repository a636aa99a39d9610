"""What a learner saved in the fill-in forms, read back from their log rows (no widgets here).

Each form field is one reflection event with ``step`` = ``"<form>:<field>"``; the latest row of each field wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from clientcraft.core.curriculum import Curriculum

ACTION_PLAN_STEP = "action-plan"
TERMS_STEP = "terms"


def latest_values(rows: list[dict[str, Any]], lesson_id: str, prefix: str) -> dict[str, dict[str, Any]]:
    """The latest saved row of each field of a form (keyed by field id) from one learner's log rows."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:  # rows are oldest first, so later ones win
        step = r.get("step") or ""
        if r.get("kind") == "reflection" and r.get("lesson") == lesson_id and step.startswith(prefix + ":"):
            out[step.split(":", 1)[1]] = r
    return out


@dataclass(frozen=True)
class SavedPlan:
    """A learner's latest action plan: the change, when, and when it was last saved."""

    change: str
    when: str
    saved_at: datetime


def latest_action_plan(cur: Curriculum, rows: list[dict[str, Any]]) -> SavedPlan | None:
    """The learner's latest action plan (from any action plan in the content), or None."""
    best: SavedPlan | None = None
    for plan in cur.action_plans.values():
        vals = latest_values(rows, plan.lesson, ACTION_PLAN_STEP)
        if "change" not in vals or not (vals["change"].get("text") or "").strip():
            continue
        when = vals.get("when", {})
        saved = max(vals["change"]["timestamp"], when.get("timestamp", vals["change"]["timestamp"]))
        found = SavedPlan(vals["change"]["text"], (when.get("text") or "").strip(), saved)
        if best is None or found.saved_at > best.saved_at:
            best = found
    return best
