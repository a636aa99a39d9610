"""xAPI statements built from response-log rows: content, identifiers, pseudonyms, completion and the way back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from clientcraft.analytics.report import pseudonym
from clientcraft.core.loader import default_curriculum
from clientcraft.interop.errors import StatementError
from clientcraft.interop.xapi import (
    VERBS, StatementBuilder, XapiSettings, duration_text, events_frame, validate_statement,
)

T0 = datetime(2026, 2, 3, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def cur():
    return default_curriculum()


def _branching(cur):
    return next(sc for sc in cur.scenarios.values() if sc.mode == "practice" and len(sc.steps) > 1)


def _walk(sc, choose):
    """(step, option) along a path, picking with ``choose(options)``."""
    steps = {st.id: st for st in sc.steps}
    step, out = sc.steps[0], []
    while step is not None:
        opt = choose(step.options)
        out.append((step, opt))
        step = steps.get(opt.next) if opt.next else None
    return out


def _rows(sc, learner="ana@example.org", attempt=1, start=T0, choose=lambda opts: opts[0], prefix="e"):
    return [{"event_id": f"{prefix}{attempt}{k:030d}"[:32], "learner_id": learner, "cohort": "spring",
             "lesson": sc.lesson, "scenario": sc.id, "step": st.id, "option": opt.id, "credit": opt.credit,
             "max_credit": 1.0, "attempt": attempt, "seconds": 12.345, "timestamp": start + timedelta(minutes=k),
             "mode": "practice", "language": "nb", "kind": "choice", "misconception": opt.misconception,
             "recommendations": " ".join(opt.recommendations)}
            for k, (st, opt) in enumerate(_walk(sc, choose))]


def test_a_decision_statement_carries_the_choice_the_credit_and_its_context(cur):
    sc = _branching(cur)
    rows = _rows(sc, choose=lambda opts: min(opts, key=lambda o: (o.credit != 0.5, o.id)))
    builder = StatementBuilder(cur, XapiSettings(base="https://training.example.org/cc", salt="pepper"))
    st = builder.decision(rows[0]).as_json()
    step, opt = sc.steps[0], next(o for o in sc.steps[0].options if o.id == rows[0]["option"])
    assert st["verb"]["id"] == VERBS["answered"]
    assert st["object"]["id"] == f"https://training.example.org/cc/scenarios/{sc.id}/steps/{step.id}"
    definition = st["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert [c["id"] for c in definition["choices"]] == [o.id for o in step.options]
    assert definition["choices"][0]["description"]["en"] == step.options[0].text["en"]
    assert definition["correctResponsesPattern"] == [next(o.id for o in step.options if o.credit == 1)]
    assert st["result"]["response"] == opt.id
    assert st["result"]["score"] == {"scaled": opt.credit, "raw": opt.credit, "min": 0.0, "max": 1.0}
    assert st["result"]["success"] is (opt.credit == 1)
    assert st["result"]["duration"] == "PT12.35S"
    ctx = st["context"]
    assert ctx["language"] == "nb"
    assert ctx["contextActivities"]["parent"][0]["id"].endswith(f"/scenarios/{sc.id}")
    assert [a["id"] for a in ctx["contextActivities"]["grouping"]] == [
        f"https://training.example.org/cc/lessons/{sc.lesson}", "https://training.example.org/cc"]
    assert ctx["extensions"]["https://training.example.org/cc/xapi/attempt"] == 1
    assert st["actor"] == {"objectType": "Agent", "account": {"homePage": "https://training.example.org/cc/learners",
                                                              "name": pseudonym("ana@example.org", "pepper")}}
    assert "ana" not in str(st)
    assert st["timestamp"] == "2026-02-03T09:00:00.000000Z"


def test_ids_are_deterministic_and_registrations_follow_attempts(cur):
    sc = _branching(cur)
    first, second = _rows(sc, attempt=1), _rows(sc, attempt=2, start=T0 + timedelta(days=1))
    builder = StatementBuilder(cur, XapiSettings(salt="s"))
    a = [builder.decision(r) for r in first]
    again = [StatementBuilder(cur, XapiSettings(salt="s")).decision(r) for r in first]
    b = [builder.decision(r) for r in second]
    assert [s.id for s in a] == [s.id for s in again] and a == again
    assert len({s.id for s in a + b}) == len(a) + len(b)
    assert len({s.context.registration for s in a}) == 1  # one attempt at the scenario, every step
    assert {s.context.registration for s in a}.isdisjoint({s.context.registration for s in b})
    assert StatementBuilder(cur, XapiSettings(salt="other")).decision(first[0]).actor != a[0].actor


def test_assessment_answers_without_credit_have_no_score(cur):
    sc = _branching(cur)
    row = _rows(sc)[0] | {"credit": None, "mode": "assessment"}
    st = StatementBuilder(cur).decision(row).as_json()
    assert "score" not in st["result"] and "success" not in st["result"]
    assert st["result"]["response"] == row["option"]


def test_a_lesson_is_completed_once_when_its_scenarios_are_finished_and_the_reflection_saved(cur):
    lesson = next(ls for ls in cur.lessons_in_order() if len(cur.scenarios_for(ls.id, "practice")) >= 2)
    rows = []
    for n, sc in enumerate(cur.scenarios_for(lesson.id, "practice")):
        rows += _rows(sc, start=T0 + timedelta(hours=n), prefix=f"{n:x}")
    finished_last = max(r["timestamp"] for r in rows)
    reflection = {"event_id": "f" * 32, "learner_id": "ana@example.org", "cohort": "spring", "lesson": lesson.id,
                  "kind": "reflection", "mode": "reflection", "text": "Ask first, <decide> later.",
                  "timestamp": T0 - timedelta(hours=1), "language": "en"}
    builder = StatementBuilder(cur, XapiSettings(salt="s"))
    assert builder.completions(rows) == []  # no reflection yet
    done = builder.completions(rows + [reflection])
    assert len(done) == 1
    st = done[0].as_json()
    assert st["verb"]["id"] == VERBS["completed"] and st["object"]["id"].endswith(f"/lessons/{lesson.id}")
    assert st["result"] == {"completion": True}
    assert st["timestamp"] == finished_last.isoformat(timespec="microseconds").replace("+00:00", "Z")
    first = cur.scenarios_for(lesson.id, "practice")[0].id
    assert builder.completions([r for r in rows if r["scenario"] != first] + [reflection]) == []
    text = builder.reflection(reflection).as_json()
    assert text["object"]["definition"]["interactionType"] == "long-fill-in"
    assert text["result"]["response"] == "Ask first, <decide> later."
    everything = builder.from_log(rows + [reflection])
    assert [s.timestamp for s in everything] == sorted(s.timestamp for s in everything)
    assert sum(s.verb.id == VERBS["completed"] for s in everything) == 1


def test_statements_read_back_as_log_rows(cur):
    sc = _branching(cur)
    rows = _rows(sc) + _rows(sc, attempt=2, start=T0 + timedelta(days=1), choose=lambda o: o[-1])
    statements = [s.as_json() for s in StatementBuilder(cur, XapiSettings(salt="s")).from_log(rows)]
    back = events_frame(statements).sort_values("timestamp").reset_index(drop=True)
    assert list(back["learner_id"].unique()) == [pseudonym("ana@example.org", "s")]
    for col in ("lesson", "scenario", "step", "option", "credit", "attempt", "mode", "language", "cohort", "kind"):
        assert list(back[col]) == [r[col] for r in rows], col
    assert list(back["misconception"].fillna("")) == [r["misconception"] or "" for r in rows]
    assert list(back["seconds"]) == [12.35] * len(rows)


BASE = {"id": "0f3a9c9e-3d0b-5f65-8f0b-4c1f1f2d9a11",
        "actor": {"account": {"homePage": "https://clientcraft.invalid/learners", "name": "P-1"}},
        "verb": {"id": VERBS["answered"]}, "object": {"id": "https://clientcraft.invalid/scenarios/x/steps/y"},
        "timestamp": "2026-03-01T10:00:00Z"}


@pytest.mark.parametrize("change, field", [
    ({"result": {"score": {"scaled": 1.2}}}, "result.score.scaled"),
    ({"result": {"score": {"raw": 2, "max": 1}}}, "result.score"),
    ({"verb": {}}, "verb.id"),
    ({"verb": {"id": "answered"}}, "verb.id"),
    ({"actor": {"account": {"name": "P-1"}}}, "actor.account.homePage"),
    ({"actor": {"mbox": "mailto:ana@example.org"}}, "actor.account"),
    ({"timestamp": "2026-03-01T10:00:00"}, "timestamp"),
    ({"id": "not-a-uuid"}, "id"),
    ({"result": {"response": ""}}, "result.response"),
    ({"context": {"language": "english language"}}, "context.language"),
])
def test_invalid_statements_name_the_field(change, field):
    with pytest.raises(StatementError) as err:
        validate_statement(BASE | change, "fixture")
    assert err.value.field == field and str(err.value).startswith(f"fixture: field {field!r}")
    validate_statement(BASE)


def test_duration_text():
    assert duration_text(12) == "PT12S" and duration_text(3.456) == "PT3.46S" and duration_text(0.1) == "PT0.1S"


def test_a_scenario_the_curriculum_lacks_still_gives_a_valid_statement(cur):
    row = {"event_id": "a" * 32, "learner_id": "x", "lesson": "lesson-1", "scenario": "item-07", "step": "start",
           "option": "c", "credit": 0.5, "timestamp": T0, "mode": "practice", "kind": "choice"}
    st = StatementBuilder(cur).decision(row)
    assert st.object.definition.interactionType == "choice" and st.object.definition.choices is None
    validate_statement(st.as_json())
