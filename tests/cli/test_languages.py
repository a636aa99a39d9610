"""The command line's language figures and per-language assignments."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from clientcraft.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures"


def test_check_and_coverage_print_translated_stale_and_missing_per_language():
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--content", str(FIXTURE / "content")])
    lines = [ln for ln in result.output.splitlines() if ln.startswith("translation ")]
    assert [ln.split()[1] for ln in lines] == ["en:", "id:", "nb:", "tl:", "de:"]
    assert "(100.0%), 0 stale, 0 missing" in lines[0] and "(0.0%)" in lines[1]
    result = runner.invoke(main, ["coverage", "--content", str(FIXTURE / "content")])
    assert result.exit_code == 0, result.output
    assert "translations (learner-facing texts per language)" in result.output


def test_build_lang_writes_assignments_with_language_independent_keys(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--content", str(FIXTURE / "content"), "--lang", "fil",
                                  "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    nb = json.loads((tmp_path / "exercises" / "assess-the-lesson-tl" / "assess-the-lesson-tl.ipynb").read_text())
    assert nb["metadata"]["clientcraft"] == {"assignment": "assess-the-lesson", "kind": "lesson",
                                             "version": "source", "language": "tl"}
    assert (tmp_path / "solutions" / "assess-the-lesson-tl.key.json").is_file()
    bad = runner.invoke(main, ["build", "--content", str(FIXTURE / "content"), "--lang", "fr",
                               "--root", str(tmp_path)])
    assert bad.exit_code == 1 and "--lang: unknown language 'fr'" in bad.output
