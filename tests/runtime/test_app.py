"""App mode: the served folder holds the lessons only, and Voila is asked to hide every source."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.runtime.app import AppError, prepare, voila_command

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


def test_prepare_writes_lessons_without_the_instructor_view(tmp_path):
    cur = load_curriculum(FIXTURE_CONTENT)
    (tmp_path / "stale.ipynb").write_text("{}")
    files = prepare(cur, tmp_path)
    assert [p.name for p in files] == ["00-intro.ipynb", "01-the-lesson.ipynb"]
    assert not (tmp_path / "stale.ipynb").exists()
    nbformat.validate(nbformat.read(files[1], as_version=4))
    assert "workshop.ipynb" in [p.name for p in prepare(cur, tmp_path, instructor=True)]


def test_voila_command_strips_sources_and_binds_loopback(tmp_path):
    argv = voila_command(tmp_path, port=9000, open_browser=False)
    assert argv[1:3] == ["-m", "voila"] and "--strip_sources=True" in argv
    assert "--port=9000" in argv and "--Voila.ip=127.0.0.1" in argv and "--no-browser" in argv
    with pytest.raises(AppError, match="does not exist"):
        voila_command(tmp_path, notebook="nope.ipynb")


def test_cli_log_export(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from clientcraft.cli import main
    from clientcraft.core.records import Event
    from clientcraft.core.settings import sqlite_url
    from clientcraft.runtime.responselog import ResponseLog

    url = sqlite_url(tmp_path / "l.sqlite")
    ResponseLog(url).record(Event(learner_id="ana", lesson="welcome", mode="practice", kind="choice"))
    out = tmp_path / "e.csv"
    res = CliRunner().invoke(main, ["log", "export", "--url", url, str(out)])
    assert res.exit_code == 0, res.output
    assert "wrote 1 events" in res.output and out.read_text().startswith("id,event_id,learner_id")
    res = CliRunner().invoke(main, ["log", "export", "--url", url, str(tmp_path / "e.xlsx")])
    assert res.exit_code == 1 and "csv or parquet" in res.output


def test_prepare_adds_review_notebooks_and_the_handouts(tmp_path, toolkit_copy):
    cur = load_curriculum(toolkit_copy())
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "stale.html").write_text("old")
    files = prepare(cur, tmp_path)
    assert [p.name for p in files] == ["00-intro.ipynb", "01-the-lesson.ipynb", "01r-later.ipynb", "handouts.ipynb"]
    assert sorted(p.name for p in (tmp_path / "handouts").iterdir()) == [
        "glossary.html", "job-aid.html", "phrase-bank.html", "prevention-kit.html"]
    lesson = (tmp_path / "01-the-lesson.ipynb").read_text()
    assert "(handouts/job-aid.html)" in lesson  # relative links: Voila redirects them to its files handler
    config = json.loads((tmp_path / "voila.json").read_text())
    assert "handouts" in config["ContentsManager"]["hide_globs"]  # the index lists handouts.ipynb, not the folder


def test_voila_serves_only_the_handout_pages_as_files(tmp_path):
    import re

    argv = voila_command(tmp_path, open_browser=False)
    (allow,) = [a for a in argv if a.startswith("--VoilaConfiguration.file_allowlist=")]
    (pattern,) = re.findall(r"'([^']+)'", allow)
    assert re.fullmatch(pattern, "handouts/job-aid.html")
    for path in ("01-the-lesson.ipynb", "handouts/../secret.html", "handouts/x.pdf", "other/job-aid.html"):
        assert not re.fullmatch(pattern, path), path
