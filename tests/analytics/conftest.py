"""Fixtures for the analytics tests: the conformance folder and small tidy tables."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO.parent / "shared" / "conformance" / "item-analysis"


@pytest.fixture
def conformance() -> Path:
    """``../shared/conformance/item-analysis``; tests using it skip when it is absent."""
    if not CONFORMANCE.is_dir():
        pytest.skip("../shared/conformance/item-analysis is not present")
    return CONFORMANCE


def tidy(rows: list[tuple], columns: str = "learner item option credit") -> pd.DataFrame:
    """A small raw table from tuples, for validate()."""
    return pd.DataFrame(rows, columns=columns.split())
