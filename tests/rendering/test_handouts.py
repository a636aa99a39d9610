"""The handouts (job aid, phrase bank, glossary, prevention kit) are built from the content, escape it, link each
other, and print: the job aid on one A4 or Letter page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering import strings as t
from clientcraft.rendering.handouts import PAGES, HandoutError, render_handouts, render_page, write_pdfs

VOID = {"meta", "br", "link", "img", "input", "hr"}


class _Balance(HTMLParser):
    """Collects open/close tag mismatches and the page's visible text."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> _Balance:
    p = _Balance()
    p.feed(page)
    p.close()
    assert not p.errors and not p.stack, (p.errors, p.stack)
    return p


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


@pytest.fixture(scope="module")
def pages(cur):
    return render_handouts(cur)


def _words(s: str) -> str:
    return " ".join(s.split())


def test_every_handout_is_well_formed_and_links_the_others(pages):
    assert set(pages) == {f"notebooks/handouts/{name}" for name in PAGES}
    for path, page in pages.items():
        assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
        parsed = parse(page)
        assert len(parsed.ids) == len(set(parsed.ids)), f"{path}: duplicate ids"
        others = {n for n in PAGES if not path.endswith(n)}
        assert others <= set(parsed.hrefs), path
        for href in parsed.hrefs:  # in-page anchors resolve
            if href.startswith("#"):
                assert href[1:] in parsed.ids, (path, href)


def test_job_aid_holds_the_moves_signals_and_exit_checklist(cur, pages):
    from clientcraft.core.toolkit import job_aid

    body = _words(" ".join(parse(pages["notebooks/handouts/job-aid.html"]).text))
    aid = job_aid(cur)
    for move in aid.moves:
        assert _words(text(move.name)) in body
        assert _words(text(cur.misconceptions[move.avoid].label)) in body
    for sig in aid.signals:
        for side in cur.tensions[sig.tension].sides:
            for s in side.signals:
                assert _words(text(s)) in body
    for item in aid.exit_checklist:
        assert _words(text(item.text)) in body


def test_phrase_bank_has_every_phrase_with_its_section_grouped_by_move_and_channel(cur, pages):
    page = pages["notebooks/handouts/phrase-bank.html"]
    body = _words(" ".join(parse(page).text))
    for ph in cur.phrases.values():
        assert _words(text(ph.text)) in body, ph.id
        sec = next(s for s in cur.sources[ph.applies[0].source].sections if s.id == ph.applies[0].section)
        start = page.index(f'id="{ph.id}"')
        end = min(i for i in (page.find('<div class="phrase"', start), page.find("</section>", start)) if i > 0)
        assert sec.heading in page[start:end], ph.id
    # by move: each move's section holds exactly its phrases; by channel: the index links every phrase once
    index = page[page.index('id="by-channel"'):]
    for ph in cur.phrases.values():
        assert index.count(f'href="#{ph.id}"') == 1


def test_phrases_and_moves_resting_on_the_course_view_say_so(cur, pages):
    """A staff or face-saving phrase cites the article section it applies and is labelled as (also) the course's
    own view; a phrase that only applies the articles carries no such label."""
    page = pages["notebooks/handouts/phrase-bank.html"]
    labelled = set()
    for ph in cur.phrases.values():
        start = page.index(f'id="{ph.id}"')
        block = page[start:page.index("</div>", page.index("<blockquote>", start))]
        if str(escape(t.HANDOUT_COURSE_VIEW)) in block:
            labelled.add(ph.id)
    expected = {ph.id for ph in cur.phrases.values()
                if any(cur.recommendations[r].course_view for r in ph.recommendations)}
    assert labelled == expected and len(expected) >= 3
    staff_channels = {cur.phrases[p].channel for p in expected
                      if "act-within-your-authority" in cur.phrases[p].recommendations
                      or "hand-over-in-writing" in cur.phrases[p].recommendations}
    assert {"counter", "phone", "chat"} <= staff_channels
    aid = pages["notebooks/handouts/job-aid.html"]
    assert aid.count(str(escape(t.JOB_AID_COURSE_VIEW))) == sum(
        any(cur.recommendations[r].course_view for r in m.recommendations) for m in cur.job_aids["job-aid"].moves) == 1


def test_glossary_lists_every_entry_in_order(cur, pages):
    parsed = parse(pages["notebooks/handouts/glossary.html"])
    ids = [i for i in parsed.ids if i in cur.glossary]
    assert sorted(ids) == sorted(cur.glossary)
    terms = [cur.terms[i].term.lower() for i in ids]
    assert terms == sorted(terms)


def test_content_text_is_escaped(toolkit_copy):
    cur = load_curriculum(toolkit_copy())
    page = render_page(cur, "phrase-bank.html")
    assert "Go on &lt;b&gt;please&lt;/b&gt;" in page and "<b>please</b>" not in page
    parse(page)


def test_no_handouts_without_a_job_aid(content_copy):
    cur = load_curriculum(content_copy())
    assert render_handouts(cur) == {}
    with pytest.raises(HandoutError, match="no job aid"):
        render_page(cur, "job-aid.html")


def test_paper_size_goes_into_the_page_rule(cur):
    assert "@page { size: A4; }" in render_page(cur, "job-aid.html", "a4")
    assert "@page { size: letter; }" in render_page(cur, "job-aid.html", "letter")
    assert "size:" not in render_page(cur, "job-aid.html").split("</style>")[0].split("@page { margin")[0]


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint cannot run here (needs the Pango library): {exc}")
    return weasyprint


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_job_aid_prints_on_one_page(cur, paper):
    weasyprint = _weasyprint()
    doc = weasyprint.HTML(string=render_page(cur, "job-aid.html", paper)).render()
    assert len(doc.pages) == 1
    width_mm = doc.pages[0].width * 25.4 / 96
    assert abs(width_mm - {"a4": 210, "letter": 215.9}[paper]) < 1


@pytest.mark.slow
def test_write_pdfs_writes_one_pdf_per_handout(cur, tmp_path):
    _weasyprint()
    written = write_pdfs(cur, tmp_path, "letter")
    assert sorted(p.name for p in written) == sorted(f"{Path(n).stem}-letter.pdf" for n in PAGES)
    for p in written:
        assert p.read_bytes().startswith(b"%PDF")
    with pytest.raises(HandoutError, match="unknown paper size"):
        write_pdfs(cur, tmp_path, "a3")


def test_cli_writes_the_handouts(tmp_path):
    from click.testing import CliRunner

    from clientcraft.cli import main

    res = CliRunner().invoke(main, ["handouts", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(PAGES)
    assert re.search(r"wrote .*job-aid\.html", res.output)
