"""Learner widgets for lesson notebooks, each shown by one short call.

``scenario("id")`` shows a practice scenario, ``reflection("lesson-id")`` the lesson's reflection box,
``progress("lesson-id")`` (or ``progress()`` for the whole course) the learner's progress, ``lesson_index()``
the app's list of lessons, and ``learner()`` who is answering in this browser (or the one-time name form). Content comes from :func:`clientcraft.core.loader.default_curriculum`.
"""

from __future__ import annotations

from .progress import LessonIndex, ProgressWidget
from .reflection import ReflectionWidget
from .scenario import ScenarioWidget

__all__ = ["scenario", "reflection", "progress", "learner", "lesson_index", "ScenarioWidget", "ReflectionWidget",
           "ProgressWidget", "LessonIndex"]


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


def progress(lesson_id: str | None = None, *, language: str = "en") -> ProgressWidget:
    """Progress in one lesson, or (no id) across the whole course."""
    return ProgressWidget(_cur(), lesson_id, lang=language)


def lesson_index(*, language: str = "en") -> LessonIndex:
    """Every lesson as a link, with its length and the learner's progress (the app's start page)."""
    return LessonIndex(_cur(), lang=language)


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
