"""Quality checks on every translated segment, interface catalogs and content PO files alike.

* format: placeholders, XML/HTML tags, numbers and URLs (translate-toolkit's pofilter checks, called as a
  library) and Markdown structure (headings, list items, emphasis, code, link targets) are preserved;
* language: an offline identifier (lingua) restricted to the course's five languages, plus Malay as the known
  neighbour of Indonesian, names the segment's own language; Indonesian read as Malay is reported for review,
  not failed;
* originality: no translated text shares a run of 6 or more consecutive words with a source article in the same
  language (headings, which the course cites, excepted); skipped when ../shared is absent.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from clientcraft.core.languages import TRANSLATED_LANGUAGES
from clientcraft.core.originality import ngrams, words
from clientcraft.core.translations import read_catalog

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "src" / "clientcraft" / "locale"
CONTENT_PO = REPO / "data" / "translations"
ORIGINALITY_RUN = 6


def segments(lang: str) -> list[tuple[str, str, str]]:
    """(where, English, translation) for every translated, current segment of ``lang`` (plural forms apart)."""
    out = []
    for path in (LOCALE / lang / "LC_MESSAGES" / "clientcraft.po", CONTENT_PO / f"{lang}.po"):
        if not path.is_file():
            continue
        for m in read_catalog(path, lang):
            if not m.id or not m.string or "fuzzy" in m.flags:
                continue
            if isinstance(m.id, tuple):
                ids, strs = m.id, m.string
                for i, s in enumerate(strs):
                    if s:
                        out.append((f"{path.name}: {ids[0][:40]!r} [{i}]", ids[min(i, 1)], s))
            else:
                out.append((f"{path.name}: {m.context or m.id[:40]!r}", m.id, m.string))
    return out


# ------------------------------------------------------------------------------------------------ format
FORMAT_CHECKS = ("pythonbraceformat", "xmltags", "urls")
"""pofilter checks whose failure is an error here (the rest are style hints for translators). Numbers are
compared by :func:`number_problems` instead, which lets each language write its own separators."""

_NUMBER = re.compile(r"\d+(?:[.,:\u00a0\u202f ]\d+)*")


def numbers_of(text: str) -> list[str]:
    """The numbers of ``text`` as bare digit strings, whatever the separators: "9,000", "9.000" and "9 000" (a
    thousands group), "2.5" / "2,5" (a decimal) and "8:05" / "08.05" (a time) each read the same in every
    language."""
    return sorted(re.sub(r"\D", "", m.group(0)).lstrip("0") or "0" for m in _NUMBER.finditer(text))


_CLOCK_TIME = re.compile(r"\b(\d{1,2})(?:[.:](\d\d))?\s*(a\.m\.|am\b|in the morning|p\.m\.|pm\b|"
                         r"in the (?:afternoon|evening)|o'clock)", re.I)


def _clock_forms(english: str) -> dict[str, set[str]]:
    """The clock times of ``english`` ("3 pm", "9.30 a.m.") as digit strings, each with the forms a translation
    may write it in: with ":00" added, and an afternoon time on the 24-hour clock ("3 pm": 3, 300, 15, 1500)."""
    out: dict[str, set[str]] = {}
    for m in _CLOCK_TIME.finditer(english):
        hour, minutes, when = int(m.group(1)), m.group(2) or "", m.group(3).lower()
        hours = {hour}
        if 1 <= hour <= 11 and when.startswith(("p", "in the a", "in the e")):
            hours.add(hour + 12)
        forms = {f"{h}{minutes}" for h in hours} | ({f"{h}00" for h in hours} if not minutes else set())
        out[f"{hour}{minutes}"] = forms
    return out


def number_problems(english: str, translation: str) -> list[str]:
    """Numbers the translation changed, lost or added (separators aside; a clock time may be written with its
    minutes and on the 24-hour clock, as most course languages do)."""
    a, b = numbers_of(english), numbers_of(translation)
    if a == b:
        return []
    forms = _clock_forms(english)
    rest = list(b)
    for n in a:
        match = n if n in rest else next((f for f in sorted(forms.get(n, ())) if f in rest), None)
        if match is None:
            return [f"numbers differ: {a} vs {b}"]
        rest.remove(match)
    return [f"numbers differ: {a} vs {b}"] if rest else []


def format_problems(english: str, translation: str) -> list[str]:
    """What a translation broke: pofilter's format checks and the Markdown structure of the text."""
    from translate.filters import checks
    from translate.storage import pypo

    unit = pypo.pounit(english)
    unit.target = translation
    failures = checks.StandardChecker().run_filters(unit)
    problems = [f"{name}: {failures[name]}" for name in FORMAT_CHECKS if name in failures]
    problems += number_problems(english, translation)
    problems += markdown_problems(english, translation)
    return problems


_MD_LINE = re.compile(r"^\s*(#{1,6} |[-*] |\d+\. |> )")


def _markdown_shape(text: str) -> tuple:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return (
        [m.group(1).strip() for ln in lines if (m := _MD_LINE.match(ln))],
        text.count("**"),
        text.count("`"),
        re.findall(r"\]\(([^)]+)\)", text),
    )


def markdown_problems(english: str, translation: str) -> list[str]:
    """Markdown the translation lost or added: line markers (headings, bullets, numbers, quotes), bold markers,
    code marks and link targets."""
    names = ("line markers", "bold markers", "code marks", "link targets")
    return [f"markdown {n} differ: {a!r} vs {b!r}" for n, a, b in
            zip(names, _markdown_shape(english), _markdown_shape(translation)) if a != b]


def test_format_checks_catch_a_broken_placeholder_tag_number_and_markdown():
    assert format_problems("Hello {name}, <b>3</b> items", "Halo {nama}, <b>3</b> barang")
    assert format_problems("Pay <b>50%</b> now", "Bayar <i>50%</i> sekarang")
    assert format_problems("Keep 10% back", "Tahan 20% dulu")
    assert format_problems("## Why\n- one\n- two", "Mengapa\n- satu\n- dua")
    assert format_problems("See **this**", "Lihat ini")
    assert not format_problems("Hello {name}, <b>3</b> items", "Halo {name}, <b>3</b> barang")
    assert format_problems("It costs 9,000 euros", "Es kostet 90.000 Euro")
    assert not format_problems("It costs 9,000 euros, 2.5 days", "Es kostet 9.000 Euro, 2,5 Tage")
    assert not format_problems("It costs 9,000 kroner", "Det koster 9\u00a0000 kroner")
    assert not format_problems("Paid by 3 pm, open 8 to 6.30 p.m.", "Bezahlt bis 15 Uhr, offen 8 bis 18.30 Uhr")
    assert not format_problems("At 8:05 and 22:40", "Kl. 08.05 og 22.40")
    assert format_problems("Paid by 3 pm", "Bezahlt bis 16 Uhr")
    assert format_problems("Open at 9 a.m.", "Geöffnet ab 21 Uhr")
    assert not format_problems("Open at 9 a.m. till 5 pm", "Geöffnet von 09.00 bis 17.00 Uhr")
    assert not format_problems("## Why\n- one **now**", "## Mengapa\n- satu **sekarang**")


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_translated_segment_keeps_placeholders_tags_numbers_and_markdown(lang):
    found = segments(lang)
    assert found, f"no translated segments for {lang}"
    bad = [f"{where}: {p}" for where, en, tr in found for p in format_problems(en, tr)]
    assert not bad, "\n".join(bad[:20])


# ------------------------------------------------------------------------------------------------ language
LINGUA = {"en": "ENGLISH", "id": "INDONESIAN", "nb": "BOKMAL", "tl": "TAGALOG", "de": "GERMAN"}
KNOWN_CONFUSIONS = {("id", "MALAY")}
"""Pairs reported for a reviewer's eye rather than failed: Indonesian and Malay share most of their words."""
MIN_WORDS = 3
"""Segments with fewer lower-case words (placeholders, names and abbreviations aside) are too short to judge."""


@lru_cache(maxsize=1)
def detector():
    lingua = pytest.importorskip("lingua", reason="lingua-language-detector is not installed")
    langs = [getattr(lingua.Language, name) for name in (*LINGUA.values(), "MALAY")]
    return lingua.LanguageDetectorBuilder.from_languages(*langs).build()


def judgeable(text: str) -> str | None:
    """The text without placeholders and markup, or None when it has too few ordinary words to judge."""
    plain = re.sub(r"\{[^}]*\}|<[^>]+>|`[^`]*`|\]\([^)]*\)", " ", text)
    return plain if len(re.findall(r"(?<![\w.])[a-zäöüßæøåñ][a-zäöüßæøåñ'-]+\b", plain)) >= MIN_WORDS else None


def identify(text: str) -> str:
    return detector().detect_language_of(text).name


def test_identifier_tells_the_five_languages_apart():
    assert identify("Please send the invoice before the end of the month.") == "ENGLISH"
    assert identify("Bitte schicken Sie die Rechnung vor Monatsende.") == "GERMAN"
    assert identify("Send fakturaen før slutten av måneden, er du snill.") == "BOKMAL"
    assert identify("Pakipadala ang resibo bago matapos ang buwan.") == "TAGALOG"
    assert identify("Tolong kirim tagihannya sebelum akhir bulan ya, terima kasih banyak.") in ("INDONESIAN",
                                                                                               "MALAY")


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_translated_segment_reads_as_its_own_language(lang):
    wrong, review, judged = [], [], 0
    for where, _en, tr in segments(lang):
        plain = judgeable(tr)
        if plain is None:
            continue
        judged += 1
        found = identify(plain)
        if found == LINGUA[lang]:
            continue
        (review if (lang, found) in KNOWN_CONFUSIONS else wrong).append(f"{where}: read as {found}: {tr[:80]!r}")
    assert judged >= 50, f"only {judged} {lang} segments long enough to judge"
    if review:
        warnings.warn(f"{len(review)} {lang} segment(s) read as a neighbouring language; review: {review[:3]}",
                      stacklevel=1)
    assert not wrong, "\n".join(wrong[:20])


# ------------------------------------------------------------------------------------------------ originality
def _sources(shared: Path) -> dict[str, list[tuple[Path, set[str]]]]:
    data = yaml.safe_load((REPO / "data" / "curriculum" / "sources.yaml").read_text(encoding="utf-8"))
    out: dict[str, list] = {}
    for src in data["sources"]:
        headings = {s["heading"] for s in src["sections"]}
        out.setdefault(src["language"], []).append((shared / "seeds" / src["file"], headings))
    return out


def seed_runs(paths_and_headings, n: int = ORIGINALITY_RUN) -> set[tuple[str, ...]]:
    """The n-word runs of the seeds, those inside a section heading excepted (the course cites headings)."""
    grams: set = set()
    cited: set = set()
    for path, headings in paths_and_headings:
        grams |= ngrams(words(path.read_text(encoding="utf-8")), n)
        for h in headings:
            cited |= ngrams(words(h), n)
    return grams - cited


def test_originality_check_finds_a_translated_run_from_the_seed():
    seed = ngrams(words("Pelanggan yang sulit harus dihadapi dengan kepala dingin dan sabar."), ORIGINALITY_RUN)
    text = "Menurut kursus, pelanggan yang sulit harus dihadapi dengan kepala dingin."
    assert ngrams(words(text), ORIGINALITY_RUN) & seed
    assert not ngrams(words("Hadapi klien yang rewel dengan tenang."), ORIGINALITY_RUN) & seed


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_no_translation_shares_six_words_with_a_seed_in_its_language(lang, shared_dir):
    sources = _sources(shared_dir).get(lang, [])
    if not sources:
        pytest.skip(f"no source article in {lang}")
    grams = seed_runs(sources)
    assert len(grams) > 200
    hits = [(where, " ".join(g)) for where, _en, tr in segments(lang)
            for g in ngrams(words(tr), ORIGINALITY_RUN) & grams]
    assert not hits, "\n".join(f"{w}: {g!r}" for w, g in hits[:20])
