"""Lesson notebooks in another language: translated content and interface, English with a note elsewhere."""

from __future__ import annotations

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.rendering import strings
from clientcraft.rendering.lessons import render_lessons

WELCOME = "notebooks/00-welcome.ipynb"


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


@pytest.mark.parametrize("lang,title,key_points", [
    ("id", "# Selamat datang", "## Poin penting"), ("nb", "# Velkommen", "## Hovedpunkter"),
    ("tl", "# Maligayang pagdating", "## Mahahalagang punto"), ("de", "# Willkommen", "## Das Wichtigste")])
def test_welcome_lesson_is_rendered_in_each_language(cur, lang, title, key_points):
    nb = render_lessons(cur, lang)[WELCOME]
    sources = [c.source for c in nb.cells]
    assert sources[0].startswith(title)
    assert any(s.startswith(key_points) for s in sources)
    calls = [s for s in sources if "scenario(" in s or "reflection(" in s or "learner(" in s]
    assert calls and all(f'language="{lang}"' in s for s in calls)
    note = strings.in_language(lang).CONTENT_IN_ENGLISH
    translated_body = [s for s in sources if "Course view" in s or note in s]
    assert not any("Course view" in s for s in translated_body)  # the label is translated too
    assert strings.active_language() == "en"  # rendering one language leaves the process's language alone


@pytest.fixture(scope="module")
def lesson_one_untranslated(tmp_path_factory):
    """The real content with a German catalog that lacks lesson 1's texts (the English changed, say)."""
    import shutil

    from clientcraft.core.translations import po_path, po_text, read_catalog

    real = load_curriculum()
    root = tmp_path_factory.mktemp("checkout") / "data" / "curriculum"
    shutil.copytree(real.root, root)
    catalog = read_catalog(po_path(real.root, "de"), "de")
    dropped = 0
    for m in catalog:
        if m.context and m.context.startswith("lessons/two-kinds-of-difficult/"):
            m.string, dropped = "", dropped + 1
    assert dropped > 10
    po_path(root, "de").parent.mkdir(parents=True)
    po_path(root, "de").write_text(po_text(catalog), encoding="utf-8")
    return load_curriculum(root)


def test_untranslated_lesson_shows_english_with_a_note(lesson_one_untranslated):
    cur = lesson_one_untranslated
    nb = render_lessons(cur, "de")["notebooks/01-two-kinds-of-difficult.ipynb"]
    body = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert strings.in_language("de").CONTENT_IN_ENGLISH in body
    assert "## Das Wichtigste" in body
    english = render_lessons(cur)["notebooks/01-two-kinds-of-difficult.ipynb"]
    assert strings.in_language("en").CONTENT_IN_ENGLISH not in "\n".join(c.source for c in english.cells)


def _interface_sentences(lang: str) -> list[str]:
    """English interface texts of four words or more (placeholders cut out) that read differently in ``lang``."""
    import re

    out = []
    for name in strings.names():
        english = getattr(strings.in_language("en"), name)
        shown = getattr(strings.in_language(lang), name)
        if isinstance(english, strings.Plural):
            english, shown = english.form(2), shown.form(2)
        if not isinstance(english, str) or english == shown:
            continue
        out += [part.strip() for part in re.split(r"\{[^}]*\}|\*\*|[*\[\]()]", english)
                if len(part.split()) >= 4]
    return out


@pytest.mark.parametrize("lang", ["id", "nb", "tl", "de"])
def test_app_notebooks_in_a_language_hold_no_english_interface_text(cur, lang):
    from clientcraft.rendering.lessons import render_app_notebooks

    notebooks = render_app_notebooks(cur, lang=lang, audience="staff")
    shown = "\n".join(c.source for nb in notebooks.values() for c in nb.cells)
    english = [s for s in _interface_sentences(lang) if s in shown]
    assert _interface_sentences(lang), "nothing to look for"
    assert not english, f"English interface text in the {lang} app notebooks: {english}"
    assert all(nb.metadata["clientcraft"]["language"] == lang for nb in notebooks.values())
    assert strings.active_language() == "en"


def test_widget_feedback_marks_each_text_shown_in_english(cur):
    from clientcraft.core.translations import load_catalog, localize
    from clientcraft.rendering.html import recommendations, widget

    other_id = cur.scenarios_for("two-kinds-of-difficult", "practice")[0].id
    catalog = load_catalog(cur.root, "id")
    for m in catalog:  # as if the advice and one scenario had changed in English since they were translated
        if m.context and m.context.startswith(("recommendations/", f"scenarios/{other_id}/")):
            m.string = ""
    shown = localize(cur, "id", catalog=catalog)
    welcome = shown.scenarios_for("welcome", "practice")[0].steps[0].options[0]  # translated, advice is not
    other = shown.scenario(other_id).steps[0].options[0]  # not translated
    note = strings.in_language("id").CONTENT_IN_ENGLISH

    def feedback(option, lang):
        with strings.language(lang):
            return widget("feedback", "v", "good", 1, option, recommendations(shown, option.recommendations, lang), lang)

    assert feedback(welcome, "id").count(note) == len(welcome.recommendations)
    assert feedback(other, "id").count(note) == 2 + len(other.recommendations)  # consequence, coaching, advice
    assert "cc-in-english" not in feedback(other, "en")
