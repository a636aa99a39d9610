"""The scenario widget driven from Python: select, submit, retry, branch, and what gets recorded."""

from __future__ import annotations

import pytest

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.html import md
from clientcraft.runtime.responselog import ResponseLogError
from clientcraft.runtime.widgets import ScenarioWidget, scenario
from clientcraft.runtime.widgets.identity import identity_widget


def answer(widget: ScenarioWidget, option_id: str):
    widget.view.value = option_id
    widget.submit()
    return widget.events[-1] if widget.events else None


def shown(widget: ScenarioWidget, action: str) -> bool:
    return action in widget.available_actions


def test_shows_situation_persona_and_labelled_options(cur):
    sc = cur.scenario("p-one")
    w = ScenarioWidget(sc, cur)
    assert text(sc.title) in (w.view.title + w.view.head_html) and sc.persona.name in (w.view.title + w.view.head_html)
    assert [o["label"] for o in w.view.options] == [text(o.text) for o in sc.steps[0].options]
    assert text(sc.steps[0].prompt) in w.view.prompt_html  # the question names the group of options
    assert w.view.value is None and not w.view.locked and w.available_actions == []


def test_submit_shows_consequence_coaching_and_citation_and_records(cur, log):
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    ev = answer(w, "b")
    opt = cur.scenario("p-one").steps[0].options[1]
    assert text(opt.consequence) in w.view.feedback_html and text(opt.coaching) in w.view.feedback_html
    rec = cur.recommendations["listen-first"]
    src = cur.sources[rec.citations[0].source]
    assert text(rec.action) in w.view.feedback_html and src.title_en in w.view.feedback_html
    assert w.view.locked and (w.view.focus, w.view.focus_seq) == ("feedback", 1)  # focus moves to the feedback
    (row,) = log.rows()
    assert row["event_id"] == ev.event_id
    assert (row["learner_id"], row["cohort"], row["lesson"], row["scenario"], row["step"], row["option"]) == \
        ("ana", "march", "the-lesson", "p-one", "s1", "b")
    assert (row["credit"], row["attempt"], row["mode"], row["kind"], row["language"]) == \
        (0.0, 1, "practice", "choice", "en")
    assert row["misconception"] == "getting-defensive" and row["recommendations"] == "listen-first"
    assert row["seconds"] is not None and row["seconds"] >= 0


def test_retry_counts_attempts(cur, log):
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    answer(w, "b")
    assert shown(w, "retry") and shown(w, "continue")
    w.retry()
    assert w.view.value is None and not w.view.locked and w.view.focus == "choice" and w.view.feedback_html == ""
    answer(w, "a")
    assert "attempt 2" in w.view.feedback_html
    assert [r["attempt"] for r in log.rows()] == [1, 2]
    # a fresh widget (a reopened notebook) keeps counting from the log
    w2 = ScenarioWidget(cur.scenario("p-one"), cur)
    answer(w2, "a")
    assert log.rows()[-1]["attempt"] == 3


def test_branching_goes_step_by_step_and_shows_the_path(cur, log):
    sc = cur.scenario("p-one")
    w = ScenarioWidget(sc, cur)
    answer(w, "a")
    assert not w.finished and w.view.summary_html == ""
    w.proceed()
    assert w.step.id == "s2"
    assert text(sc.steps[1].prompt) in w.view.prompt_html
    assert [o["id"] for o in w.view.options] == ["a", "b"] and w.view.focus == "step"
    answer(w, "b")
    assert w.finished
    assert w.path == [("s1", "a"), ("s2", "b")] and w.path_string() == "a>b"
    assert w.score() == pytest.approx(0.75)
    assert "Score for this path: 75%" in w.view.summary_html
    assert text(sc.steps[0].options[0].text) in w.view.summary_html
    assert shown(w, "restart") and not shown(w, "continue")
    assert [(r["step"], r["option"], r["credit"]) for r in log.rows()] == [("s1", "a", 1.0), ("s2", "b", 0.5)]


def test_restart_plays_again_from_the_first_step(cur, log):
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    answer(w, "a"); w.proceed(); answer(w, "a")
    w.restart()
    assert w.step.id == "s1" and w.path == [] and not w.finished and w.view.summary_html == ""
    answer(w, "b")
    assert log.rows()[-1]["attempt"] == 2


def test_single_step_scenario_finishes_on_first_answer(cur):
    w = ScenarioWidget(cur.scenario("p-two"), cur)
    answer(w, "a")
    assert w.finished and w.path == [("s1", "a")] and "100%" in w.view.summary_html


def test_submit_without_choice_asks_for_one(cur, log):
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    w.submit()
    assert "Choose one" in w.view.feedback_html and log.count() == 0


def test_reopened_scenario_shows_it_was_finished(cur):
    w = ScenarioWidget(cur.scenario("p-two"), cur)
    assert w.view.history_html == ""
    answer(w, "b")
    assert "finished this scenario before" in ScenarioWidget(cur.scenario("p-two"), cur).view.history_html


def test_unknown_learner_is_asked_once_then_answer_saved(cur, log, monkeypatch):
    monkeypatch.delenv("CLIENTCRAFT_LEARNER")
    w = ScenarioWidget(cur.scenario("p-two"), cur)
    w.view.value = "a"
    w.submit()
    assert log.count() == 0 and len(w.widget.children) == 2 and w.widget.children[0] is w.view
    form = w.widget.children[1]
    assert form is identity_widget()  # the same form as at the top of the lesson, not a second one
    form.hello("0" * 32)
    assert form.state == "ask"
    form.save("Bea")
    assert [r["learner_id"] for r in log.rows()] == ["Bea"]
    assert w.finished and w.widget.children == (w.view,)


def test_failed_write_keeps_the_answer_for_another_try(cur):
    calls = []

    def flaky(ev):
        calls.append(ev)
        if len(calls) == 1:
            raise ResponseLogError("test-db", "database is locked")

    w = ScenarioWidget(cur.scenario("p-two"), cur, recorder=flaky)
    w.view.value = "a"
    w.submit()
    assert "could not be saved" in w.view.feedback_html and "test-db" in w.view.feedback_html
    assert not w.view.locked and w.view.value == "a" and w.events == []
    w.submit()
    assert w.finished and len(w.events) == 1


def test_assessment_mode_hides_feedback_and_uses_the_recorder(cur, log):
    got = []
    sc = cur.scenario("p-one")
    w = ScenarioWidget(sc, cur, mode="assessment", recorder=got.append)
    answer(w, "b")
    # no consequence or coaching, no retry; straight on to the next step
    assert text(sc.steps[0].options[1].consequence) not in w.view.feedback_html
    assert "saved" in w.view.feedback_html and w.step.id == "s2" and not shown(w, "retry")
    answer(w, "a")
    assert w.finished and w.path_string() == "b>a"
    assert "%" not in w.view.summary_html and "Score" not in w.view.summary_html
    assert [(e.mode, e.step, e.option, e.credit, e.misconception) for e in got] == \
        [("assessment", "s1", "b", None, None), ("assessment", "s2", "a", None, None)]
    assert log.count() == 0 and not shown(w, "restart")


def test_assessment_needs_a_recorder(cur):
    with pytest.raises(ClientcraftError, match="recorder"):
        ScenarioWidget(cur.scenario("p-one"), cur, mode="assessment")
    with pytest.raises(ClientcraftError, match="mode"):
        ScenarioWidget(cur.scenario("p-one"), cur, mode="exam")


def test_content_markup_is_escaped(cur, log):
    sc = cur.scenario("p-two")
    evil = sc.model_copy(update={"situation": {"en": "She says <script>alert(1)</script> **loudly**."}})
    w = ScenarioWidget(evil, cur)
    assert "<script>" not in (w.view.title + w.view.head_html) and "&lt;script&gt;" in (w.view.title + w.view.head_html)
    assert "<strong>loudly</strong>" in (w.view.title + w.view.head_html)


def test_one_call_helper_uses_default_content(monkeypatch, log, cur):
    
    monkeypatch.setenv("CLIENTCRAFT_CONTENT", str(cur.root))
    w = scenario("p-two")
    assert isinstance(w, ScenarioWidget) and w.scenario.id == "p-two"
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    with pytest.raises(ClientcraftError, match="no-such-scenario"):
        scenario("no-such-scenario")


def test_every_practice_scenario_of_the_real_content_plays_every_option(log):
    try:
        real = load_curriculum(strict=False)
    except ClientcraftError as exc:
        pytest.skip(f"content does not load right now: {exc}")
    scs = [s for s in real.scenarios.values() if s.mode == "practice"]
    assert scs, "the curriculum has practice scenarios"
    n = 0
    for sc in scs:
        for st in sc.steps:
            for opt in st.options:
                w = ScenarioWidget(sc, real)
                # reach this step by the first route that leads there
                route = _route(sc, st.id)
                for sid, oid in route:
                    answer(w, oid)
                    w.proceed()
                assert w.step.id == st.id
                answer(w, opt.id)
                assert md(opt.consequence) in w.view.feedback_html and md(opt.coaching) in w.view.feedback_html
                assert w.finished == (opt.next is None)
                n += 1
    assert log.count() >= n


def _route(sc, target: str) -> list[tuple[str, str]]:
    """(step, option) pairs leading from the first step to ``target``."""
    first = sc.steps[0].id
    frontier = [(first, [])]
    seen = set()
    steps = {st.id: st for st in sc.steps}
    while frontier:
        sid, path = frontier.pop(0)
        if sid == target:
            return path
        if sid in seen:
            continue
        seen.add(sid)
        for opt in steps[sid].options:
            if opt.next:
                frontier.append((opt.next, path + [(sid, opt.id)]))
    raise AssertionError(f"{sc.id}: step {target} is unreachable")


def test_the_choice_sent_with_submit_is_the_one_recorded(cur, log):
    """The front end sends the checked option with Submit: a value update still queued cannot change the answer."""
    w = ScenarioWidget(cur.scenario("p-two"), cur)
    w.view.value = "a"  # the last synced value; the learner has since moved to "b"
    w._on_message(w.view, {"type": "submit", "value": "b"}, [])
    assert [r["option"] for r in log.rows()] == ["b"]
    w.restart()
    w._on_message(w.view, {"type": "submit", "value": "not-an-option"}, [])
    assert "Choose one of the options first" in w.view.feedback_html and log.count() == 1
