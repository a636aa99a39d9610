"""The response log on a real PostgreSQL server: the throwaway session cluster of tests/conftest.py.

The cluster (tests/servers.py) listens on 127.0.0.1 only at a free port, with password authentication, and its
time zone is deliberately not UTC. When the server programs or the ``psycopg`` driver are missing, every test
here is skipped with the reason.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from clientcraft.core.records import EVENT_COLUMNS as COLUMNS
from clientcraft.core.records import Event
from clientcraft.core.settings import sqlite_url
from clientcraft.runtime import responselog
from clientcraft.runtime.responselog import ResponseLog, ResponseLogError

from ..servers import ADMIN, SERVER_TIMEZONE

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture
def pg_log(pg_url) -> ResponseLog:
    log = ResponseLog(pg_url)
    yield log
    log.close()


# ------------------------------------------------------------------------------------------------ helpers
def _events() -> list[Event]:
    """Events covering every column: both kinds, nulls, non-ASCII text, awkward floats and time zones."""
    t0 = datetime(2025, 3, 30, 0, 59, 59, 123456, tzinfo=timezone.utc)
    return [
        Event(learner_id="ana", cohort="march", lesson="welcome", scenario="sc", step="s1", option="a",
              credit=1 / 3, max_credit=1.0, attempt=2, seconds=3.25, timestamp=t0, mode="practice",
              language="en", kind="choice", misconception="getting-defensive",
              recommendations=["listen-fully", "restate-to-confirm"]),
        Event(learner_id="Zoë Ångström", lesson="two-kinds-of-difficult", scenario="sc2", step="s2", option="b",
              credit=0.0, seconds=0.0, mode="assessment", language="pt-BR", kind="choice",
              timestamp=datetime(2025, 10, 26, 3, 30, tzinfo=timezone(timedelta(hours=-7, minutes=-30)))),
        Event(learner_id="bo", lesson="protect-yourself", mode="reflection", kind="reflection",
              text="Line one.\nLine two — with “quotes”, emoji 🙂 and a tab\t.",
              timestamp=datetime(2024, 2, 29, 23, 59, 59, 999999)),  # naive: taken as UTC
        Event(learner_id="cy", lesson="welcome", scenario="sc", step="s1", option="c", credit=0.5, attempt=1,
              seconds=1e-6, mode="practice", kind="choice", timestamp=t0 + timedelta(microseconds=1)),
    ]


def _expected(ev: Event, row_id: int) -> dict:
    want = ev.model_dump()
    want["timestamp"] = want["timestamp"].astimezone(timezone.utc)
    return {"id": row_id, **want}


# ------------------------------------------------------------------------------------------------ tests
def test_server_is_private_and_not_utc(postgres, pg_log):
    from sqlalchemy import text

    assert postgres.port != 5432
    with pg_log.engine.connect() as conn:
        assert conn.execute(text("SHOW listen_addresses")).scalar_one() == "127.0.0.1"
        assert conn.execute(text("SHOW timezone")).scalar_one() == SERVER_TIMEZONE
        assert conn.execute(text("SELECT current_user")).scalar_one() == ADMIN
    assert pg_log.engine.dialect.name == "postgresql" and pg_log.engine.driver == "psycopg"
    assert "127.0.0.1" in pg_log.location


def test_every_column_reads_back_identically(pg_log, tmp_path):
    evs = _events()
    assert [pg_log.record(ev) for ev in evs] == [True] * len(evs)
    want = sorted((_expected(ev, i) for i, ev in enumerate(evs, 1)), key=lambda r: (r["timestamp"], r["id"]))
    got = pg_log.rows()
    assert [list(r) for r in got] == [list(COLUMNS)] * len(evs)
    assert got == want
    for r in got:
        assert r["timestamp"].tzinfo is not None and r["timestamp"].utcoffset() == timedelta(0)
        assert r["timestamp"].tzinfo == timezone.utc
        assert type(r["id"]) is int and type(r["attempt"]) is int and type(r["schema_version"]) is int
        assert type(r["max_credit"]) is float
        assert r["credit"] is None or type(r["credit"]) is float
    assert next(r for r in got if r["learner_id"] == "ana")["credit"] == 1 / 3  # double, not a rounded REAL

    # The same events in SQLite read back exactly the same: the backends are interchangeable.
    lite = ResponseLog(sqlite_url(tmp_path / "ref.sqlite"))
    for ev in evs:
        lite.record(ev)
    assert lite.rows() == got
    lite.close()

    assert pg_log.rows(learner_id="Zoë Ångström")[0]["language"] == "pt-BR"
    assert [r["learner_id"] for r in pg_log.rows(scenario=None)] == ["bo"]
    assert pg_log.count(kind="choice") == 3 and pg_log.count(lesson="welcome", cohort="") == 1


def test_rewrites_of_one_event_store_one_row(pg_log, pg_url):
    ev = _events()[0]
    assert pg_log.record(ev) is True
    assert pg_log.record(ev) is False
    assert pg_log.record(ev.model_dump()) is False  # as a dict too
    other = ResponseLog(pg_url)  # another kernel retrying the same write
    assert other.record(ev) is False
    other.close()
    assert pg_log.count() == 1 and pg_log.count(event_id=ev.event_id) == 1


def test_next_attempt_and_database_rejections(pg_log):
    base = dict(learner_id="ana", lesson="welcome", scenario="sc", step="s1", option="a", credit=1.0,
                mode="practice", kind="choice")
    assert pg_log.next_attempt("ana", "sc", "s1") == 1
    pg_log.record(Event(**base))
    pg_log.record(Event(**{**base, "option": "b"}))
    pg_log.record(Event(**{**base, "learner_id": "bo"}))
    assert pg_log.next_attempt("ana", "sc", "s1") == 3 and pg_log.next_attempt("bo", "sc", "s1") == 2
    # Values SQLite stores but PostgreSQL refuses come back as the log's own error, naming the event.
    for bad in ({"text": "nul\x00byte", "kind": "reflection", "mode": "reflection"}, {"language": "x" * 20}):
        ev = Event(**{**base, **bad})
        with pytest.raises(ResponseLogError, match=ev.event_id):
            pg_log.record(ev)
    assert pg_log.count() == 3


N_PROCESSES, N_EVENTS = 8, 250


def _event_id(worker: int, i: int) -> str:
    return f"{worker:08x}{i:024x}"


def _writer(url: str, worker: int, barrier, results) -> None:
    barrier.wait(30)  # every process opens the fresh database (and creates the table) at the same moment
    log = ResponseLog(url)
    stored = 0
    for i in range(N_EVENTS):
        ev = Event(event_id=_event_id(worker, i), learner_id=f"learner-{worker}", lesson="welcome",
                   scenario="sc", step=f"s{i}", option="a", credit=1.0, mode="practice", kind="choice")
        stored += log.record(ev)
        # Also retry a neighbour's event, racing the neighbour for it: exactly one of the two writes stores it.
        nb = (worker + 1) % N_PROCESSES
        stored += log.record(Event(event_id=_event_id(nb, i), learner_id=f"learner-{nb}", lesson="welcome",
                                   scenario="sc", step=f"s{i}", option="a", credit=1.0, mode="practice",
                                   kind="choice"))
    log.close()
    results.put((worker, stored))


def test_concurrent_processes_lose_and_duplicate_nothing(pg_url):
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(N_PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(pg_url, w, barrier, results)) for w in range(N_PROCESSES)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    stored = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    elapsed = time.perf_counter() - t0
    assert [p.exitcode for p in procs] == [0] * N_PROCESSES
    assert sum(stored.values()) == N_PROCESSES * N_EVENTS  # each event reported stored exactly once

    log = ResponseLog(pg_url)
    df = log.frame()
    log.close()
    assert len(df) == df["event_id"].nunique() == N_PROCESSES * N_EVENTS
    assert set(df["event_id"]) == {_event_id(w, i) for w in range(N_PROCESSES) for i in range(N_EVENTS)}
    assert df.groupby("learner_id")["step"].nunique().to_dict() == {
        f"learner-{w}": N_EVENTS for w in range(N_PROCESSES)}
    assert df["id"].is_unique
    print(f"{N_PROCESSES} processes x {2 * N_EVENTS} writes in {elapsed:.1f} s")


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_export(pg_log, tmp_path, suffix):
    evs = _events()
    for ev in evs:
        pg_log.record(ev)
    path = pg_log.export(tmp_path / f"events.{suffix}")
    back = pd.read_csv(path) if suffix == "csv" else pd.read_parquet(path)
    assert list(back.columns) == list(COLUMNS) and len(back) == len(evs)
    ts = pd.to_datetime(back["timestamp"], utc=True)
    assert list(ts) == sorted(pd.Timestamp(ev.timestamp) for ev in evs)
    if suffix == "parquet":
        assert str(back["timestamp"].dt.tz) == "UTC"
    assert math.isclose(back.loc[back["learner_id"] == "ana", "credit"].item(), 1 / 3, rel_tol=0, abs_tol=1e-15)
    assert back.loc[back["learner_id"] == "bo", "text"].item() == evs[2].text
    assert set(back["event_id"]) == {ev.event_id for ev in evs}
    only = pg_log.export(tmp_path / f"ana.{suffix}", learner_id="ana")
    assert len(pd.read_csv(only) if suffix == "csv" else pd.read_parquet(only)) == 1


def test_widgets_progress_and_cohort_view_on_postgres(pg_url, monkeypatch):
    """The progress and completion queries the widgets run, through the shared log the URL selects."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.widgets import ProgressWidget, ReflectionWidget, ScenarioWidget
    from clientcraft.runtime.widgets.progress import learner_progress, scenario_history
    from clientcraft.runtime.workshop import WorkshopView, not_answered, option_counts

    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "ana")
    monkeypatch.setenv("CLIENTCRAFT_COHORT", "march")
    cur = load_curriculum(FIXTURE_CONTENT)
    log = responselog.get_log()
    assert log.url == pg_url and log.engine.dialect.name == "postgresql"

    view = ProgressWidget(cur, "the-lesson")
    assert [(p.steps_done, p.steps_total) for p in view.progress] == [(0, 3)]
    w = ScenarioWidget(cur.scenario("p-one"), cur)
    w.view.value = "a"; w.submit()
    assert view.progress[0].steps_done == 0  # started is not finished
    w.proceed(); w.view.value = "b"; w.submit()
    assert view.progress[0].finished == ("p-one",)
    r = ReflectionWidget(cur, "the-lesson")
    r.view.text = "noted"; r.save()
    w2 = ScenarioWidget(cur.scenario("p-two"), cur)
    while not w2.finished:
        w2.view.value = w2.step.options[0].id
        w2.submit()
        w2.proceed()
    assert view.progress[0].complete
    assert ReflectionWidget(cur, "the-lesson").view.text == "noted"  # read back from PostgreSQL

    rows = log.rows(learner_id="ana")
    assert rows and all(r["cohort"] == "march" and r["timestamp"].tzinfo == timezone.utc for r in rows)
    hist = scenario_history(cur.scenario("p-one"), rows)
    assert hist.finished and all(t.tzinfo == timezone.utc for t in hist.finished_at)
    assert learner_progress(cur, log.rows(learner_id="bo"), ["the-lesson"])[0].steps_done == 0
    first_step = cur.scenario("p-one").steps[0].id
    assert log.next_attempt("ana", "p-one", first_step) == 2

    view_all = WorkshopView(cur, roster=["ana", "bo"])  # the instructor's live view, cohort 'march'
    view_all.scenario_picker.value = "p-one"
    view_all.step_picker.value = first_step
    view_all.refresh()
    assert view_all.missing == ["bo"] and int(view_all.counts.loc["a", "learners"]) == 1
    assert "127.0.0.1" not in view_all.status.value and "Refreshed at" in view_all.status.value  # no server address
    cohort_rows = log.rows(cohort="march")
    counts = option_counts(cur, cohort_rows, "p-one", first_step)
    assert int(counts["learners"].sum()) == 1
    assert not_answered(cohort_rows, "p-one", first_step, ["ana", "bo"]) == ["bo"]
