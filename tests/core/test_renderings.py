"""Originality across languages: no 6-word run of an English rendering, no closely translated sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.core.renderings import check_texts, content_texts, findings, load_renderings
from clientcraft.core.loader import load_curriculum

RENDERING = """Literal English rendering of 009_x.txt for originality checks; not a reference for the course's advice.

## Hear Every Word And Keep Your Temper [Lytt nøye]

Customers rarely say plainly what troubles them, so you must weigh each word they use.
Answer the customer swiftly and courteously, and never with insults.
"""


@pytest.fixture
def ren(tmp_path):
    (tmp_path / "009_x.en.txt").write_text(RENDERING, encoding="utf-8")
    return load_renderings(tmp_path)


def test_six_word_run_is_found_and_five_words_are_not(ren):
    assert [f.kind for f in findings("x", "Remember: customers RARELY say plainly what troubles... anyway", ren)] == ["run"]
    assert findings("x", "Customers rarely say plainly what they want.", ren) == []  # five words


def test_heading_lines_and_the_preamble_are_excepted(ren):
    assert findings("x", "Hear every word and keep your temper, the section says.", ren) == []
    assert findings("x", "A literal English rendering of the file for originality checks.", ren) == []


def test_closely_translated_sentence_is_found(ren):
    (hit,) = findings("x", "Never insult a customer; answer courteously and swiftly.", ren)
    assert hit.kind == "sentence" and "009_x.en.txt line 6" in str(hit)
    assert findings("x", "Work quickly and kindly.", ren) == []  # too few shared content words


def test_copied_six_word_run_fails_the_command(shared_dir, tmp_path):
    rendering = sorted((shared_dir / "seeds" / "en").glob("*.txt"))[2]
    line = next(ln for ln in rendering.read_text(encoding="utf-8").splitlines()[1:]
                if ln and not ln.startswith("## ") and len(ln.split()) > 8)
    copied = tmp_path / "copied.yaml"
    copied.write_text("text: As we say, " + " ".join(line.split()[1:7]) + " indeed.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["originality", "--seeds", str(shared_dir / "seeds"), str(copied)])
    assert result.exit_code == 1 and "copied run of 6+ words from" in result.output


def test_no_content_copies_or_closely_translates_a_rendering(shared_dir):
    ren = load_renderings(shared_dir / "seeds" / "en")
    assert ren.files == 5 and len(ren.sentences) > 200
    hits = check_texts(content_texts(load_curriculum()), ren)
    assert not hits, "\n".join(map(str, hits))
