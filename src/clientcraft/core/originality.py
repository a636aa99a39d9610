"""Find runs of consecutive words that a text shares with the source documents (the no-copying rule)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import ClientcraftError

RUN_LENGTH = 8
"""The rule: no run of this many consecutive words from a source may appear in the project."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def words(text: str) -> list[str]:
    """Lower-cased words (letters and digits, keeping inner apostrophes), punctuation and markup ignored."""
    return _WORD.findall(text.lower())


def ngrams(ws: list[str], n: int = RUN_LENGTH) -> set[tuple[str, ...]]:
    """All runs of ``n`` consecutive words."""
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


@dataclass(frozen=True)
class CopiedRun:
    """A run of words found in both a project file and a source document."""

    file: str
    run: str

    def __str__(self) -> str:
        return f"{self.file}: copied run of {RUN_LENGTH} words: {self.run!r}"


def source_ngrams(seed_files: Iterable[Path], n: int = RUN_LENGTH) -> set[tuple[str, ...]]:
    """The word runs of every source document."""
    out: set[tuple[str, ...]] = set()
    for f in seed_files:
        out |= ngrams(words(Path(f).read_text(encoding="utf-8")), n)
    return out


def copied_runs(name: str, text: str, seeds: set[tuple[str, ...]], n: int = RUN_LENGTH) -> list[CopiedRun]:
    """Runs of ``text`` that also occur in the sources; overlapping hits are merged into one per start."""
    ws = words(text)
    hits, last = [], -n
    for i in range(len(ws) - n + 1):
        gram = tuple(ws[i : i + n])
        if gram in seeds and i >= last + n:
            hits.append(CopiedRun(name, " ".join(gram)))
            last = i
    return hits


@dataclass(frozen=True)
class OriginalityReport:
    """What a scan checked and the copied runs it found."""

    files: tuple[Path, ...]
    sources: tuple[Path, ...]
    hits: tuple[CopiedRun, ...]


def scan(files: Iterable[Path], seeds: Path) -> OriginalityReport:
    """Check ``files`` against every source document (``*.txt``) in the folder ``seeds``."""
    sources = tuple(sorted(Path(seeds).glob("*.txt"))) if Path(seeds).is_dir() else ()
    if not sources:
        raise ClientcraftError(f"no source documents (*.txt) in {seeds}; pass --seeds")
    grams = source_ngrams(sources)
    targets = tuple(Path(f) for f in files)
    hits = tuple(h for f in targets for h in copied_runs(str(f), f.read_text(encoding="utf-8"), grams))
    return OriginalityReport(targets, sources, hits)
