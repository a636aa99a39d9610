"""The course's response log on PostgreSQL, with one database account per hub user.

One database per course holds the ``events`` table. Every hub user gets a login role of their own whose password
is renewed each time their server starts and handed to that server only (through the spawner environment).
Row-level security lets a learner's account read and add only events whose ``learner_id`` is their own hub
name, never change or delete one; an instructor's account reads every event of the course. So a credential
that leaks out of a learner's server (a terminal shows its environment) gives nothing the learner's own
widgets do not.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import LogDatabaseError

DB_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CONNECTIONS_PER_ACCOUNT = 10
"""Most connections one account may hold (a kernel uses one or two): one user cannot exhaust the server."""


@dataclass(frozen=True)
class Account:
    """A hub user's database account: the role name and the log URL (with the current password)."""

    user: str
    role: str
    url: str


def _parse(admin_url: str) -> URL:
    try:
        url = make_url(admin_url)
    except ArgumentError as exc:
        raise LogDatabaseError("log admin URL", f"not a database URL ({exc})") from None
    if url.get_backend_name() != "postgresql":
        raise LogDatabaseError("log admin URL", f"must be a PostgreSQL URL, got {url.get_backend_name()!r}")
    return url.set(drivername="postgresql+psycopg")


class CourseLogDatabase:
    """The course's log database on the server that ``admin_url`` reaches (as a role that may create roles)."""

    def __init__(self, admin_url: str, database: str):
        if not DB_NAME_RE.match(database):
            raise LogDatabaseError("log database", f"{database!r}: use lowercase letters, digits and _ "
                                                   "(at most 40, starting with a letter)")
        self.admin = _parse(admin_url)
        self.database = database
        self.learners_role = f"{database}_learners"
        self.instructors_role = f"{database}_instructors"

    # -- connections ---------------------------------------------------------------------------------
    def _connect(self, database: str | None = None):
        import psycopg

        a = self.admin
        try:
            return psycopg.connect(host=a.host or "127.0.0.1", port=a.port or 5432, user=a.username,
                                   password=a.password, dbname=database or a.database or "postgres",
                                   autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            where = a.render_as_string(hide_password=True)
            raise LogDatabaseError("log database", f"cannot connect to {where} as admin: {exc}") from None

    def url_for(self, role: str, password: str) -> str:
        """The SQLAlchemy URL of the course database for ``role``."""
        return self.admin.set(username=role, password=password, database=self.database).render_as_string(
            hide_password=False)

    @property
    def admin_course_url(self) -> str:
        """The course database's URL as the admin (for backups and exports by course staff)."""
        return self.admin.set(database=self.database).render_as_string(hide_password=False)

    def role_name(self, user: str) -> str:
        """The login role of hub user ``user`` (a digest: any hub name fits PostgreSQL's 63-byte limit)."""
        return f"{self.database}_u_{hashlib.sha256(user.encode('utf-8')).hexdigest()[:16]}"

    # -- set-up ----------------------------------------------------------------------------------------
    def create(self) -> None:
        """Create the database, the events table, the group roles and the row-level rules (idempotent)."""
        import psycopg
        from psycopg import sql

        with self._connect() as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.database,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database)))
            for role in (self.learners_role, self.instructors_role):
                if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        from clientcraft.runtime.responselog import ResponseLog

        ResponseLog(self.admin_course_url).close()  # the events table, exactly as every other log has it
        groups = sql.SQL(", ").join([sql.Identifier(self.learners_role), sql.Identifier(self.instructors_role)])
        statements = [
            sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(self.database)),
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(self.database), groups),
            sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(groups),
            sql.SQL("CREATE TABLE IF NOT EXISTS clientcraft_accounts (role_name text PRIMARY KEY, "
                    "learner_id text NOT NULL UNIQUE, instructor boolean NOT NULL DEFAULT false)"),
            sql.SQL("REVOKE ALL ON clientcraft_accounts FROM PUBLIC"),
            # session_user, not current_user: inside a SECURITY DEFINER function current_user is the owner.
            sql.SQL("CREATE OR REPLACE FUNCTION clientcraft_learner() RETURNS text LANGUAGE sql STABLE "
                    "SECURITY DEFINER SET search_path = public AS "
                    "$$ SELECT learner_id FROM clientcraft_accounts WHERE role_name = session_user $$"),
            sql.SQL("REVOKE ALL ON FUNCTION clientcraft_learner() FROM PUBLIC"),
            sql.SQL("GRANT EXECUTE ON FUNCTION clientcraft_learner() TO {}").format(groups),
            sql.SQL("REVOKE ALL ON events FROM PUBLIC"),
            sql.SQL("GRANT SELECT, INSERT ON events TO {}").format(groups),
            sql.SQL("GRANT USAGE ON SEQUENCE events_id_seq TO {}").format(groups),
            sql.SQL("ALTER TABLE events ENABLE ROW LEVEL SECURITY"),
            sql.SQL("DROP POLICY IF EXISTS learner_own_events ON events"),
            sql.SQL("CREATE POLICY learner_own_events ON events FOR ALL TO {} USING "
                    "(learner_id = clientcraft_learner()) WITH CHECK (learner_id = clientcraft_learner())"
                    ).format(sql.Identifier(self.learners_role)),
            sql.SQL("DROP POLICY IF EXISTS instructor_reads_all ON events"),
            sql.SQL("CREATE POLICY instructor_reads_all ON events FOR SELECT TO {} USING (true)").format(
                sql.Identifier(self.instructors_role)),
            sql.SQL("DROP POLICY IF EXISTS instructor_own_events ON events"),
            sql.SQL("CREATE POLICY instructor_own_events ON events FOR INSERT TO {} WITH CHECK "
                    "(learner_id = clientcraft_learner())").format(sql.Identifier(self.instructors_role)),
        ]
        with self._connect(self.database) as conn:
            try:
                with conn.transaction():
                    for stmt in statements:
                        conn.execute(stmt)
            except psycopg.Error as exc:
                raise LogDatabaseError("log database", f"{self.database}: cannot set up access rules: {exc}") from None

    # -- accounts ------------------------------------------------------------------------------------
    def account(self, user: str, *, instructor: bool = False) -> Account:
        """Create or update ``user``'s login role with a new password; their log URL."""
        import psycopg
        from psycopg import sql

        role = self.role_name(user)
        password = secrets.token_urlsafe(24)
        group, other = ((self.instructors_role, self.learners_role) if instructor
                        else (self.learners_role, self.instructors_role))
        try:
            with self._connect(self.database) as conn, conn.transaction():
                ident = sql.Identifier(role)
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {} CONNECTION LIMIT {}").format(
                        ident, sql.Literal(password), sql.Literal(CONNECTIONS_PER_ACCOUNT)))
                else:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} CONNECTION LIMIT {}").format(
                        ident, sql.Literal(password), sql.Literal(CONNECTIONS_PER_ACCOUNT)))
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), ident))
                conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), ident))
                conn.execute("INSERT INTO clientcraft_accounts (role_name, learner_id, instructor) "
                             "VALUES (%s, %s, %s) ON CONFLICT (role_name) DO UPDATE SET "
                             "learner_id = EXCLUDED.learner_id, instructor = EXCLUDED.instructor",
                             (role, user, instructor))
        except psycopg.Error as exc:
            raise LogDatabaseError(f"user {user}", f"cannot prepare the log account: {exc}") from None
        return Account(user, role, self.url_for(role, password))

    def lock(self, user: str) -> None:
        """Stop ``user``'s account from logging in (e.g. when their server stops or they leave the course)."""
        import psycopg
        from psycopg import sql

        role = self.role_name(user)
        try:
            with self._connect(self.database) as conn:
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(sql.Identifier(role)))
        except psycopg.Error as exc:
            raise LogDatabaseError(f"user {user}", f"cannot lock the log account: {exc}") from None
