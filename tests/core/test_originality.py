"""No run of 8 or more consecutive words from the source documents, and no run of 6 or more from their English
renderings, appears anywhere in the project (closely translated sentences: tests/core/test_renderings.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from clientcraft.core.originality import copied_runs, ngrams, source_ngrams, words

REPO = Path(__file__).resolve().parents[2]

TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".json", ".ipynb", ".toml", ".txt", ".cfg", ".html", ".csv", ""}


def project_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True,
        text=True, check=True,
    ).stdout.split("\n")
    for rel in listed:
        path = REPO / rel
        if rel and path.is_file() and path.suffix in TEXT_SUFFIXES and path.stat().st_size < 5_000_000:
            yield rel, path


def test_detector_finds_a_copied_run_and_ignores_punctuation():
    seeds = ngrams(words("Satu dua tiga empat lima enam tujuh delapan sembilan."))
    assert copied_runs("x", "Intro: satu, DUA tiga empat lima enam tujuh delapan!", seeds)
    assert not copied_runs("x", "satu dua tiga empat lima enam tujuh", seeds)  # only 7 words


def test_no_eight_word_run_from_the_seeds_anywhere(shared_dir):
    seeds = source_ngrams(sorted((shared_dir / "seeds").glob("*.txt")))
    assert len(seeds) > 1000
    hits = []
    scanned = 0
    for rel, path in project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        scanned += 1
        hits += copied_runs(rel, text, seeds)
    assert scanned > 10
    assert not hits, "\n".join(str(h) for h in hits)


def test_cli_reports_a_copied_run_with_its_file(shared_dir, tmp_path):
    from click.testing import CliRunner

    from clientcraft.cli import main

    seeds = shared_dir / "seeds"
    first_words = " ".join(words(sorted(seeds.glob("*.txt"))[1].read_text(encoding="utf-8"))[20:30])
    copied = tmp_path / "copied.yaml"
    copied.write_text(f"text: {first_words}\n", encoding="utf-8")
    clean = tmp_path / "clean.yaml"
    clean.write_text("text: my own words about clients\n", encoding="utf-8")
    runner = CliRunner()
    bad = runner.invoke(main, ["originality", "--seeds", str(seeds), str(copied), str(clean)])
    assert bad.exit_code == 1 and f"{copied}: copied run of 8 words" in bad.output
    ok = runner.invoke(main, ["originality", "--seeds", str(seeds), str(clean)])
    assert ok.exit_code == 0 and "no copied runs" in ok.output


def test_no_six_word_run_from_the_english_renderings_anywhere(shared_dir):
    """The articles are not in English, so the literal English renderings (seeds/en) catch a translated copy."""
    from clientcraft.core.renderings import RUN_LENGTH, copied_runs as rendering_runs, load_renderings

    ren = load_renderings(shared_dir / "seeds" / "en")
    assert len(ren.runs) > 1000 and RUN_LENGTH == 6
    hits = []
    for rel, path in project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        hits += rendering_runs(rel, text, ren)
    assert not hits, "\n".join(str(h) for h in hits)
