"""A review set's summary names the advice behind each first try that missed, links its lesson, and follows the
answers live; the timing note suggests when to take a delayed review and recalls the action plan."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.runtime.responselog import Event
from clientcraft.runtime.widgets import ScenarioWidget
from clientcraft.runtime.widgets.review import ReviewSummary, ReviewTiming, review_result, summary_html, timing_html


@pytest.fixture
def tcur(toolkit_copy):
    return load_curriculum(toolkit_copy())


def answer(cur, sid, option):
    w = ScenarioWidget(cur.scenario(sid), cur)
    w.view.value = option
    w.submit()
    return w


def test_first_tries_decide_what_to_revisit(tcur, log):
    rs = tcur.review_sets["later"]
    view = ReviewSummary(tcur, "later")
    assert "0 of 4" in view.body.value
    answer(tcur, "r-one", "a")          # wrong first try (best is b, advice listen-first) ...
    retry = answer(tcur, "r-one", "b")  # ... a right second try does not undo it
    assert retry.finished
    answer(tcur, "r-two", "a")          # right first try: own-it applied
    result = review_result(tcur, rs, log.rows(learner_id="ana"))
    assert result.answered == ("r-one", "r-two")
    assert [(v.recommendation, v.missed) for v in result.revisit] == [("listen-first", 1)]
    assert result.applied == ["own-it"]
    assert result.first_try_credit == {"r-one": 0.0, "r-two": 1.0}
    # the summary on screen was refreshed by the answers
    body = view.body.value
    assert "2 of 4" in body and "Listen to the whole complaint before you answer." in body
    assert '<a href="01-the-lesson.ipynb">Lesson 1: The lesson</a>' in body
    assert "Advice you applied well (1)" in body and "2 still to answer" in body


def test_missed_advice_is_listed_most_missed_first(tcur, log):
    answer(tcur, "r-two", "b")
    answer(tcur, "r-four", "a")
    answer(tcur, "r-three", "b")
    result = review_result(tcur, tcur.review_sets["later"], log.rows())
    assert [(v.recommendation, v.missed) for v in result.revisit] == [("own-it", 2), ("listen-first", 1)]
    assert result.applied == []


def test_other_learners_and_other_scenarios_do_not_count(tcur, log, monkeypatch):
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "bo")
    answer(tcur, "r-one", "a")
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "ana")
    answer(tcur, "p-two", "b")  # a lesson scenario, not in the review set
    assert "0 of 4" in ReviewSummary(tcur, "later").body.value


def test_summary_without_a_name_asks_for_one(tcur, log, monkeypatch):
    monkeypatch.delenv("CLIENTCRAFT_LEARNER")
    monkeypatch.setenv("CLIENTCRAFT_CONFIG_DIR", str(log.location) + "-none")
    assert "Enter your name" in ReviewSummary(tcur, "later").body.value


def test_all_right_means_nothing_to_revisit(tcur):
    rs = tcur.review_sets["later"]
    result = review_result(tcur, rs, [{"scenario": "r-two", "kind": "choice", "attempt": 1, "step": "s1", "credit": 1.0}])
    assert "Nothing to revisit" in summary_html(tcur, result)


def test_timing_suggests_a_date_after_the_wait_and_recalls_the_plan(tcur):
    rs = tcur.review_sets["later"]  # two days after the-lesson
    now = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
    assert "about 2 days after you finish" in timing_html(tcur, rs, [], now)
    rows = [{"lesson": "the-lesson", "timestamp": now - timedelta(hours=5), "kind": "choice"}]
    early = timing_html(tcur, rs, rows, now)
    assert "works best from <b>12 Mar 2026</b>" in early
    rows = [{"lesson": "the-lesson", "timestamp": now - timedelta(days=4), "kind": "choice"},
            {"lesson": "the-lesson", "kind": "reflection", "step": "action-plan:change", "text": "Listen <i>first</i>",
             "timestamp": now - timedelta(days=4)}]
    later = timing_html(tcur, rs, rows, now)
    assert "Good timing: 4 days" in later
    assert "Your action plan" in later and "Listen &lt;i&gt;first&lt;/i&gt;" in later


def test_timing_widget_reads_the_log(tcur, log):
    log.record(Event(learner_id="ana", cohort="march", lesson="the-lesson", step="reflection", mode="reflection",
                     kind="reflection", text="done"))
    assert "This review works best from" in ReviewTiming(tcur, "later").widget.value
