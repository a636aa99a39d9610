"""The reflection widget saves free text as an event, escapes it, and shows it again after a restart."""

from __future__ import annotations

from clientcraft.runtime.widgets import ReflectionWidget
from clientcraft.runtime.widgets.reflection import MAX_CHARS


def test_save_records_a_reflection_event(cur, log):
    w = ReflectionWidget(cur, "the-lesson")
    assert w.view.labels["title"] == "Reflection" and w.view.prompt_html.startswith("<p>")
    w.view.text = "  I argued too early.  "
    w.save()
    (row,) = log.rows()
    assert (row["kind"], row["mode"], row["scenario"], row["lesson"], row["text"]) == \
        ("reflection", "reflection", None, "the-lesson", "I argued too early.")
    assert (row["learner_id"], row["cohort"]) == ("ana", "march")
    assert "Saved" in w.view.message


def test_learner_text_is_escaped_when_shown(cur, log):
    w = ReflectionWidget(cur, "the-lesson")
    w.view.text = '<img src=x onerror="alert(1)"> & more'
    w.save()
    assert "<img" not in w.view.saved_html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; more" in w.view.saved_html


def test_reopened_lesson_shows_latest_reflection(cur, log):
    first = ReflectionWidget(cur, "the-lesson")
    first.view.text = "first thought"
    first.save()
    first.view.text = "second thought"
    first.save()
    again = ReflectionWidget(cur, "the-lesson")
    assert again.view.text == "second thought" and "second thought" in again.view.saved_html
    assert log.count(kind="reflection") == 2


def test_empty_or_too_long_text_is_not_saved_and_kept(cur, log):
    w = ReflectionWidget(cur, "the-lesson")
    w.view.text = "   "
    w.save()
    assert "Write something" in w.view.message
    long = "x" * (MAX_CHARS + 1)
    w.view.text = long
    w.save()
    assert "under" in w.view.message and w.view.text == long
    assert log.count() == 0


def test_the_text_sent_with_save_is_what_is_stored(cur, log):
    """The front end sends the box's text with the Save message: a Save right after typing loses nothing."""
    w = ReflectionWidget(cur, "the-lesson")
    w.view.text = "I will ask"  # the last synced value, a few keystrokes behind
    w._on_message(w.view, {"type": "save", "text": "I will ask what the client pictured."}, [])
    assert [r["text"] for r in log.rows()] == ["I will ask what the client pictured."]
    assert w.view.text == "I will ask what the client pictured."
