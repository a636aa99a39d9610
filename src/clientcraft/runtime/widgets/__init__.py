"""Learner widgets for lesson notebooks, each shown by one short call.

``scenario("id")`` shows a practice scenario, ``reflection("lesson-id")`` the lesson's reflection box,
``progress("lesson-id")`` (or ``progress()`` for the whole course; ``audience="staff"`` for the staff track) the
learner's progress, and ``learner()`` who is answering (or the one-time name prompt). ``action_plan("id")`` and
``terms_template("id")`` are fill-in forms saved as reflections; ``review_timing("id")`` and ``review_summary("id")``
open and close a review set. Content comes from :func:`clientcraft.core.loader.default_curriculum`.
"""

from __future__ import annotations

from .progress import ProgressWidget
from .reflection import ReflectionWidget
from .scenario import ScenarioWidget

__all__ = ["scenario", "reflection", "progress", "learner", "action_plan", "terms_template", "review_summary",
           "review_timing", "ScenarioWidget", "ReflectionWidget", "ProgressWidget"]


def _cur():
    from clientcraft.core.loader import default_curriculum

    return default_curriculum()


def scenario(scenario_id: str, *, language: str = "en") -> ScenarioWidget:
    """The practice scenario with this id, recording answers to the response log."""
    cur = _cur()
    return ScenarioWidget(cur.scenario(scenario_id), cur, mode="practice", language=language)


def reflection(lesson_id: str, *, language: str = "en") -> ReflectionWidget:
    """The reflection box of this lesson."""
    return ReflectionWidget(_cur(), lesson_id, language=language)


def progress(lesson_id: str | None = None, *, language: str = "en", audience: str | None = None) -> ProgressWidget:
    """Progress in one lesson, or (no id) across the whole course; ``audience="staff"`` counts the staff
    track's scenarios only."""
    return ProgressWidget(_cur(), lesson_id, lang=language, audience=audience)


def learner():
    """A line naming who is answering, or the one-time prompt asking for a name."""
    import ipywidgets as w

    from clientcraft.rendering.html import widget
    from clientcraft.runtime.identity import IdentityPrompt, current_identity

    ident = current_identity()
    if ident is None:
        return IdentityPrompt()
    return w.HTML(widget("learner_line", ident.learner_id, ident.cohort))


def action_plan(plan_id: str, *, language: str = "en"):
    """The closing action plan: one concrete change and when, saved as a reflection."""
    from .forms import action_plan_widget

    return action_plan_widget(_cur(), plan_id, language=language)


def terms_template(kit_id: str, *, language: str = "en"):
    """The prevention kit's terms template, saved as reflections."""
    from .forms import terms_template_widget

    return terms_template_widget(_cur(), kit_id, language=language)


def review_summary(review_id: str, *, language: str = "en"):
    """Which advice to revisit, from the learner's first tries in a review set."""
    from .review import ReviewSummary

    return ReviewSummary(_cur(), review_id, lang=language)


def review_timing(review_id: str, *, language: str = "en"):
    """When to take a review set, and the learner's action plan as a reminder."""
    from .review import ReviewTiming

    return ReviewTiming(_cur(), review_id, lang=language)
