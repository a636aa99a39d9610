"""Fixtures for the learner widgets: the small fixture curriculum and a private response log per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.settings import sqlite_url
from clientcraft.runtime.responselog import ResponseLog

FIXTURE_CONTENT = Path(__file__).resolve().parents[2] / "fixtures" / "content"


@pytest.fixture(autouse=True)
def private_log(user_log, monkeypatch):
    """Every widget test writes to its own SQLite file and runs as learner 'ana' in cohort 'march'."""
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "ana")
    monkeypatch.setenv("CLIENTCRAFT_COHORT", "march")
    return user_log


@pytest.fixture
def log(private_log) -> ResponseLog:
    lg = ResponseLog(sqlite_url(private_log))
    yield lg
    lg.close()


@pytest.fixture(scope="session")
def cur():
    return load_curriculum(FIXTURE_CONTENT)

