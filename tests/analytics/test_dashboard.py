"""The instructor dashboard notebook runs top to bottom, on simulated data and on a given file."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from clientcraft.analytics.simulate import simulate_cohort

from .conftest import REPO

NOTEBOOK = REPO / "instructor" / "dashboard.ipynb"


def run(nb) -> nbformat.NotebookNode:
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}).execute()
    return nb


def outputs(nb) -> dict[str, list]:
    return {c.id: c.outputs for c in nb.cells if c.cell_type == "code"}


@pytest.mark.slow
def test_dashboard_runs_on_simulated_data():
    nb = run(nbformat.read(NOTEBOOK, as_version=4))
    out = outputs(nb)
    assert not any(o.output_type == "error" for cell in out.values() for o in cell)
    assert "300 learners" in out["load"][0]["data"]["text/plain"]
    for cell in ("item-map", "distractors", "mastery", "scores", "prepost"):
        assert '<img src="data:image/png;base64,' in out[cell][0]["data"]["text/html"], cell


@pytest.mark.slow
def test_dashboard_runs_on_a_given_file(tmp_path):
    path = tmp_path / "cohort.parquet"
    simulate_cohort(40, 6, seed=9, prepost=False).responses.to_parquet(path)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = next(c for c in nb.cells if c.id == "parameters")
    params.source = f"SOURCE = {str(path)!r}\nPSEUDONYMISE = True\nASSIGNMENT = None"
    out = outputs(run(nb))
    assert "40 learners" in out["load"][0]["data"]["text/plain"]
    assert "No pre/post comparison" in out["prepost"][0]["data"]["text/plain"]


@pytest.mark.slow
def test_dashboard_runs_on_a_practice_only_response_log(tmp_path):
    from clientcraft.analytics.simulate import write_events

    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    table = simulate_cohort(30, 4, seed=3, n_practice=6).responses
    write_events(table[table["mode"] == "practice"], url)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    next(c for c in nb.cells if c.id == "parameters").source = f"SOURCE = {url!r}\nPSEUDONYMISE = False\nASSIGNMENT = None"
    out = outputs(run(nb))
    assert "practice (first attempts)" in out["load"][0]["data"]["text/plain"]
    assert '<img src="data:image/png;base64,' in out["item-map"][0]["data"]["text/html"]

