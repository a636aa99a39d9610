"""The `clientcraft course` commands: thin, with clear errors."""

from __future__ import annotations

from click.testing import CliRunner

from clientcraft.cli import main


def test_init_reports_what_it_made(tmp_path, rendered):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,cohort\nann,a\nbob,b\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["course", "init", str(tmp_path / "c"), "--roster", str(roster),
                                       "--exercises", str(rendered / "exercises"), "--due",
                                       "baseline=2030-01-01T09:00"])
    assert result.exit_code == 0, result.output
    assert "2 learner(s)" in result.output and "assess-the-lesson, baseline" in result.output
    config = (tmp_path / "c" / "nbgrader_config.py").read_text()
    assert str(tmp_path / "c" / "exchange") in config and "RedactHiddenTests" in config


def test_errors_name_the_file_and_exit_1(tmp_path, rendered):
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nann\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["course", "init", str(tmp_path / "c"), "--roster", str(roster),
                                       "--exercises", str(rendered / "exercises")])
    assert result.exit_code == 1 and str(roster) in result.output and "'id' column" in result.output
    result = CliRunner().invoke(main, ["course", "autograde", str(tmp_path), "x"])
    assert result.exit_code == 1 and "not a course directory" in result.output
    result = CliRunner().invoke(main, ["course", "init", str(tmp_path / "c"), "--roster", str(roster),
                                       "--due", "oops"])
    assert result.exit_code == 2 and "ASSIGNMENT=" in result.output
