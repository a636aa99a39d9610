"""`clientcraft coverage` counts scenarios per recommendation, lesson and mode."""

from __future__ import annotations

from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.core.coverage import coverage
from clientcraft.core.loader import load_curriculum


def test_matrix_counts_on_fixture(content_copy):
    cov = coverage(load_curriculum(content_copy()))
    m = cov.matrix
    assert m.loc["listen-first", "p:the-lesson"] == 2
    assert m.loc["listen-first", "a:the-lesson"] == 1
    assert m.loc["own-it", "practice_total"] == 2
    assert m["meets_minimum"].all()
    assert cov.totals["practice_scenarios"] == 2
    assert cov.totals["assessment_scenarios"] == 1
    assert cov.totals["branching_scenarios"] == 1
    assert cov.totals["diverging_scenarios"] == 0  # p-one has two steps, but every first choice leads to s2
    assert cov.totals["free_text_prompts"] == 1


def test_diverging_counts_choices_that_lead_to_different_steps(content_copy):
    root = content_copy("practice/practice.yaml",
                        lambda d: d["scenarios"][0]["steps"][0]["options"][1].pop("next"))
    cov = coverage(load_curriculum(root))
    assert cov.totals["diverging_scenarios"] == 1


def test_minimum_flag_drops_when_a_scenario_goes(content_copy):
    root = content_copy("practice/practice.yaml", lambda d: d["scenarios"].pop())
    cov = coverage(load_curriculum(root, strict=False))
    assert not cov.matrix.loc["own-it", "meets_minimum"]
    assert cov.totals["recommendations_meeting_minimum"] == 0


def test_cli_prints_totals(content_copy, tmp_path):
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(main, ["coverage", "--content", str(content_copy()), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    assert "practice scenarios: 2" in result.output and "free text prompts: 1" in result.output
    assert out.read_text().startswith("recommendation,owner")
