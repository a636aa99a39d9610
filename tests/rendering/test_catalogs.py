"""Interface catalogs: one code per language, every text translated with its plural forms, compiled in step."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from clientcraft.core.languages import LANGUAGES, TRANSLATED_LANGUAGES, LanguageError, normalize_language
from clientcraft.core.translations import read_catalog
from clientcraft.rendering import strings
from clientcraft.rendering.catalogs import interface_template

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "clientcraft"


def test_babel_resolves_tl_to_filipino_and_the_catalog_carries_that_plural_rule():
    # 'tl' is the course's one code for Tagalog/Filipino (content, catalogs, ?lang=, log, exports); Babel maps it
    # to CLDR's Filipino locale, whose plural rule the tl catalog must use
    assert Locale.parse("tl") == Locale("fil", territory="PH")
    cat = read_catalog(SRC / "locale" / "tl" / "LC_MESSAGES" / "clientcraft.po", "tl")
    assert cat.locale.language == "fil"
    assert cat.plural_forms == f"nplurals={get_plural('tl').num_plurals}; plural={get_plural('tl').plural_expr};"
    assert normalize_language("fil") == normalize_language("tl-PH") == normalize_language("TL") == "tl"
    assert normalize_language("nb_NO") == normalize_language("no") == "nb"
    with pytest.raises(LanguageError, match="'ms'"):
        normalize_language("ms")


def test_catalog_folders_are_exactly_the_translated_languages():
    folders = sorted(p.name for p in (SRC / "locale").iterdir() if p.is_dir())
    assert folders == sorted(TRANSLATED_LANGUAGES)
    assert LANGUAGES == ("en", *TRANSLATED_LANGUAGES)


def test_template_holds_every_interface_text_once():
    template = interface_template(REPO)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    english = {getattr(strings, n) for n in strings.names() if n not in strings.UNTRANSLATED}
    expected = {v.singular if isinstance(v, strings.Plural) else v for v in english}
    assert ids == expected


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_interface_text_is_translated_with_all_plural_forms(lang):
    cat = read_catalog(SRC / "locale" / lang / "LC_MESSAGES" / "clientcraft.po", lang)
    nplurals = get_plural(lang).num_plurals
    untranslated, wrong_forms = [], []
    for m in cat:
        if not m.id:
            continue
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(forms) or "fuzzy" in m.flags:
            untranslated.append(m.id)
        if isinstance(m.id, tuple) and len(forms) != nplurals:
            wrong_forms.append(m.id[0])
    assert not untranslated, untranslated[:10]
    assert not wrong_forms


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_compiled_catalog_is_what_the_module_reads(lang):
    texts = strings.in_language(lang)
    assert texts.SCENARIO_SUBMIT != strings.in_language("en").SCENARIO_SUBMIT
    assert texts.DATE == strings.in_language("en").DATE  # strftime patterns are not translated
    one, many = texts.FORM_DONE.format(saved=1, file="a.json"), texts.FORM_DONE.format(saved=7, file="a.json")
    assert "1" in one and "7" in many and "a.json" in one


def test_plural_form_follows_each_language_rule():
    de = strings.in_language("de")
    assert de.FORM_DONE.format(saved=1, file="f") == "1 Antwort in f gespeichert."
    assert de.FORM_DONE.format(saved=2, file="f") == "2 Antworten in f gespeichert."
    # Indonesian has one form; Tagalog's rule (CLDR via Babel) takes the other form for 4, 6, 9 but not 5
    assert strings.in_language("id").FORM_DONE.format(saved=2, file="f") == "2 jawaban disimpan ke f."
    tl = strings.in_language("tl")
    assert tl.FORM_DONE.format(saved=4, file="f") != tl.FORM_DONE.format(saved=5, file="f").replace("5", "4")


def test_active_language_switches_module_texts_and_templates():
    from clientcraft.rendering.html import widget

    assert strings.SCENARIO_SAVED == "Your answer is saved."
    with strings.language("nb"):
        assert strings.SCENARIO_SAVED == "Svaret ditt er lagret."
        row = (SimpleNamespace(order=1, minutes=3), "01-x.ipynb", "Tittel", "")
        assert "Omtrent 3 minutter" in widget("lesson_index", [row])  # templates read the active language too
        assert strings.IDENTITY_TITLE == "Før du begynner"
    assert strings.SCENARIO_SAVED == "Your answer is saved."


# --------------------------------------------------------------------------------- no English outside strings
LEARNER_CODE = sorted((SRC / "runtime").rglob("*.py")) + sorted((SRC / "grading" / "kernel").rglob("*.py")) + [
    SRC / "grading" / "staff" / "feedback.py", SRC / "analytics" / "report.py", SRC / "analytics" / "dashboard.py"]
"""Widget, app, workshop, assessment-form, feedback and report code: what learners (and instructors) read."""

_SENTENCE = re.compile(r"[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}")
DEVELOPER_FACING = {
    ("responselog.py", "database is locked"), ("responselog.py", "database table is locked"),
    ("responselog.py", "no such column"), ("feedback.py", "# This item was scored automatically"),
    ("app.py", "Written as ``voila.json``"),
}
"""Literals that are not shown as interface text: SQLite error texts matched, the English fallback note constant,
attribute docstrings."""


def english_literals(path: Path) -> list[tuple[int, str]]:
    """String literals that read like English sentences, outside docstrings, exception messages and config help."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:  # docstrings and attribute docstrings
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    skip.add(id(stmt.value))
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith(
                "Error")):
            skip.update(id(n) for n in ast.walk(node))  # errors for course staff and developers
        if isinstance(node, ast.keyword) and node.arg == "help":
            skip.add(id(node.value))  # traitlets configuration help, read by course staff
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if _SENTENCE.search(node.value) and not any(path.name == f and node.value.startswith(p)
                                                        for f, p in DEVELOPER_FACING):
                hits.append((node.lineno, node.value))
    return hits


def test_the_scan_finds_an_english_label():
    probe = SRC.parent.parent / "tests" / "rendering" / "_probe.py"
    try:
        probe.write_text('import ipywidgets as w\nb = w.Button(description="Send your answer now")\n"""doc string ok"""\n')
        assert [v for _n, v in english_literals(probe)] == ["Send your answer now"]
    finally:
        probe.unlink()


@pytest.mark.parametrize("path", LEARNER_CODE, ids=lambda p: p.name)
def test_no_learner_visible_english_outside_the_strings_module(path):
    hits = english_literals(path)
    assert not hits, f"{path.name}: move these into rendering/strings.py: {hits}"


# ------------------------------------------------------------------------ the widgets' front ends (JavaScript)
FRONT_ENDS = sorted((SRC / "runtime" / "widgets").glob("*.js"))
_JS_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`")


def js_english(source: str) -> list[str]:
    """String literals of a front end that read like English sentences (comments left out)."""
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", source, flags=re.S)
    return [m.group(0) for m in _JS_STRING.finditer(code) if _SENTENCE.search(m.group(0))]


def test_the_front_end_scan_finds_an_english_label():
    assert js_english('const b = node("button", {}, "Save your answer now"); // a comment with words in it') == [
        '"Save your answer now"']


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: p.name)
def test_front_ends_show_only_texts_sent_from_python(path):
    assert FRONT_ENDS, "no front ends found"
    hits = js_english(path.read_text(encoding="utf-8"))
    assert not hits, f"{path.name}: send these from Python (rendering/strings.py): {hits}"
