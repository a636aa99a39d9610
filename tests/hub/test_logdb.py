"""The course log database on the session's PostgreSQL server: one account per hub user, row-level rules."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from clientcraft.hub.errors import LogDatabaseError
from clientcraft.hub.logdb import CourseLogDatabase
from clientcraft.runtime.responselog import Event, ResponseLog, ResponseLogError

_names = iter(range(1, 1000))


@pytest.fixture
def course_db(postgres):
    db = CourseLogDatabase(postgres.url(), f"course_{next(_names)}")
    db.create()
    db.create()  # idempotent: a second `hub init` changes nothing
    return db


def _event(learner: str, step: str = "s1") -> Event:
    return Event(learner_id=learner, lesson="welcome", scenario="sc", step=step, option="a", credit=1.0,
                 mode="practice", kind="choice")


def test_learners_read_and_add_only_their_own_events(course_db):
    ana, bo = course_db.account("ana"), course_db.account("bo")
    teacher = course_db.account("teach", instructor=True)
    assert ana.role != bo.role and "ana" not in ana.role  # the role name reveals nothing
    logs = {a.user: ResponseLog(a.url) for a in (ana, bo, teacher)}
    assert logs["ana"].record(_event("ana")) and logs["bo"].record(_event("bo"))
    assert logs["teach"].record(_event("teach"))
    with pytest.raises(ResponseLogError, match="row-level security"):
        logs["ana"].record(_event("bo", "s2"))  # cannot answer in someone else's name
    assert [r["learner_id"] for r in logs["ana"].rows()] == ["ana"]
    assert logs["ana"].count(learner_id="bo") == 0 and logs["ana"].next_attempt("ana", "sc", "s1") == 2
    assert sorted(r["learner_id"] for r in logs["teach"].rows()) == ["ana", "bo", "teach"]
    with logs["ana"].engine.connect() as conn:  # no changes, no deletions, no other tables
        for stmt in ("UPDATE events SET credit = 0", "DELETE FROM events", "SELECT * FROM clientcraft_accounts"):
            with pytest.raises(Exception, match="permission denied"):
                conn.execute(text(stmt))
            conn.rollback()
    for log in logs.values():
        log.close()


def test_a_new_start_renews_the_password_and_a_stop_locks_the_account(course_db):
    first = course_db.account("ana")
    second = course_db.account("ana")
    assert first.url != second.url and first.role == second.role
    with pytest.raises(ResponseLogError, match="password authentication failed"):
        ResponseLog(first.url)
    ResponseLog(second.url).close()
    course_db.lock("ana")
    with pytest.raises(ResponseLogError):
        ResponseLog(second.url)
    course_db.lock("never-started")  # nothing to lock: no error


def test_bad_settings_name_the_problem(postgres):
    with pytest.raises(LogDatabaseError, match="lowercase letters"):
        CourseLogDatabase(postgres.url(), "Bad-Name")
    with pytest.raises(LogDatabaseError, match="must be a PostgreSQL URL"):
        CourseLogDatabase("sqlite:///x.db", "course")
    wrong = postgres.url().replace(postgres.password, "wrong")
    with pytest.raises(LogDatabaseError, match="cannot connect .* as admin") as info:
        CourseLogDatabase(wrong, "course_x").create()
    assert "wrong" not in str(info.value) and postgres.password not in str(info.value)
