"""The action plan and the terms template are saved as reflections, come back on reopening, never pass for the
lesson's own reflection, and the action plan is shown back by the progress display in the next session."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.runtime.responselog import Event
from clientcraft.runtime.widgets import ProgressWidget, ReflectionWidget
from clientcraft.runtime.widgets.forms import action_plan_widget, terms_template_widget
from clientcraft.runtime.widgets.saved import latest_action_plan
from clientcraft.runtime.widgets.progress import learner_progress


@pytest.fixture
def tcur(toolkit_copy):
    return load_curriculum(toolkit_copy())


def test_action_plan_needs_both_a_change_and_when(tcur, log):
    w = action_plan_widget(tcur, "plan")
    w.fill(change="Let clients finish before I answer.")
    w.save()
    assert "Please fill in" in w.view.message and log.count() == 0
    assert w.view.values["change"] == "Let clients finish before I answer."  # nothing lost
    w.fill(when="Monday calls")
    w.save()
    rows = log.rows()
    assert [(r["kind"], r["mode"], r["lesson"], r["step"], r["text"]) for r in rows] == [
        ("reflection", "reflection", "the-lesson", "action-plan:change", "Let clients finish before I answer."),
        ("reflection", "reflection", "the-lesson", "action-plan:when", "Monday calls")]
    assert "Saved" in w.view.message


def test_saved_plan_comes_back_and_only_changed_fields_are_saved_again(tcur, log):
    w = action_plan_widget(tcur, "plan")
    w.fill(change="Quote the deposit.", when="Friday")
    w.save()
    again = action_plan_widget(tcur, "plan")
    assert again.view.values["change"] == "Quote the deposit." and again.view.values["when"] == "Friday"
    again.fill(when="Thursday")
    again.save()
    assert [r["text"] for r in log.rows()] == ["Quote the deposit.", "Friday", "Thursday"]
    again.save()
    assert "Nothing new" in again.view.message and log.count() == 3
    plan = latest_action_plan(tcur, log.rows())
    assert (plan.change, plan.when) == ("Quote the deposit.", "Thursday")


def test_plan_is_not_taken_for_the_lesson_reflection(tcur, log):
    w = action_plan_widget(tcur, "plan")
    w.fill(change="A change", when="Soon")
    w.save()
    assert not learner_progress(tcur, log.rows(), ["the-lesson"])[0].reflected
    assert ReflectionWidget(tcur, "the-lesson").view.text == ""
    r = ReflectionWidget(tcur, "the-lesson")
    r.save("My reflection")
    assert action_plan_widget(tcur, "plan").view.values["change"] == "A change"
    assert learner_progress(tcur, log.rows(), ["the-lesson"])[0].reflected


def test_progress_shows_the_plan_from_an_earlier_session(tcur, log):
    earlier = datetime.now(timezone.utc) - timedelta(days=3)
    for step, body in (("action-plan:change", "Say back the main point <b>first</b>."), ("action-plan:when", "Monday")):
        log.record(Event(learner_id="ana", cohort="march", lesson="the-lesson", step=step, mode="reflection",
                         kind="reflection", text=body, timestamp=earlier))
    for view in (ProgressWidget(tcur, "the-lesson"), ProgressWidget(tcur)):
        shown = view.widget.value
        assert "Your action plan" in shown and "in an earlier session" in shown
        assert "Say back the main point &lt;b&gt;first&lt;/b&gt;." in shown and "<b>first</b>" not in shown
        assert "Monday" in shown


def test_plan_saved_now_is_shown_without_the_earlier_label(tcur, log):
    view = ProgressWidget(tcur, "the-lesson")
    assert "Your action plan" not in view.widget.value
    w = action_plan_widget(tcur, "plan")
    w.fill(change="Write terms", when="Tonight")
    w.save()
    assert "Write terms" in view.widget.value and "earlier session" not in view.widget.value  # refreshed live


def test_plan_is_shown_in_a_new_kernel_session(tcur, log, toolkit_copy):
    w = action_plan_widget(tcur, "plan")
    w.fill(change="Check the agreement first", when="Next complaint")
    w.save()
    code = textwrap.dedent(f"""
        from clientcraft.core.loader import load_curriculum
        from clientcraft.runtime.widgets import ProgressWidget
        print(ProgressWidget(load_curriculum({str(tcur.root)!r})).widget.value)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Check the agreement first" in out and "in an earlier session" in out


def test_terms_template_saves_each_answer_and_previews_it_escaped(tcur, log):
    w = terms_template_widget(tcur, "kit")
    assert [f.id for f in w.fields] == ["deliver", "dates", "contact"]
    assert {f["id"]: f["placeholder"] for f in w.view.fields}["dates"] == "e.g. Within two days."
    w.fill(deliver="A repaired tap <script>x</script>")
    w.save()
    (row,) = log.rows()
    assert (row["step"], row["lesson"]) == ("terms:deliver", "the-lesson")
    assert "&lt;script&gt;" in w.view.extra_html and "<script>" not in w.view.extra_html
    again = terms_template_widget(tcur, "kit")
    assert again.view.values["deliver"] == "A repaired tap <script>x</script>" and "Your terms so far" in again.view.extra_html
    assert not learner_progress(tcur, log.rows(), ["the-lesson"])[0].reflected
