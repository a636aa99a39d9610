"""Fixtures for the learner widgets: the small fixture curriculum and a private response log per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientcraft.loader import load_curriculum
from clientcraft.responselog import ResponseLog, sqlite_url

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture(autouse=True)
def private_log(tmp_path, monkeypatch):
    """Every widget test writes to its own SQLite file and runs as learner 'ana' in cohort 'march'."""
    path = tmp_path / "responses.sqlite"
    monkeypatch.delenv("CLIENTCRAFT_LOG_URL", raising=False)
    monkeypatch.setenv("CLIENTCRAFT_LOG", str(path))
    monkeypatch.setenv("CLIENTCRAFT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "ana")
    monkeypatch.setenv("CLIENTCRAFT_COHORT", "march")
    return path


@pytest.fixture
def log(private_log) -> ResponseLog:
    lg = ResponseLog(sqlite_url(private_log))
    yield lg
    lg.close()


@pytest.fixture(scope="session")
def cur():
    return load_curriculum(FIXTURE_CONTENT)
