"""xAPI against a real LRS: ralph (file backend) started on 127.0.0.1 from its own virtualenv.

ralph's file backend accepts one write per store (its first POST creates the store file; a later POST with new
statements gets HTTP 500), so every test that writes takes a fresh store and sends everything in one batch.
Multi-batch resume is tested against the recording endpoint of ``gate.py`` (test_resume.py).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from clientcraft.analytics.analysis import analyse
from clientcraft.analytics.content import entry_steps
from clientcraft.analytics.table import from_events_frame
from clientcraft.interop.lrs import LRSClient
from clientcraft.interop.xapi import StatementBuilder, XapiSettings, events_frame
from clientcraft.core.settings import sqlite_url
from clientcraft.runtime.responselog import ResponseLog

from .conftest import RALPH_PYTHON, clientcraft
from .gate import Gate

pytestmark = pytest.mark.slow
SALT = "round-trip-salt"
HERE = Path(__file__).resolve().parent


def _auth_env(store) -> dict:
    return {"CLIENTCRAFT_LRS_USER": store.user, "CLIENTCRAFT_LRS_PASSWORD": store.password,
            "CLIENTCRAFT_PSEUDONYM_SALT": SALT}


def _expected(url, cur) -> list[dict]:
    rows = ResponseLog(url).rows()
    return [s.as_json() for s in StatementBuilder(cur, XapiSettings(salt=SALT)).from_log(rows)]


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Events in one order (time, then what was answered) so that both sides name items alike."""
    return frame.sort_values(["timestamp", "scenario", "step", "option", "attempt"], kind="stable")


def _analysis(frame: pd.DataFrame, source: str, cur):
    entries = entry_steps(cur)
    return analyse(from_events_frame(_comparable(frame).reset_index(drop=True), source, entries=entries))


def test_cohort_round_trip_through_ralph(ralph, cohort_log, tmp_path):
    """A simulated cohort of >= 10,000 decisions goes into ralph and comes back through the xAPI API: nothing
    lost, nothing duplicated, every statement as sent, and the item statistics equal the native log's."""
    url, cur, n_events = cohort_log
    assert n_events >= 10_000
    store = ralph.fresh_store()
    started = time.perf_counter()
    proc = clientcraft("log", "send", "--lrs", store.endpoint, "--url", url, "--batch-size", "100000",
                       "--state", str(tmp_path / "sent.ids"), env=_auth_env(store))
    sent_seconds = time.perf_counter() - started
    assert f"{n_events} statements: 0 confirmed before, {n_events} sent now in 1 batch(es), {n_events} newly " \
           f"stored" in proc.stdout

    started = time.perf_counter()
    with LRSClient(store.endpoint, username=store.user, password=store.password) as client:
        back = list(client.statements(limit=2000))
    read_seconds = time.perf_counter() - started
    ids = [s["id"] for s in back]
    expected = {s["id"]: s for s in _expected(url, cur)}
    assert len(ids) == len(set(ids)), "duplicated statements"
    assert set(ids) == set(expected), f"{len(set(expected) - set(ids))} lost, {len(set(ids) - set(expected))} extra"
    assert len(back) == n_events
    mismatched = [s["id"] for s in back
                  if {k: v for k, v in s.items() if k not in ("stored", "authority")} != expected[s["id"]]]
    assert mismatched == []

    native = ResponseLog(url).frame()
    returned = events_frame(back)
    assert len(returned) == len(native)
    ours, theirs = _analysis(native, "native log", cur), _analysis(returned, "LRS", cur)
    pd.testing.assert_frame_equal(ours.items, theirs.items)
    pd.testing.assert_series_equal(ours.test, theirs.test)
    pd.testing.assert_frame_equal(ours.distractors, theirs.distractors)
    print(f"\nralph round trip: {n_events} statements sent in {sent_seconds:.1f} s (one batch), "
          f"{len(back)} read back in {read_seconds:.1f} s; {len(ours.items)} items compared")


def test_every_emitted_statement_validates_with_ralphs_models(ralph, cohort_log, tmp_path):
    """Decisions, reflections, completions and graded items all pass ralph's strict statement model."""
    shared_url, cur, n_events = cohort_log
    copy = tmp_path / "responses.sqlite"
    shutil.copy(shared_url.removeprefix("sqlite:///"), copy)
    url = sqlite_url(copy)
    log = ResponseLog(url)
    # one learner completes the first lesson (its practice scenarios finished, reflection saved)
    lesson = cur.lessons_in_order()[0]
    at = pd.Timestamp("2026-03-01T10:00:00Z").to_pydatetime()
    extra = []
    for sc in cur.scenarios_for(lesson.id, "practice"):
        step = sc.steps[0]
        while True:
            best = max(step.options, key=lambda o: o.credit)
            extra.append({"learner_id": "L01", "cohort": "cohort-1", "lesson": lesson.id, "scenario": sc.id,
                          "step": step.id, "option": best.id, "credit": best.credit, "mode": "practice",
                          "kind": "choice", "timestamp": at, "language": "de"})
            if best.next is None:
                break
            step = next(s for s in sc.steps if s.id == best.next)
    extra.append({"learner_id": "L01", "cohort": "cohort-1", "lesson": lesson.id, "mode": "reflection",
                  "kind": "reflection", "text": "Ich höre erst zu <b>und</b> frage nach.", "timestamp": at,
                  "language": "de"})
    for r in extra:
        log.record(r)
    grades = tmp_path / "grades.csv"
    pd.DataFrame([
        {"learner": "L01", "cohort": "cohort-1", "assignment": "final", "item": "final-one-decision-approach-1",
         "path": "a>b", "credit": 0.75, "max_credit": 1.0, "lesson": "one-decision-approach",
         "recommendations": "", "misconception": "", "mode": "assessment", "timestamp": "2026-03-02T09:00:00Z",
         "status": "ok"},
        {"learner": "L02", "cohort": "cohort-2", "assignment": "final", "item": "written-1", "path": "",
         "credit": "", "max_credit": 1.0, "lesson": "", "recommendations": "", "misconception": "",
         "mode": "assessment", "timestamp": "", "status": "needs-manual-grade"},
    ]).to_csv(grades, index=False)
    out = tmp_path / "statements.jsonl"
    clientcraft("log", "export", "--xapi", str(out), "--url", url, "--grades", str(grades),
                env={"CLIENTCRAFT_PSEUDONYM_SALT": SALT})
    lines = out.read_text(encoding="utf-8").splitlines()
    verbs = pd.Series([json.loads(line)["verb"]["id"].rsplit("/", 1)[1] for line in lines]).value_counts()
    assert verbs["completed"] >= 1 and verbs["scored"] == 1 and verbs["answered"] == n_events + len(extra)
    assert "L01" not in out.read_text(encoding="utf-8")  # pseudonyms only
    checked = subprocess.run([str(RALPH_PYTHON), str(HERE / "ralph_validate.py")], input="\n".join(lines),
                             capture_output=True, text=True, check=True)
    result = json.loads(checked.stdout)
    assert result == {"checked": len(lines), "invalid": []}


def _fixture(**change) -> dict:
    statement = {
        "id": "0f3a9c9e-3d0b-5f65-8f0b-4c1f1f2d9a11",
        "actor": {"objectType": "Agent", "account": {"homePage": "https://clientcraft.invalid/learners",
                                                     "name": "P-0123456789"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"objectType": "Activity", "id": "https://clientcraft.invalid/scenarios/x/steps/y"},
        "result": {"response": "b", "score": {"scaled": 0.5, "raw": 0.5, "min": 0.0, "max": 1.0}},
        "timestamp": "2026-03-01T10:00:00Z",
    }
    for path, value in change.items():
        target = statement
        *parents, last = path.split("__")
        for p in parents:
            target = target[p]
        if value is None:
            del target[last]
        else:
            target[last] = value
    return statement


INVALID = {  # fixture, the field named, whether ralph's model rejects it too
    "scaled above 1": (_fixture(result__score={"scaled": 1.5, "raw": 1.5, "min": 0.0, "max": 1.0}),
                       "result.score.scaled", True),
    "missing verb id": (_fixture(verb={"display": {"en-US": "answered"}}), "verb.id", True),
    "malformed actor": (_fixture(actor={"objectType": "Agent", "account": {"name": "P-0123456789"}}),
                        "actor.account.homePage", True),
    "e-mail actor": (_fixture(actor={"objectType": "Agent", "mbox": "mailto:ana@example.org"}), "actor.account",
                     False),  # valid xAPI, but clientcraft never sends an e-mail address
}


@pytest.fixture(scope="module")
def empty_store(ralph):
    """A store the rejection tests share: nothing may ever reach it."""
    return ralph.fresh_store()


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_statements_are_rejected_before_sending(empty_store, tmp_path, name):
    statement, field, ralph_rejects = INVALID[name]
    store = empty_store
    path = tmp_path / "statements.jsonl"
    path.write_text(json.dumps(_fixture()) + "\n" + json.dumps(statement) + "\n", encoding="utf-8")
    proc = clientcraft("log", "send", "--lrs", store.endpoint, "--input", str(path), "--state",
                       str(tmp_path / "sent.ids"), env=_auth_env(store), check=False)
    assert proc.returncode == 1
    assert f"{path} line 2: field '{field}'" in proc.stderr
    assert store.lines() == []  # not even the valid first line was sent
    # ralph's own model agrees (its LRS API and file backend would have stored the statement anyway)
    checked = subprocess.run([str(RALPH_PYTHON), str(HERE / "ralph_validate.py")], input=json.dumps(statement),
                             capture_output=True, text=True, check=True)
    assert len(json.loads(checked.stdout)["invalid"]) == int(ralph_rejects)


def test_send_killed_after_ralph_stored_the_batch_resends_it_and_ralph_keeps_one_copy(ralph, cohort_log, tmp_path):
    """The sender is killed after ralph stored the (only) batch but before the answer arrived: the re-run sends
    that unconfirmed batch again with the same ids, ralph stores nothing new, and a third run sends nothing."""
    url, cur, n_events = cohort_log
    store = ralph.fresh_store()
    export = tmp_path / "statements.jsonl"
    clientcraft("log", "export", "--xapi", str(export), "--url", url, env={"CLIENTCRAFT_PSEUDONYM_SALT": SALT})
    gate = Gate(upstream=ralph.base, auth=(store.user, store.password), hold_at=1)
    ledger = tmp_path / "sent.ids"
    args = [str(Path(sys.executable).parent / "clientcraft"), "log", "send", "--lrs", gate.endpoint,
            "--input", str(export), "--batch-size", "100000", "--state", str(ledger)]
    try:
        sender = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, **_auth_env(store)})
        assert gate.held.wait(300), "the batch never reached the LRS"
        sender.send_signal(signal.SIGKILL)
        sender.wait(30)
        gate.release.set()
        assert len(store.lines()) == n_events  # ralph has the batch; the sender never heard
        assert not ledger.exists() or ledger.read_text() == ""

        gate.hold_at = None
        again = clientcraft("log", "send", "--lrs", gate.endpoint, "--input", str(export), "--batch-size",
                            "100000", "--state", str(ledger), env=_auth_env(store))
        assert f"{n_events} sent now in 1 batch(es), 0 newly stored" in again.stdout
        third = clientcraft("log", "send", "--lrs", gate.endpoint, "--input", str(export), "--state", str(ledger),
                            env=_auth_env(store))
        assert f"{n_events} confirmed before, 0 sent now in 0 batch(es)" in third.stdout
        assert len(gate.posts) == 2  # the killed one and its one repetition; the third run posted nothing
    finally:
        gate.close()
    ids = [s["id"] for s in store.lines()]
    assert len(ids) == len(set(ids)) == n_events
