"""Originality across languages: course text compared with the literal English renderings of the articles.

The articles are in Indonesian, Norwegian, Tagalog and German, so a course sentence that closely translates
one shares no words with the original. ``../shared/seeds/en/`` holds a literal English rendering of each
article, one sentence per line, with headings on lines starting ``## ``. Two rules hold for all course text:

* no run of :data:`RUN_LENGTH` or more consecutive words of a rendering (case and punctuation ignored);
* no sentence whose content words cover :data:`MAX_OVERLAP` or more of a rendering sentence's content
  words (words stemmed, function words left out). Fewer than :data:`MIN_SHARED_WORDS` shared content words
  is a common phrase ("the client's difficult situation"), not a translation, and is not reported.

Heading lines are left out of both comparisons, since the course cites section titles; so is each
rendering's first line, which describes the file rather than the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .originality import ngrams, words
from .audit import STOP_WORDS

RUN_LENGTH = 6
MAX_OVERLAP = 0.7
MIN_SHARED_WORDS = 4

_PREAMBLE = "literal english rendering of"


@dataclass(frozen=True)
class RenderedSentence:
    """One sentence of a rendering, with its stemmed content words."""

    file: str
    line: int
    text: str
    content: frozenset[str]


@dataclass(frozen=True)
class Renderings:
    """The renderings' word runs and sentences, ready to compare with."""

    runs: dict[tuple[str, ...], str]
    sentences: list[RenderedSentence]

    @property
    def files(self) -> int:
        """How many rendering files were read."""
        return len({s.file for s in self.sentences})


@dataclass(frozen=True)
class Finding:
    """Course text that repeats or closely translates a rendering sentence."""

    where: str
    kind: str
    text: str
    source: str

    def __str__(self) -> str:
        if self.kind == "run":
            return f"{self.where}: copied run of {RUN_LENGTH}+ words from {self.source}: {self.text!r}"
        return f"{self.where}: close to {self.source}: {self.text!r}"


_stemmer = None


def stem(word: str) -> str:
    """The English Snowball stem of a word."""
    global _stemmer
    if _stemmer is None:
        import snowballstemmer

        _stemmer = snowballstemmer.stemmer("english")
    return _stemmer.stemWord(word)


def content_stems(value: str) -> frozenset[str]:
    """Stemmed words of ``value`` that are not function words."""
    return frozenset(stem(w) for w in words(value) if w not in STOP_WORDS and len(w) > 1)


def load_renderings(folder: Path) -> Renderings:
    """Read every ``*.txt`` rendering in ``folder`` (heading lines and the first descriptive line left out)."""
    runs: dict[tuple[str, ...], str] = {}
    sentences: list[RenderedSentence] = []
    for path in sorted(Path(folder).glob("*.txt")):
        block: list[str] = []
        lines = path.read_text(encoding="utf-8").splitlines()

        def flush() -> None:
            for gram in ngrams(words(" ".join(block)), RUN_LENGTH):
                runs.setdefault(gram, path.name)
            block.clear()

        for i, line in enumerate(lines, start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("## ") or (i == 1 and stripped.lower().startswith(_PREAMBLE)):
                flush()
                continue
            block.append(stripped)
            sentences.append(RenderedSentence(path.name, i, stripped, content_stems(stripped)))
        flush()
    return Renderings(runs, sentences)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]*_]*\s+|\n\s*\n|\n\s*[-*]\s+|\n#+\s")


def sentences(value: str) -> list[str]:
    """``value`` split into sentences (also at blank lines, list items and headings)."""
    return [s.strip() for s in _SENTENCE_END.split(value) if s and s.strip()]


def close_sentences(where: str, value: str, ren: Renderings) -> Iterator[Finding]:
    """Sentences of ``value`` whose content words cover MAX_OVERLAP of a rendering sentence's."""
    for sentence in sentences(value):
        mine = content_stems(sentence)
        if len(mine) < MIN_SHARED_WORDS:
            continue
        for rs in ren.sentences:
            shared = len(mine & rs.content)
            if shared >= MIN_SHARED_WORDS and shared / len(rs.content) >= MAX_OVERLAP:
                yield Finding(where, "sentence", sentence, f"{rs.file} line {rs.line} ({rs.text!r})")
                break


def copied_runs(where: str, value: str, ren: Renderings) -> Iterator[Finding]:
    """Runs of RUN_LENGTH words of ``value`` that occur in a rendering (overlapping hits merged)."""
    ws = words(value)
    last = -RUN_LENGTH
    for i in range(len(ws) - RUN_LENGTH + 1):
        gram = tuple(ws[i : i + RUN_LENGTH])
        if gram in ren.runs and i >= last + RUN_LENGTH:
            yield Finding(where, "run", " ".join(gram), ren.runs[gram])
            last = i


def findings(where: str, value: str, ren: Renderings) -> list[Finding]:
    """Both rules on one text."""
    return list(copied_runs(where, value, ren)) + list(close_sentences(where, value, ren))


def content_texts(cur) -> Iterable[tuple[str, str]]:
    """Every learner- and instructor-facing text of the curriculum as (file: item: field, text), all languages."""
    from pydantic import BaseModel

    def walk(obj, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                yield from walk(getattr(obj, name), f"{path}.{name}" if path else name)
        elif isinstance(obj, dict):
            for k, v in obj.items():
                yield from walk(v, f"{path}[{k}]")
        elif isinstance(obj, (list, tuple)):
            for i, v in enumerate(obj):
                yield from walk(v, f"{path}[{i}]")
        elif isinstance(obj, str) and " " in obj.strip():
            yield path, obj

    from .curriculum import KINDS

    for kind in KINDS:  # every content kind, the teaching toolkit's included
        for item_id, item in getattr(cur, kind).items():
            for fld, value in walk(item, ""):
                yield f"{cur.file_of(kind, item_id)}: {kind} ({item_id}): {fld}", value
    if cur.meta is not None:
        for fld, value in walk(cur.meta, ""):
            yield f"curriculum.yaml: curriculum: {fld}", value


def check_texts(texts: Iterable[tuple[str, str]], ren: Renderings) -> list[Finding]:
    """Both rules on many texts."""
    out: list[Finding] = []
    for where, value in texts:
        out += findings(where, value, ren)
    return out


@dataclass(frozen=True)
class RenderingReport:
    """What a rendering scan checked (texts, rendering files) and what it found."""

    texts: int
    renderings: int
    findings: tuple[Finding, ...]


def scan_renderings(folder: Path, files: Iterable[Path] = (), content: Path | None = None) -> RenderingReport:
    """Check ``files`` (default: every text of the curriculum in ``content``) against the renderings in ``folder``."""
    ren = load_renderings(folder)
    files = list(files)
    if files:
        texts = [(str(f), Path(f).read_text(encoding="utf-8")) for f in files]
    else:
        from .loader import load_curriculum

        texts = list(content_texts(load_curriculum(content, strict=False)))
    return RenderingReport(len(texts), ren.files, tuple(check_texts(texts, ren)))
