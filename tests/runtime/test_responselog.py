"""The response log: schema, idempotent writes, locking, durability under kill, export, concurrency."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from clientcraft.core.records import EVENT_COLUMNS as COLUMNS
from clientcraft.core.records import Event
from clientcraft.core.settings import log_url, sqlite_url
from clientcraft.runtime.responselog import (
    InvalidEventError,
    ResponseLog,
    ResponseLogError,
    get_log,
)

EXPECTED_COLUMNS = (
    "id event_id learner_id cohort lesson scenario step option credit max_credit attempt seconds timestamp mode "
    "language kind text misconception recommendations schema_version"
).split()


def choice(**kw) -> Event:
    base = dict(learner_id="ana", lesson="welcome", scenario="sc", step="s1", option="a", credit=1.0,
                mode="practice", kind="choice")
    base.update(kw)
    return Event(**base)


@pytest.fixture
def log(tmp_path) -> ResponseLog:
    lg = ResponseLog(sqlite_url(tmp_path / "log.sqlite"))
    yield lg
    lg.close()


def test_table_has_exactly_the_shared_columns(log, tmp_path):
    assert list(COLUMNS) == EXPECTED_COLUMNS
    con = sqlite3.connect(tmp_path / "log.sqlite")
    cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    con.close()
    assert cols == EXPECTED_COLUMNS
    assert mode == "wal"


def test_record_and_read_back_every_field(log):
    ev = choice(cohort="march", attempt=2, seconds=3.5, misconception="getting-defensive",
                recommendations=["listen-fully", "restate-to-confirm"], language="en")
    assert log.record(ev) is True
    (row,) = log.rows(learner_id="ana")
    assert row["event_id"] == ev.event_id
    assert row["recommendations"] == "listen-fully restate-to-confirm"
    assert row["attempt"] == 2 and row["seconds"] == 3.5 and row["cohort"] == "march"
    assert row["timestamp"].tzinfo is not None
    assert abs((row["timestamp"] - ev.timestamp).total_seconds()) < 1e-3


def test_same_event_twice_is_stored_once(log):
    ev = choice()
    assert log.record(ev) is True
    assert log.record(ev) is False
    assert log.count() == 1


def test_next_attempt_counts_per_learner_scenario_step(log):
    assert log.next_attempt("ana", "sc", "s1") == 1
    log.record(choice())
    log.record(choice(option="b"))
    log.record(choice(step="s2"))
    log.record(choice(learner_id="bo"))
    assert log.next_attempt("ana", "sc", "s1") == 3
    assert log.next_attempt("ana", "sc", "s2") == 2
    assert log.next_attempt("bo", "sc", "s1") == 2


def test_invalid_event_names_the_field(log):
    with pytest.raises(InvalidEventError) as err:
        log.record({"learner_id": "ana", "lesson": "welcome", "mode": "practice", "kind": "choice", "credit": 2})
    assert err.value.field == "credit"
    assert "credit" in str(err.value) and log.location in str(err.value)
    assert log.count() == 0


def test_unknown_filter_column_is_named(log):
    with pytest.raises(InvalidEventError, match="colour"):
        log.rows(colour="green")
    with pytest.raises(InvalidEventError, match="colour"):
        log.count(colour="green")


def test_unopenable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ResponseLogError, match="cannot open"):
        ResponseLog(sqlite_url(blocker / "sub" / "log.sqlite"))
    with pytest.raises(ResponseLogError):
        ResponseLog("nosuchdialect://x")


def test_location_from_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("CLIENTCRAFT_LOG_URL", raising=False)
    monkeypatch.setenv("CLIENTCRAFT_LOG", str(tmp_path / "a.sqlite"))
    assert log_url() == sqlite_url(tmp_path / "a.sqlite")
    monkeypatch.setenv("CLIENTCRAFT_LOG_URL", sqlite_url(tmp_path / "b.sqlite"))
    assert log_url().endswith("b.sqlite")
    get_log().record(choice())
    assert (tmp_path / "b.sqlite").exists() and not (tmp_path / "a.sqlite").exists()


def test_default_location_is_per_user(monkeypatch):
    monkeypatch.delenv("CLIENTCRAFT_LOG_URL", raising=False)
    monkeypatch.delenv("CLIENTCRAFT_LOG", raising=False)
    import platformdirs

    assert log_url() == sqlite_url(Path(platformdirs.user_data_dir("clientcraft", appauthor=False))
                                           / "responses.sqlite")


def test_locked_database_is_retried_until_free(log, tmp_path):
    blocker = sqlite3.connect(tmp_path / "log.sqlite", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # hold the write lock
    quick = ResponseLog(log.url, busy_timeout_ms=50, max_retries=200)

    import threading

    threading.Timer(0.4, lambda: blocker.execute("COMMIT")).start()
    t0 = time.perf_counter()
    assert quick.record(choice()) is True
    assert time.perf_counter() - t0 >= 0.3
    assert log.count() == 1
    blocker.close()


def test_lock_held_too_long_fails_with_context(log, tmp_path):
    blocker = sqlite3.connect(tmp_path / "log.sqlite", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    quick = ResponseLog(log.url, busy_timeout_ms=10, max_retries=3)
    ev = choice()
    with pytest.raises(ResponseLogError, match=ev.event_id):
        quick.record(ev)
    blocker.execute("ROLLBACK")
    blocker.close()
    assert quick.record(ev) is True  # the failed answer can be sent again and is stored once


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_export_round_trips(log, tmp_path, suffix):
    log.record(choice(cohort="march"))
    log.record(Event(learner_id="bo", lesson="welcome", step="reflection", mode="reflection", kind="reflection",
                     text='He said "no", then, <b>left</b>'))
    out = log.export(tmp_path / f"events.{suffix}")
    df = pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out)
    assert list(df.columns) == EXPECTED_COLUMNS
    assert len(df) == 2
    assert df.loc[df.learner_id == "bo", "text"].item() == 'He said "no", then, <b>left</b>'
    assert pd.to_datetime(df["timestamp"], utc=True).notna().all()


def test_export_rejects_unknown_format(log, tmp_path):
    with pytest.raises(ResponseLogError, match="csv or parquet"):
        log.export(tmp_path / "events.xlsx")


def test_killed_writer_loses_at_most_the_event_in_flight(tmp_path):
    db = tmp_path / "kill.sqlite"
    script = textwrap.dedent(f"""
        import sys
        from clientcraft.core.records import Event
        from clientcraft.runtime.responselog import ResponseLog
        log = ResponseLog({sqlite_url(db)!r})
        i = 0
        while True:
            ev = Event(learner_id="k", lesson="welcome", scenario="sc", step=str(i), mode="practice", kind="choice")
            log.record(ev)
            print(ev.event_id, flush=True)
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    confirmed = []
    for line in proc.stdout:
        confirmed.append(line.strip())
        if len(confirmed) >= 300:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    confirmed += [ln.strip() for ln in proc.stdout.read().splitlines() if ln.strip()]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in con.execute("SELECT event_id FROM events")}
    con.close()
    assert set(confirmed) <= stored  # every confirmed answer survived the kill
    assert len(stored) - len(confirmed) <= 1  # at most the one being written when killed


N_PROCESSES, N_EVENTS = 50, 2000


def _writer(url: str, worker: int) -> None:
    log = ResponseLog(url)
    for i in range(N_EVENTS):
        ev = Event(learner_id=f"learner-{worker:02d}", lesson="welcome", scenario="sc", step=f"s{i}",
                   option="a", credit=1.0, mode="practice", kind="choice")
        log.record(ev)
        if i % 100 == 0:
            assert log.record(ev) is False  # a retried write is not stored twice
    log.close()


@pytest.mark.slow
def test_fifty_processes_lose_nothing(tmp_path):
    url = sqlite_url(tmp_path / "shared.sqlite")
    ResponseLog(url).close()
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(url, w)) for w in range(N_PROCESSES)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
    elapsed = time.perf_counter() - t0
    assert [p.exitcode for p in procs] == [0] * N_PROCESSES
    con = sqlite3.connect(tmp_path / "shared.sqlite")
    total, distinct = con.execute("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM events").fetchone()
    per = dict(con.execute("SELECT learner_id, COUNT(DISTINCT step) FROM events GROUP BY learner_id"))
    con.close()
    assert total == distinct == N_PROCESSES * N_EVENTS
    assert per == {f"learner-{w:02d}": N_EVENTS for w in range(N_PROCESSES)}
    print(f"{N_PROCESSES} x {N_EVENTS} events in {elapsed:.1f} s")
