"""The one HTML path: templates with autoescape, the filters, and the interface strings they read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup

import clientcraft
from clientcraft.rendering import strings
from clientcraft.rendering.html import environment, fill, inline, md, widget

SRC = Path(clientcraft.__file__).resolve().parent
CALLS = re.compile(r"""(?:fragment\(\s*"(?P<template>[\w.]+)",\s*|widget\()\s*"(?P<macro>\w+)\"""")


def test_every_template_compiles_with_autoescape():
    env = environment()
    assert env.autoescape is True
    names = env.list_templates()
    assert {"widgets.html.j2", "assessment.html.j2", "workshop.html.j2", "figure.html.j2",
            "report.html.j2"} <= set(names)
    for name in names:
        env.get_template(name)


def test_every_macro_the_code_calls_exists():
    calls = {(m["template"] or "widgets.html.j2", m["macro"])
             for path in SRC.rglob("*.py") for m in CALLS.finditer(path.read_text(encoding="utf-8"))}
    assert len(calls) > 20
    for template, macro in sorted(calls):
        assert hasattr(environment().get_template(template).module, macro), f"{template} has no macro {macro}"


def test_values_are_escaped_and_markdown_keeps_no_raw_html():
    assert widget("alert", "<b>x</b> & 'y'") == '<p role="alert">&lt;b&gt;x&lt;/b&gt; &amp; &#39;y&#39;</p>'
    assert str(md("**bold** <script>x</script>")) == "<p><strong>bold</strong> &lt;script&gt;x&lt;/script&gt;</p>"
    assert str(inline({"en": "*a*", "de": "*b*"}, "de")) == "<em>b</em>"
    assert fill("Hi {name}", name="<i>") == Markup("Hi &lt;i&gt;")
    saved = widget("saved_reflection", "01 Mar <b>", "<Ana> & co")
    assert "<blockquote>&lt;Ana&gt; &amp; co</blockquote>" in saved and "01 Mar &lt;b&gt;" in saved


def test_interface_strings_are_plain_texts_with_named_placeholders():
    texts = {k: getattr(strings, k) for k in strings.names()}
    assert len(texts) > 80
    for name, value in texts.items():
        forms = [value.singular, value.plural] if isinstance(value, strings.Plural) else [value]
        for form in forms:
            assert isinstance(form, str) and form.strip(), name
            assert "{}" not in form, f"{name}: use named placeholders so translators can reorder them"
        if isinstance(value, strings.Plural):
            assert "{%s}" % value.count in value.plural, f"{name}: the count is one of its placeholders"


LEARNER_FACING = sorted((SRC / "runtime").rglob("*.py")) + sorted((SRC / "grading" / "kernel").rglob("*.py"))


@pytest.mark.parametrize("path", LEARNER_FACING, ids=lambda p: p.name)
def test_learner_facing_code_builds_no_html_and_names_no_english_buttons(path):
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"""["']<(p|div|b|i|h\d|ul|li|span|small|ol)\b""", source), f"{path.name} builds HTML"
    assert not re.search(r"""(description|tooltip|placeholder)=["'][A-Z]""", source), f"{path.name} hard-codes a label"


def test_citations_are_one_line_per_article_with_its_languages():
    from clientcraft.core.loader import load_curriculum
    from clientcraft.rendering.html import citation_lines

    cur = load_curriculum()
    rec = cur.recommendations["diagnose-client-type"]
    assert {c.source for c in rec.citations} >= {"aten-id", "aten-de"}  # the same article in two languages
    (line,) = citation_lines(cur, rec)
    assert line.startswith(cur.sources["aten-id"].title_en + " (Indonesian and German): ")
    html = widget("recommendations", [(rec, [line])], "en")
    assert "<details" in html and "<summary>Where this advice comes from</summary>" in html  # folded, expandable


def test_compiled_templates_are_kept_and_an_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    from jinja2 import Environment

    from clientcraft.rendering.html import _bytecode_cache

    monkeypatch.setenv("CLIENTCRAFT_CACHE_DIR", str(tmp_path / "cache"))
    env = Environment(loader=environment().loader, autoescape=True, bytecode_cache=_bytecode_cache())
    env.get_template("figure.html.j2")
    assert list((tmp_path / "cache" / "templates").iterdir())
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLIENTCRAFT_CACHE_DIR", str(blocker))
    assert _bytecode_cache() is None
