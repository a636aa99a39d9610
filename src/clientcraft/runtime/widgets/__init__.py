"""Learner widgets for lesson notebooks, each shown by one short call.

``scenario("id")`` shows a practice scenario, ``reflection("lesson-id")`` the lesson's reflection box,
``progress("lesson-id")`` (or ``progress()`` for the whole course;
``audience="staff"`` for the staff track) the learner's progress, ``lesson_index()``
the app's list of lessons, and ``learner()`` who is answering in this browser (or the one-time name form) with
the language choice. ``action_plan("id")`` and ``terms_template("id")`` are fill-in forms saved as reflections;
``review_timing("id")`` and ``review_summary("id")`` open and close a review set. Content comes from
:func:`clientcraft.core.loader.default_curriculum`. ``language`` defaults to the learner's
(:func:`clientcraft.runtime.identity.current_language`: ``$CLIENTCRAFT_LANG`` or the one they chose); the widget's
interface texts and content are shown in it (a text with no current translation in English, with a small note)
and every event it writes records it.
"""

from __future__ import annotations

from .progress import LessonIndex, ProgressWidget
from .reflection import ReflectionWidget
from .scenario import ScenarioWidget

__all__ = ["scenario", "reflection", "progress", "learner", "lesson_index", "action_plan", "terms_template",
           "review_summary", "review_timing", "ScenarioWidget", "ReflectionWidget", "ProgressWidget", "LessonIndex"]


def _cur(language: str | None = None):
    from clientcraft.core.loader import default_curriculum

    cur = default_curriculum()
    return cur if language in (None, "en") else _localized(cur, language)


def _localized(cur, language: str):
    from clientcraft.core.translations import localize

    key = (id(cur), language)
    if key not in _LOCALIZED:
        _LOCALIZED[key] = localize(cur, language)
    return _LOCALIZED[key]


_LOCALIZED: dict = {}


def _language(language: str | None) -> str:
    """The language to show (the learner's when None), activated for the interface texts."""
    from clientcraft.rendering import strings
    from clientcraft.runtime.identity import current_language

    return strings.activate(language or current_language())


def scenario(scenario_id: str, *, language: str | None = None) -> ScenarioWidget:
    """The practice scenario with this id, recording answers to the response log."""
    language = _language(language)
    cur = _cur(language)
    return ScenarioWidget(cur.scenario(scenario_id), cur, mode="practice", language=language)


def reflection(lesson_id: str, *, language: str | None = None) -> ReflectionWidget:
    """The reflection box of this lesson."""
    language = _language(language)
    return ReflectionWidget(_cur(language), lesson_id, language=language)


def progress(lesson_id: str | None = None, *, language: str | None = None,
             audience: str | None = None) -> ProgressWidget:
    """Progress in one lesson, or (no id) across the whole course; ``audience="staff"`` counts the staff
    track's scenarios only."""
    language = _language(language)
    return ProgressWidget(_cur(language), lesson_id, lang=language, audience=audience)


def lesson_index(*, language: str | None = None, audience: str | None = None) -> LessonIndex:
    """Every lesson as a link, with its length and the learner's progress (the app's start page); ``audience``
    counts that track's scenarios only."""
    language = _language(language)
    return LessonIndex(_cur(language), lang=language, audience=audience)


def learner(language: str | None = None):
    """Who is answering in this browser (or the one-time form asking a new browser for a name), and the language
    choice.

    ``language`` is the notebook's language (None: the learner's). In the app a ``?lang=`` URL parameter (which
    Voila passes to the kernel as ``QUERY_STRING``) chooses and remembers the learner's language. It also opens the
    response log now, while the lesson runs (in app mode, in a pre-started kernel before any page asks for it), so
    the first history or answer after the page opens does not wait for the database driver.
    """
    from clientcraft.core.errors import ClientcraftError
    from clientcraft.runtime.responselog import get_log

    import ipywidgets as w

    from .identity import identity_widget
    from .language import LanguageChoice, language_from_query

    try:
        get_log()
    except ClientcraftError:
        pass  # the widgets say so when they need the log
    asked = language_from_query()
    lang = _language(language or asked)
    choice = LanguageChoice(lang, notebook_language=language or "en", asked=asked)
    return w.VBox([identity_widget(), choice.widget])


def action_plan(plan_id: str, *, language: str | None = None):
    """The closing action plan: one concrete change and when, saved as a reflection."""
    from .forms import action_plan_widget

    language = _language(language)
    return action_plan_widget(_cur(language), plan_id, language=language)


def terms_template(kit_id: str, *, language: str | None = None):
    """The prevention kit's terms template, saved as reflections."""
    from .forms import terms_template_widget

    language = _language(language)
    return terms_template_widget(_cur(language), kit_id, language=language)


def review_summary(review_id: str, *, language: str | None = None):
    """Which advice to revisit, from the learner's first tries in a review set."""
    from .review import ReviewSummary

    language = _language(language)
    return ReviewSummary(_cur(language), review_id, lang=language)


def review_timing(review_id: str, *, language: str | None = None):
    """When to take a review set, and the learner's action plan as a reminder."""
    from .review import ReviewTiming

    language = _language(language)
    return ReviewTiming(_cur(language), review_id, lang=language)
