"""The simulate, analyse and report commands, through the real ``clientcraft`` click group."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

from clientcraft.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_commands_are_registered(runner):
    out = runner.invoke(main, ["--help"]).output
    assert all(name in out for name in ("simulate", "analyse", "report"))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_simulate_then_analyse(runner, tmp_path, suffix):
    path = tmp_path / f"cohort{suffix}"
    res = runner.invoke(main, ["simulate", "--learners", "60", "--items", "8", "--seed", "4", "-o", str(path)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["analyse", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    items = pd.read_csv(tmp_path / "out" / "items.csv", index_col=0)
    assert len(items) == 8 and "disc_item_rest" in items.columns
    assert (tmp_path / "out" / "prepost_summary.csv").is_file()
    assert "60 learners x 8 items (final)" in res.output


def test_simulate_into_an_events_database_and_report(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    assert runner.invoke(main, ["simulate", "--learners", "25", "--items", "4", "-o", url]).exit_code == 0
    res = runner.invoke(main, ["report", url, "-o", str(tmp_path / "r.html"), "--pseudonymise"])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<img" in page
    assert not re.search(r"\bL\d{2}\b", re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page))


def test_bad_rows_stop_the_report_unless_lenient(runner, tmp_path):
    path = tmp_path / "answers.csv"
    pd.DataFrame({"learner": ["a", "b", "c", "d"], "item": ["x", "x", "y", "y"], "credit": [1, "??", 0, 1]}).to_csv(
        path, index=False)
    res = runner.invoke(main, ["report", str(path), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 1 and "row 2: credit='??': is not a number" in res.output
    res = runner.invoke(main, ["report", str(path), "-o", str(tmp_path / "r.html"), "--lenient"])
    assert res.exit_code == 0 and "1 row(s) left out" in res.output


def test_simulate_rejects_unknown_output_type(runner, tmp_path):
    res = runner.invoke(main, ["simulate", "-o", str(tmp_path / "x.xlsx")])
    assert res.exit_code != 0 and ".csv or .parquet" in res.output


def test_missing_content_folder_is_named(runner, tmp_path):
    path = tmp_path / "c.csv"
    runner.invoke(main, ["simulate", "--learners", "10", "--items", "3", "-o", str(path)])
    res = runner.invoke(main, ["analyse", str(path), "-o", str(tmp_path / "o"), "--content", str(tmp_path / "nope")])
    assert res.exit_code == 1 and "nope" in res.output


def test_labels_from_a_given_curriculum(runner, tmp_path):
    from ..conftest import REPO

    fixture = REPO / "tests" / "fixtures" / "content"
    path = tmp_path / "c.csv"
    res = runner.invoke(main, ["simulate", "--curriculum", "--content", str(fixture), "--learners", "30", "-o",
                               str(path)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["analyse", str(path), "-o", str(tmp_path / "o"), "--content", str(fixture)])
    assert res.exit_code == 0, res.output
    mis = pd.read_csv(tmp_path / "o" / "misconceptions.csv")
    assert "Getting defensive" in set(mis["label"])


def test_report_from_a_grade_export(runner, tmp_path):
    from clientcraft.analytics.simulate import simulate_cohort

    t = simulate_cohort(40, 6, seed=8, n_practice=0).responses
    export = t.rename(columns={"option": "path"}).drop(columns=["attempt", "seconds"]).assign(status="ok")
    export.loc[3, "status"] = "missing-notebook"
    path = tmp_path / "export.csv"
    export.to_csv(path, index=False)
    res = runner.invoke(main, ["analyse", str(path), "-o", str(tmp_path / "o"), "--lenient"])
    assert res.exit_code == 0, res.output
    assert "status='missing-notebook'" in res.output and "1 row(s) left out" in res.output
    items = pd.read_csv(tmp_path / "o" / "items.csv", index_col=0)
    assert sorted(items.index) == [f"item-{i:02d}" for i in range(1, 7)]
    res = runner.invoke(main, ["report", str(path), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output  # an unusable submission is reported, never fatal
