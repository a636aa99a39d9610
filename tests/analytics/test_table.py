"""The tidy response table: validation and every loader, on files and databases written here."""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from clientcraft.analytics.table import (
    COLUMNS,
    ResponseTableError,
    first_attempts,
    load_responses,
    read_events,
    read_grade_export,
    read_gradebook,
    read_table,
    validate,
)
from clientcraft.core.errors import ClientcraftError

EVENTS_DDL = """
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, event_id VARCHAR(32) NOT NULL UNIQUE, learner_id TEXT NOT NULL,
  cohort TEXT NOT NULL, lesson TEXT NOT NULL, scenario TEXT, step TEXT, option TEXT, credit FLOAT,
  max_credit FLOAT NOT NULL, attempt INTEGER NOT NULL, seconds FLOAT, timestamp DATETIME NOT NULL,
  mode VARCHAR(16) NOT NULL, language VARCHAR(8) NOT NULL, kind VARCHAR(16) NOT NULL, text TEXT,
  misconception TEXT, recommendations TEXT NOT NULL, schema_version INTEGER NOT NULL
)"""


def _event(learner, scenario, step, option, credit, *, attempt=1, kind="choice", text=None, mode="practice",
           misconception=None):
    return (uuid.uuid4().hex, learner, "c1", "protect-yourself", scenario, step, option, credit, 1.0, attempt, 12.5,
            datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc).isoformat(sep=" "), mode, "en", kind, text,
            misconception, "set-boundaries put-it-in-writing", 1)


@pytest.fixture
def events_db(tmp_path):
    path = tmp_path / "log.sqlite"
    con = sqlite3.connect(path)
    con.execute(EVENTS_DDL)
    rows = [
        _event("ann", "late-payer", "open", "b", 0.0, misconception="avoid-conflict"),
        _event("ann", "late-payer", "open", "a", 1.0, attempt=2),
        _event("ann", "late-payer", "follow-up", "c", 0.5, misconception="over-apologise"),
        _event("bob", "late-payer", "open", "a", 1.0),
        _event("bob", None, None, None, None, kind="reflection", text="<b>I</b> always say yes & regret it"),
    ]
    con.executemany(f"INSERT INTO events (event_id, learner_id, cohort, lesson, scenario, step, option, credit, "
                    f"max_credit, attempt, seconds, timestamp, mode, language, kind, text, misconception, "
                    f"recommendations, schema_version) VALUES ({', '.join('?' * 19)})", rows)
    con.commit()
    con.close()
    return f"sqlite:///{path}"


def test_valid_rows_get_defaults_and_types():
    r = validate(pd.DataFrame({"learner": ["a", "b"], "item": ["x", "x"], "credit": ["1", 0.5]}))
    t = r.table
    assert list(t.columns) == list(COLUMNS) and not r.problems
    assert t["credit"].tolist() == [1.0, 0.5] and (t["max_credit"] == 1).all() and (t["attempt"] == 1).all()
    assert str(t["timestamp"].dtype) == "datetime64[ns, UTC]" and (t["mode"] == "assessment").all()


def test_bad_rows_named_by_row_and_column_and_strict_raises():
    raw = pd.DataFrame({
        "learner": ["a", "", "c", "d", "e", "f"], "item": ["x"] * 6,
        "credit": [1, 1, "lots", 2, 0.5, 1], "attempt": [1, 1, 1, 1, 0, 1],
        "mode": ["practice", "practice", "practice", "practice", "practice", "exam"],
    })
    with pytest.raises(ResponseTableError) as info:
        validate(raw, "answers.csv")
    err = info.value
    assert isinstance(err, ClientcraftError)
    where = {(p.row, p.column) for p in err.problems}
    assert where == {(2, "learner"), (3, "credit"), (4, "credit"), (5, "attempt"), (6, "mode")}
    assert "answers.csv: row 3: credit='lots': is not a number" in str(err)


def test_non_strict_keeps_good_rows_and_lists_the_rest():
    raw = pd.DataFrame({"learner": ["a", "b", "c"], "item": ["x", "x", "x"], "credit": [1, -1, 0],
                        "timestamp": ["2026-01-02T10:00:00Z", "yesterday", "not a date"]})
    r = validate(raw, "t", strict=False)
    assert r.table["learner"].tolist() == ["a"]
    assert [(p.row, p.column) for p in r.problems] == [(2, "credit"), (3, "timestamp")]
    assert len(r.table) + len(r.problems) == len(raw)  # nothing lost silently


def test_missing_required_column_is_named():
    with pytest.raises(ResponseTableError, match="missing required column.*credit"):
        validate(pd.DataFrame({"learner": ["a"], "item": ["x"]}), "f.csv")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_tidy_file_round_trip(tmp_path, suffix):
    table = validate(pd.DataFrame({"learner": ["a", "b"], "item": ["x", "y"], "credit": [1.0, 0.0],
                                   "option": ["a", None], "recommendations": ["r1 r2", ""]})).table
    path = tmp_path / f"t{suffix}"
    table.to_csv(path, index=False) if suffix == ".csv" else table.to_parquet(path)
    back = read_table(path).table
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    assert load_responses(path).table["item"].tolist() == ["x", "y"]


def test_unknown_file_type_and_missing_file(tmp_path):
    (tmp_path / "t.xlsx").write_text("x")
    with pytest.raises(ResponseTableError, match="unsupported file type"):
        read_table(tmp_path / "t.xlsx")
    with pytest.raises(ResponseTableError, match="no such file"):
        read_table(tmp_path / "nope.csv")


def test_grade_export_reports_unusable_submissions(tmp_path):
    path = tmp_path / "export.csv"
    pd.DataFrame({
        "learner": ["a", "b", "c"], "cohort": ["k", "k", "k"], "assignment": ["final"] * 3,
        "item": ["s1", "s1", "s1"], "path": ["a>b", "c", "a"], "credit": [0.5, 0, 1], "max_credit": [1, 1, 1],
        "lesson": ["l"] * 3, "recommendations": ["r"] * 3, "misconception": ["m", "m2", ""],
        "mode": ["assessment"] * 3, "timestamp": ["2026-01-01T00:00:00Z"] * 3,
        "status": ["ok", "ok", "invalid-notebook"],
    }).to_csv(path, index=False)
    r = read_grade_export(path)
    assert r.table["option"].tolist() == ["a>b", "c"] and r.table["assignment"].tolist() == ["final"] * 2
    assert [(p.row, p.column, p.value) for p in r.problems] == [(3, "status", "invalid-notebook")]
    assert load_responses(path).table.shape[0] == 2


def test_events_table_from_sqlite(events_db):
    r = read_events(events_db)
    t = r.table
    assert len(t) == 4 and set(t["mode"]) == {"practice"}
    assert t["item"].tolist() == ["late-payer", "late-payer", "late-payer:follow-up", "late-payer"]
    assert t["recommendations"].iloc[0] == "set-boundaries put-it-in-writing"
    assert t["misconception"].iloc[0] == "avoid-conflict" and pd.isna(t["misconception"].iloc[1])
    assert r.reflections["text"].tolist() == ["<b>I</b> always say yes & regret it"]
    assert first_attempts(t)["attempt"].tolist() == [1, 1, 1]
    assert len(load_responses(events_db).table) == 4


def test_events_bad_rows_named_by_event_id(events_db, tmp_path):
    con = sqlite3.connect(events_db.removeprefix("sqlite:///"))
    con.execute("UPDATE events SET credit = 3 WHERE id = 2")
    con.commit()
    con.close()
    with pytest.raises(ResponseTableError, match=r"row 2: credit"):
        read_events(events_db)
    assert len(read_events(events_db, strict=False).table) == 3


def test_database_without_known_tables(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    sqlite3.connect(tmp_path / "empty.sqlite").execute("CREATE TABLE other (x INTEGER)").connection.close()
    with pytest.raises(ResponseTableError, match="neither an 'events' table nor an nbgrader gradebook"):
        load_responses(url)


@pytest.mark.slow
def test_gradebook_one_item_per_grade_cell(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook

    # nbgrader runs its database migrations with the ``alembic`` script of the running environment
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as gb:
        gb.add_assignment("final")
        gb.add_notebook("final", "final")
        for cell in ("s1", "s2"):
            gb.add_grade_cell(cell, "final", "final", max_score=2, cell_type="code")
        for student, scores in {"ann": (2, 1), "bob": (0, None)}.items():
            gb.add_student(student)
            gb.add_submission("final", student)
            for cell, score in zip(("s1", "s2"), scores):
                grade = gb.find_grade(cell, "final", "final", student)
                if score is not None:
                    grade.auto_score = score
            gb.db.commit()
    r = read_gradebook(url)
    t = r.table.sort_values(["learner", "item"])
    assert t[["learner", "item", "credit", "max_credit"]].values.tolist() == [
        ["ann", "final/s1", 2.0, 2.0], ["ann", "final/s2", 1.0, 2.0], ["bob", "final/s1", 0.0, 2.0]]
    assert [p.message for p in r.problems] == ["not graded yet; left out"]
    assert len(load_responses(url).table) == 3


def test_gradebook_item_names_follow_the_generated_grade_ids():
    from clientcraft.analytics.table import gradebook_item

    assert gradebook_item("assess-x", "score-late-payer") == "late-payer"
    assert gradebook_item("assess-x", "written-why-boundaries") == "why-boundaries"
    assert gradebook_item("ps1", "q1") == "ps1/q1"


def test_an_older_events_table_without_row_ids_still_reads(tmp_path):
    """Logs written before the contract lived in code (pandas created the table, no ``id``) stay readable."""
    from sqlalchemy import create_engine

    from clientcraft.analytics.simulate import events_frame, simulate_cohort

    table = simulate_cohort(6, 3, seed=5, n_practice=1).responses
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        events_frame(table).to_sql("events", conn, index=False)
    engine.dispose()
    back = read_events(url).table
    assert len(back) == len(table) and back["credit"].sum() == pytest.approx(table["credit"].sum())
