"""The scenario widget driven from Python: select, submit, retry, branch, and what gets recorded."""

from __future__ import annotations

import pytest

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.html import md
from clientcraft.runtime.responselog import ResponseLogError
from clientcraft.runtime.widgets import ScenarioWidget, scenario


def answer(widget: ScenarioWidget, option_id: str):
    widget.choice.value = option_id
    widget.submit_button.click()
    return widget.events[-1] if widget.events else None


def shown(button) -> bool:
    return button.layout.display != "none"


def test_shows_situation_persona_and_labelled_options(cur):
    sc = cur.scenario("p-one")
    w = ScenarioWidget(sc, cur)
    assert text(sc.title) in w.header.value and sc.persona.name in w.header.value
    assert [label for label, _ in w.choice.options] == [text(o.text) for o in sc.steps[0].options]
    assert w.choice.value is None and w.choice.description == "Your choice:"
    assert w.submit_button.disabled  # nothing chosen yet
    w.choice.value = "a"
    assert not w.submit_button.disabled


def test_submit_shows_consequence_coaching_and_citation_and_records(cur, log):
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    ev = answer(w, "b")
    opt = cur.scenario("p-one").steps[0].options[1]
    assert text(opt.consequence) in w.feedback.value and text(opt.coaching) in w.feedback.value
    rec = cur.recommendations["listen-first"]
    src = cur.sources[rec.citations[0].source]
    assert text(rec.action) in w.feedback.value and src.title_en in w.feedback.value
    assert w.choice.disabled and w.submit_button.disabled
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
    assert shown(w.retry_button) and shown(w.continue_button)
    w.retry_button.click()
    assert w.choice.value is None and not w.choice.disabled and w.feedback.value == ""
    answer(w, "a")
    assert "attempt 2" in w.feedback.value
    assert [r["attempt"] for r in log.rows()] == [1, 2]
    # a fresh widget (a reopened notebook) keeps counting from the log
    w2 = ScenarioWidget(cur.scenario("p-one"), cur)
    answer(w2, "a")
    assert log.rows()[-1]["attempt"] == 3


def test_branching_goes_step_by_step_and_shows_the_path(cur, log):
    sc = cur.scenario("p-one")
    w = ScenarioWidget(sc, cur)
    answer(w, "a")
    assert not w.finished and w.summary.value == ""
    w.continue_button.click()
    assert w.step.id == "s2"
    assert text(sc.steps[1].prompt) in w.prompt.value
    assert [v for _, v in w.choice.options] == ["a", "b"]
    answer(w, "b")
    assert w.finished
    assert w.path == [("s1", "a"), ("s2", "b")] and w.path_string() == "a>b"
    assert w.score() == pytest.approx(0.75)
    assert "Score for this path: 75%" in w.summary.value
    assert text(sc.steps[0].options[0].text) in w.summary.value
    assert shown(w.restart_button) and not shown(w.continue_button)
    assert [(r["step"], r["option"], r["credit"]) for r in log.rows()] == [("s1", "a", 1.0), ("s2", "b", 0.5)]


def test_restart_plays_again_from_the_first_step(cur, log):
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    answer(w, "a"); w.continue_button.click(); answer(w, "a")
    w.restart_button.click()
    assert w.step.id == "s1" and w.path == [] and not w.finished and w.summary.value == ""
    answer(w, "b")
    assert log.rows()[-1]["attempt"] == 2


def test_single_step_scenario_finishes_on_first_answer(cur):
    w = ScenarioWidget(cur.scenario("p-two"), cur)
    answer(w, "a")
    assert w.finished and w.path == [("s1", "a")] and "100%" in w.summary.value


def test_submit_without_choice_asks_for_one(cur, log):
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    w.submit()
    assert "Choose one" in w.feedback.value and log.count() == 0


def test_reopened_scenario_shows_it_was_finished(cur):
    w = ScenarioWidget(cur.scenario("p-two"), cur)
    assert w.history.value == ""
    answer(w, "b")
    assert "finished this scenario before" in ScenarioWidget(cur.scenario("p-two"), cur).history.value


def test_unknown_learner_is_asked_once_then_answer_saved(cur, log, monkeypatch):
    monkeypatch.delenv("CLIENTCRAFT_LEARNER")
    w = ScenarioWidget(cur.scenario("p-two"), cur)
    w.choice.value = "a"
    w.submit_button.click()
    assert log.count() == 0 and len(w.prompt_box.children) == 1
    form = w.prompt_box.children[0]
    name, save = form.children[1], form.children[3]
    name.value = "Bea"
    save.click()
    assert [r["learner_id"] for r in log.rows()] == ["Bea"]
    assert w.finished and w.prompt_box.children == ()


def test_failed_write_keeps_the_answer_for_another_try(cur):
    calls = []

    def flaky(ev):
        calls.append(ev)
        if len(calls) == 1:
            raise ResponseLogError("test-db", "database is locked")

    w = ScenarioWidget(cur.scenario("p-two"), cur, recorder=flaky)
    w.choice.value = "a"
    w.submit_button.click()
    assert "could not be saved" in w.feedback.value and "test-db" in w.feedback.value
    assert not w.choice.disabled and w.choice.value == "a" and w.events == []
    w.submit_button.click()
    assert w.finished and len(w.events) == 1


def test_assessment_mode_hides_feedback_and_uses_the_recorder(cur, log):
    got = []
    sc = cur.scenario("p-one")
    w = ScenarioWidget(sc, cur, mode="assessment", recorder=got.append)
    answer(w, "b")
    # no consequence or coaching, no retry; straight on to the next step
    assert text(sc.steps[0].options[1].consequence) not in w.feedback.value
    assert "saved" in w.feedback.value and w.step.id == "s2" and not shown(w.retry_button)
    answer(w, "a")
    assert w.finished and w.path_string() == "b>a"
    assert "%" not in w.summary.value and "Score" not in w.summary.value
    assert [(e.mode, e.step, e.option, e.credit, e.misconception) for e in got] == \
        [("assessment", "s1", "b", None, None), ("assessment", "s2", "a", None, None)]
    assert log.count() == 0 and not shown(w.restart_button)


def test_assessment_needs_a_recorder(cur):
    with pytest.raises(ClientcraftError, match="recorder"):
        ScenarioWidget(cur.scenario("p-one"), cur, mode="assessment")
    with pytest.raises(ClientcraftError, match="mode"):
        ScenarioWidget(cur.scenario("p-one"), cur, mode="exam")


def test_content_markup_is_escaped(cur, log):
    sc = cur.scenario("p-two")
    evil = sc.model_copy(update={"situation": {"en": "She says <script>alert(1)</script> **loudly**."}})
    w = ScenarioWidget(evil, cur)
    assert "<script>" not in w.header.value and "&lt;script&gt;" in w.header.value
    assert "<strong>loudly</strong>" in w.header.value


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
                    w.continue_button.click()
                assert w.step.id == st.id
                answer(w, opt.id)
                assert md(opt.consequence) in w.feedback.value and md(opt.coaching) in w.feedback.value
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
