"""The contracts: event columns, export and tidy columns, grade-cell ids, path text and item names."""

from __future__ import annotations

import sqlite3

import pytest

from clientcraft.core.records import (
    EVENT_COLUMNS,
    GRADE_EXPORT_COLUMNS,
    TIDY_COLUMNS,
    Event,
    events_table,
    item_name,
    item_of_cell,
    parse_path,
    path_text,
    score_cell_id,
    split_item,
    written_cell_id,
)


def test_the_events_table_and_the_event_model_name_the_same_columns():
    assert tuple(c.name for c in events_table().columns) == EVENT_COLUMNS
    assert EVENT_COLUMNS[0] == "id" and set(EVENT_COLUMNS[1:]) == set(Event.model_fields)
    row = Event(learner_id="ana", lesson="l", mode="practice", kind="choice", recommendations=["a", "b"]).row()
    assert tuple(row) == EVENT_COLUMNS[1:] and row["recommendations"] == "a b"
    assert row["timestamp"].utcoffset().total_seconds() == 0


def test_export_and_tidy_columns_are_the_ones_the_analytics_read():
    assert GRADE_EXPORT_COLUMNS[:5] == ("learner", "cohort", "assignment", "item", "path")
    assert GRADE_EXPORT_COLUMNS[-1] == "status"
    assert set(TIDY_COLUMNS) - set(GRADE_EXPORT_COLUMNS) == {"option", "attempt", "seconds"}


@pytest.mark.parametrize("item", ["late-payer", "why-boundaries", "a-b-c"])
def test_grade_cell_ids_and_their_inverse(item):
    assert item_of_cell(score_cell_id(item)) == item
    assert item_of_cell(written_cell_id(item)) == item
    assert item_of_cell("setup") is None and item_of_cell("score-") is None


@pytest.mark.parametrize("options", [[], ["a"], ["c", "a"], ["b", "b", "d"]])
def test_path_text_and_its_parser(options):
    assert parse_path(path_text(options)) == options
    assert path_text(["c", "a"]) == "c>a"
    assert parse_path(" c > a ") == ["c", "a"] and parse_path(None) == []


def test_item_names():
    assert item_name("logo", "open", entry="open") == "logo"
    assert item_name("logo", "offer", entry="open") == "logo:offer"
    assert item_name("logo") == "logo" and item_name("logo", "") == "logo"
    assert split_item("logo:offer") == ("logo", "offer") and split_item("logo") == ("logo", None)


def test_the_simulator_creates_the_events_table_with_the_log_s_declared_types(tmp_path):
    """The simulator writes the log through the contract: same columns and types as the response log's own."""
    from clientcraft.analytics.simulate import simulate_cohort, write_events
    from clientcraft.core.settings import sqlite_url
    from clientcraft.runtime.responselog import ResponseLog

    simulated, logged = tmp_path / "sim.sqlite", tmp_path / "log.sqlite"
    write_events(simulate_cohort(5, 3, seed=1, n_practice=1).responses, sqlite_url(simulated))
    ResponseLog(sqlite_url(logged)).close()

    def declared(path):
        con = sqlite3.connect(path)
        try:
            return [(r[1], r[2], r[3]) for r in con.execute("PRAGMA table_info(events)")]
        finally:
            con.close()

    assert declared(simulated) == declared(logged)
    assert [name for name, *_ in declared(simulated)] == list(EVENT_COLUMNS)
