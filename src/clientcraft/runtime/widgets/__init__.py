"""Learner widgets for lesson notebooks, each shown by one short call.

``scenario("id")`` shows a practice scenario, ``reflection("lesson-id")`` the lesson's reflection box,
``progress("lesson-id")`` (or ``progress()`` for the whole course;
``audience="staff"`` for the staff track) the learner's progress, ``lesson_index()``
the app's list of lessons, and ``learner()`` who is answering in this browser (or the one-time name form).
``action_plan("id")`` and ``terms_template("id")`` are fill-in forms saved as reflections; ``review_timing("id")``
and ``review_summary("id")`` open and close a review set. Content comes from
:func:`clientcraft.core.loader.default_curriculum`.
"""

from __future__ import annotations

from .progress import LessonIndex, ProgressWidget
from .reflection import ReflectionWidget
from .scenario import ScenarioWidget

__all__ = ["scenario", "reflection", "progress", "learner", "lesson_index", "action_plan", "terms_template",
           "review_summary", "review_timing", "ScenarioWidget", "ReflectionWidget", "ProgressWidget", "LessonIndex"]


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


def lesson_index(*, language: str = "en", audience: str | None = None) -> LessonIndex:
    """Every lesson as a link, with its length and the learner's progress (the app's start page); ``audience``
    counts that track's scenarios only."""
    return LessonIndex(_cur(), lang=language, audience=audience)


def learner():
    """Who is answering in this browser, or the one-time form asking a new browser for a name.

    It also opens the response log now, while the lesson runs (in app mode, in a pre-started kernel before any page
    asks for it), so the first history or answer after the page opens does not wait for the database driver.
    """
    from clientcraft.core.errors import ClientcraftError
    from clientcraft.runtime.responselog import get_log

    from .identity import identity_widget

    try:
        get_log()
    except ClientcraftError:
        pass  # the widgets say so when they need the log
    return identity_widget()


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
