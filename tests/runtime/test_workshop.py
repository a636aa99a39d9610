"""Workshop mode: the cohort's first answers per option, who has not answered, and the live view."""

from __future__ import annotations


from pathlib import Path

import pytest
from markupsafe import escape

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.loader import load_curriculum
from clientcraft.core.records import Event
from clientcraft.core.schema import text
from clientcraft.core.settings import sqlite_url
from clientcraft.runtime.responselog import ResponseLog
from clientcraft.runtime.workshop import (WorkshopView, answers_html, first_answers, not_answered, option_counts,
                                          roster_ids, workshop_view)

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture
def cur():
    return load_curriculum(FIXTURE_CONTENT)


@pytest.fixture
def log(tmp_path):
    lg = ResponseLog(sqlite_url(tmp_path / "shared.sqlite"))
    yield lg
    lg.close()


def answer(log, learner, option, step="s1", scenario="p-one", cohort="march"):
    log.record(Event(learner_id=learner, cohort=cohort, lesson="the-lesson", scenario=scenario, step=step,
                     option=option, credit=1.0 if option == "a" else 0.0, mode="practice", kind="choice"))


def test_first_answer_per_learner_counts(cur, log):
    answer(log, "ana", "b")
    answer(log, "ana", "a")  # a retry does not change what ana chose first
    answer(log, "bo", "a")
    answer(log, "cy", "b", step="s2")
    answer(log, "di", "a", cohort="april")
    rows = log.rows(cohort="march")
    assert first_answers(rows, "p-one", "s1").set_index("learner_id")["option"].to_dict() == {"ana": "b", "bo": "a"}
    counts = option_counts(cur, rows, "p-one", "s1")
    assert counts["learners"].to_dict() == {"a": 1, "b": 1}
    assert list(counts["text"]) == ["Listen.", "Argue."]
    assert not_answered(rows, "p-one", "s1") == ["cy"]
    assert not_answered(rows, "p-one", "s1", roster=["ana", "bo", "eve"]) == ["eve"]


def test_unknown_step_is_named(cur, log):
    with pytest.raises(ClientcraftError, match="no step 'nope'"):
        option_counts(cur, [], "p-one", "nope")


def test_answers_are_html_with_option_text_counts_and_words_for_the_best(cur):
    rows = [{"kind": "choice", "scenario": "p-one", "step": "s1", "option": o, "learner_id": who, "timestamp": i,
             "attempt": 1, "id": i} for i, (who, o) in enumerate([("ana", "a"), ("bo", "a"), ("cy", "b")])]
    html = answers_html(cur, option_counts(cur, rows, "p-one", "s1"), "p-one", "s1", cohort_size=5)
    assert "<table" in html and "<img" not in html  # crisp at any size, no bitmap
    assert "Listen." in html and "Argue." in html and ">a)" not in html  # option text, not letters
    assert '<span class="cc-count">2</span>' in html and '<span class="cc-count">1</span>' in html
    assert "3 of 5 answered" in html and "Best</span>Listen." in html and "Backfires</span>Argue." in html
    nobody = answers_html(cur, option_counts(cur, [], "p-one", "s1"), "p-one", "s1", cohort_size=0)
    assert "Nobody has answered this decision yet." in nobody and "0 of" not in nobody


def test_live_view_follows_the_log(cur, log):
    view = WorkshopView(cur, log=log, cohort="march", interval=0.05)
    assert view.counts["learners"].sum() == 0 and "No one in this cohort has answered" in view.waiting.value
    assert "Everyone has answered" not in view.waiting.value and "Nobody has answered" in view.chart.value
    assert "sqlite" not in view.status.value and str(log.location) not in view.status.value  # no internal paths
    answer(log, "ana", "a")
    answer(log, "<b>bo</b>", "a", step="s2")
    view.refresh_button.click()
    assert view.counts["learners"].to_dict() == {"a": 1, "b": 0}
    assert "&lt;b&gt;bo&lt;/b&gt;" in view.waiting.value and "<b>bo" not in view.waiting.value
    before = view.chart.value
    view.step_picker.value = "s2"
    assert view.counts["learners"].to_dict() == {"a": 1, "b": 0} and view.missing == ["ana"]
    assert view.chart.value != before
    view.scenario_picker.value = "p-two"
    assert view.step_picker.value == "s1" and view.counts["learners"].sum() == 0


def test_background_refresh_picks_up_new_answers(cur, log):
    import time

    view = WorkshopView(cur, log=log, cohort="march", interval=0.05)
    view.auto.value = True
    answer(log, "ana", "b")
    deadline = time.monotonic() + 5
    while view.counts["learners"].sum() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    view.auto.value = False
    assert view.counts["learners"].to_dict() == {"a": 0, "b": 1}


def test_who_chose_what_lists_first_answers_by_name_as_text(cur, log):
    answer(log, "ana", "b")
    answer(log, "ana", "a")
    answer(log, "<b>bo</b>", "a")
    view = WorkshopView(cur, log=log, cohort="march")
    assert view.chosen == {"ana": "b", "<b>bo</b>": "a"}
    options = {o.id: str(escape(text(o.text))) for o in cur.scenario("p-one").steps[0].options}
    assert f"<tr><td>ana</td><td>{options['b']}</td></tr>" in view.answers.value
    assert f"<td>&lt;b&gt;bo&lt;/b&gt;</td><td>{options['a']}</td>" in view.answers.value
    assert "<b>bo" not in view.answers.value
    assert "Who chose what (2)" in view.answers.value


def test_roster_from_the_environment(tmp_path, monkeypatch, log):
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffid,first_name\nana,Ana\n,blank\nbo,Bo\n", encoding="utf-8")
    assert roster_ids(str(roster)) == ["ana", "bo"]
    monkeypatch.setenv("CLIENTCRAFT_ROSTER", str(roster))
    monkeypatch.setenv("CLIENTCRAFT_CONTENT", str(FIXTURE_CONTENT))
    answer(log, "ana", "a")
    view = workshop_view(log=log, cohort="march")
    assert view.roster == ["ana", "bo"] and view.missing == ["bo"]
    with pytest.raises(ClientcraftError, match="cannot read the roster"):
        roster_ids(str(tmp_path / "missing.csv"))


def test_review_set_scenarios_can_be_discussed_live(toolkit_copy, log):
    cur = load_curriculum(toolkit_copy())
    view = WorkshopView(cur, log=log, interval=0.05)
    ids = [value for _label, value in view.scenario_picker.options]
    assert ids[:2] == ["p-one", "p-two"] and ids[2:] == ["r-one", "r-two", "r-three", "r-four"]
    assert dict((v, k) for k, v in view.scenario_picker.options)["r-one"] == "Later review: Review one"
