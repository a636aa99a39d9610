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
    w.inputs["change"].value = "Let clients finish before I answer."
    w.save_button.click()
    assert "Please fill in" in w.message.value and log.count() == 0
    assert w.inputs["change"].value == "Let clients finish before I answer."  # nothing lost
    w.inputs["when"].value = "Monday calls"
    w.save_button.click()
    rows = log.rows()
    assert [(r["kind"], r["mode"], r["lesson"], r["step"], r["text"]) for r in rows] == [
        ("reflection", "reflection", "the-lesson", "action-plan:change", "Let clients finish before I answer."),
        ("reflection", "reflection", "the-lesson", "action-plan:when", "Monday calls")]
    assert "Saved" in w.message.value


def test_saved_plan_comes_back_and_only_changed_fields_are_saved_again(tcur, log):
    w = action_plan_widget(tcur, "plan")
    w.inputs["change"].value, w.inputs["when"].value = "Quote the deposit.", "Friday"
    w.save_button.click()
    again = action_plan_widget(tcur, "plan")
    assert again.inputs["change"].value == "Quote the deposit." and again.inputs["when"].value == "Friday"
    again.inputs["when"].value = "Thursday"
    again.save_button.click()
    assert [r["text"] for r in log.rows()] == ["Quote the deposit.", "Friday", "Thursday"]
    again.save_button.click()
    assert "Nothing new" in again.message.value and log.count() == 3
    plan = latest_action_plan(tcur, log.rows())
    assert (plan.change, plan.when) == ("Quote the deposit.", "Thursday")


def test_plan_is_not_taken_for_the_lesson_reflection(tcur, log):
    w = action_plan_widget(tcur, "plan")
    w.inputs["change"].value, w.inputs["when"].value = "A change", "Soon"
    w.save_button.click()
    assert not learner_progress(tcur, log.rows(), ["the-lesson"])[0].reflected
    assert ReflectionWidget(tcur, "the-lesson").answer.value == ""
    r = ReflectionWidget(tcur, "the-lesson")
    r.answer.value = "My reflection"
    r.save_button.click()
    assert action_plan_widget(tcur, "plan").inputs["change"].value == "A change"
    assert learner_progress(tcur, log.rows(), ["the-lesson"])[0].reflected


def test_progress_shows_the_plan_from_an_earlier_session(tcur, log):
    earlier = datetime.now(timezone.utc) - timedelta(days=3)
    for step, body in (("action-plan:change", "Say back the main point <b>first</b>."), ("action-plan:when", "Monday")):
        log.record(Event(learner_id="ana", cohort="march", lesson="the-lesson", step=step, mode="reflection",
                         kind="reflection", text=body, timestamp=earlier))
    for view in (ProgressWidget(tcur, "the-lesson"), ProgressWidget(tcur)):
        shown = view.summary.value
        assert "Your action plan" in shown and "in an earlier session" in shown
        assert "Say back the main point &lt;b&gt;first&lt;/b&gt;." in shown and "<b>first</b>" not in shown
        assert "Monday" in shown


def test_plan_saved_now_is_shown_without_the_earlier_label(tcur, log):
    view = ProgressWidget(tcur, "the-lesson")
    assert "Your action plan" not in view.summary.value
    w = action_plan_widget(tcur, "plan")
    w.inputs["change"].value, w.inputs["when"].value = "Write terms", "Tonight"
    w.save_button.click()
    assert "Write terms" in view.summary.value and "earlier session" not in view.summary.value  # refreshed live


def test_plan_is_shown_in_a_new_kernel_session(tcur, log, toolkit_copy):
    w = action_plan_widget(tcur, "plan")
    w.inputs["change"].value, w.inputs["when"].value = "Check the agreement first", "Next complaint"
    w.save_button.click()
    code = textwrap.dedent(f"""
        from clientcraft.core.loader import load_curriculum
        from clientcraft.runtime.widgets import ProgressWidget
        print(ProgressWidget(load_curriculum({str(tcur.root)!r})).summary.value)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Check the agreement first" in out and "in an earlier session" in out


def test_terms_template_saves_each_answer_and_previews_it_escaped(tcur, log):
    w = terms_template_widget(tcur, "kit")
    assert set(w.inputs) == {"deliver", "dates", "contact"}
    assert w.inputs["dates"].placeholder == "e.g. Within two days."
    w.inputs["deliver"].value = "A repaired tap <script>x</script>"
    w.save_button.click()
    (row,) = log.rows()
    assert (row["step"], row["lesson"]) == ("terms:deliver", "the-lesson")
    assert "&lt;script&gt;" in w.extra.value and "<script>" not in w.extra.value
    again = terms_template_widget(tcur, "kit")
    assert again.inputs["deliver"].value == "A repaired tap <script>x</script>" and "Your terms so far" in again.extra.value
    assert not learner_progress(tcur, log.rows(), ["the-lesson"])[0].reflected
