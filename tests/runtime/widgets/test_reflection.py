"""The reflection widget saves free text as an event, escapes it, and shows it again after a restart."""

from __future__ import annotations

from clientcraft.runtime.widgets import ReflectionWidget
from clientcraft.runtime.widgets.reflection import MAX_CHARS


def test_save_records_a_reflection_event(cur, log):
    w = ReflectionWidget(cur, "the-lesson")
    assert "Reflection" in w.prompt.value
    w.answer.value = "  I argued too early.  "
    w.save_button.click()
    (row,) = log.rows()
    assert (row["kind"], row["mode"], row["scenario"], row["lesson"], row["text"]) == \
        ("reflection", "reflection", None, "the-lesson", "I argued too early.")
    assert (row["learner_id"], row["cohort"]) == ("ana", "march")
    assert "Saved" in w.message.value


def test_learner_text_is_escaped_when_shown(cur, log):
    w = ReflectionWidget(cur, "the-lesson")
    w.answer.value = '<img src=x onerror="alert(1)"> & more'
    w.save_button.click()
    assert "<img" not in w.saved_view.value
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; more" in w.saved_view.value


def test_reopened_lesson_shows_latest_reflection(cur, log):
    first = ReflectionWidget(cur, "the-lesson")
    first.answer.value = "first thought"
    first.save_button.click()
    first.answer.value = "second thought"
    first.save_button.click()
    again = ReflectionWidget(cur, "the-lesson")
    assert again.answer.value == "second thought" and "second thought" in again.saved_view.value
    assert log.count(kind="reflection") == 2


def test_empty_or_too_long_text_is_not_saved_and_kept(cur, log):
    w = ReflectionWidget(cur, "the-lesson")
    w.answer.value = "   "
    w.save_button.click()
    assert "Write something" in w.message.value
    long = "x" * (MAX_CHARS + 1)
    w.answer.value = long
    w.save_button.click()
    assert "under" in w.message.value and w.answer.value == long
    assert log.count() == 0
