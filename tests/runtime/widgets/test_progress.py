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
        w.view.value = w.step.options[0].id
        w.submit()
        w.proceed()


def test_lesson_progress_counts_finished_scenarios_and_reflection(cur, log):
    view = ProgressWidget(cur, "the-lesson")
    assert [(p.steps_done, p.steps_total) for p in view.progress] == [(0, 3)]
    assert "0 of 3 activities done" in view.html and view.html.count("0 of 3") == 1  # one line, said once
    assert "The reflection at the end" in view.html
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    w.view.value = "a"; w.submit()
    assert view.progress[0].steps_done == 0  # started is not finished
    w.proceed(); w.view.value = "b"; w.submit()
    assert view.progress[0].finished == ("p-one",)  # refreshed live, without pressing Refresh
    assert '<progress value="1" max="3"' in view.html
    r = ReflectionWidget(cur, "the-lesson")
    r.view.text = "noted"; r.save()
    finish(cur, "p-two")
    assert view.progress[0].complete and "3 of 3 activities done" in view.html
    assert "done everything in this lesson" in view.html


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
    assert "Give your name" in view.html


def test_lesson_index_links_every_lesson_with_its_progress(cur, log, monkeypatch):
    from clientcraft.runtime.identity import Identity, set_browser_identity
    from clientcraft.runtime.widgets import LessonIndex

    monkeypatch.delenv("CLIENTCRAFT_LEARNER")
    index = LessonIndex(cur)
    html = index.widget.value
    assert html.count("<li>") == len(cur.lessons) and 'href="01-the-lesson.ipynb"' in html
    assert "Not started" not in html  # nobody known yet: no progress claimed
    set_browser_identity(Identity("ana", "", "browser"))
    finish(cur, "p-two")
    assert "1 of 3 activities done" in index.widget.value and "Not started" in index.widget.value
    set_browser_identity(Identity("bea", "", "browser"))  # another learner in this browser: their own progress
    assert "1 of 3" not in index.widget.value
