"""Progress comes from the response log: it survives a kernel restart and follows answers live."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from clientcraft.runtime.widgets import ProgressWidget, ReflectionWidget, ScenarioWidget
from clientcraft.runtime.widgets.progress import learner_progress


def finish(cur, scenario_id: str) -> None:
    w = ScenarioWidget(cur.scenario(scenario_id), cur)
    while not w.finished:
        w.choice.value = w.step.options[0].id
        w.submit_button.click()
        w.continue_button.click()


def test_lesson_progress_counts_finished_scenarios_and_reflection(cur, log):
    view = ProgressWidget(cur, "the-lesson")
    assert [(p.steps_done, p.steps_total) for p in view.progress] == [(0, 3)]
    assert "Practice one" in view.summary.value or "p-one" not in view.summary.value
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    w.choice.value = "a"; w.submit_button.click()
    assert view.progress[0].steps_done == 0  # started is not finished
    w.continue_button.click(); w.choice.value = "b"; w.submit_button.click()
    assert view.progress[0].finished == ("p-one",)  # refreshed live, without pressing Refresh
    assert view.bars.children[0].children[0].value == 1
    r = ReflectionWidget(cur, "the-lesson")
    r.answer.value = "noted"; r.save_button.click()
    finish(cur, "p-two")
    assert view.progress[0].complete and view.bars.children[0].children[0].bar_style == "success"


def test_course_progress_lists_every_lesson(cur, log):
    view = ProgressWidget(cur)
    assert [p.lesson_id for p in view.progress] == [ls.id for ls in cur.lessons_in_order()]
    finish(cur, "p-two")
    assert sum(p.steps_done for p in view.progress) == 1


def test_other_learners_do_not_count(cur, log, monkeypatch):
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "bo")
    finish(cur, "p-two")
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "ana")
    assert ProgressWidget(cur, "the-lesson").progress[0].steps_done == 0
    assert learner_progress(cur, log.rows(learner_id="bo"), ["the-lesson"])[0].finished == ("p-two",)


def test_progress_survives_a_new_process(cur, log, private_log):
    finish(cur, "p-two")
    code = textwrap.dedent(f"""
        from clientcraft.core.loader import load_curriculum
        from clientcraft.runtime.widgets import ProgressWidget
        view = ProgressWidget(load_curriculum({str(cur.root)!r}), "the-lesson")
        print(view.progress[0].finished)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "('p-two',)"


def test_unknown_learner_is_told_to_enter_a_name(cur, log, monkeypatch):
    monkeypatch.delenv("CLIENTCRAFT_LEARNER")
    view = ProgressWidget(cur, "the-lesson")
    assert "Enter your name" in view.summary.value
