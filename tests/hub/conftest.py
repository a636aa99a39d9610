"""Fixtures of the hub tests: a real course hub (tests/hub/harness.py) for the end-to-end test."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def course_hub():
    """A running course hub with 10 learners and an instructor; skipped with the reason where it cannot run."""
    from .harness import CourseHubRun, Unavailable

    try:
        run = CourseHubRun(10, assignments=["baseline"])
    except Unavailable as exc:
        pytest.skip(str(exc))
    with run:
        yield run
