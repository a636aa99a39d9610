"""Content text as safe HTML: Markdown rendered with every raw HTML tag escaped, and source citations."""

from __future__ import annotations

import html

import mistune

from clientcraft.core.loader import Curriculum
from clientcraft.core.schema import Recommendation, text

_markdown = mistune.create_markdown(escape=True, plugins=["strikethrough"])


def md(value: dict[str, str] | str | None, lang: str = "en") -> str:
    """A content text (localized mapping or string) rendered from Markdown to HTML; raw HTML is escaped."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else text(value, lang)
    return str(_markdown(s)).strip()


def inline(value: dict[str, str] | str | None, lang: str = "en") -> str:
    """Like :func:`md` for one short paragraph, without the enclosing ``<p>``."""
    out = md(value, lang)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def esc(value: str | None) -> str:
    """Learner or free text, escaped for HTML."""
    return html.escape(value or "", quote=True)


def citation_lines(cur: Curriculum, rec: Recommendation, lang: str = "en") -> list[str]:
    """Each citation of a recommendation as plain text: source title, section heading and its English gloss."""
    lines = []
    for c in rec.citations:
        src = cur.sources.get(c.source)
        if src is None:
            continue
        sec = next((s for s in src.sections if s.id == c.section), None)
        title = src.title_en if src.title == src.title_en else f"{src.title_en} ({src.title})"
        if sec is None:
            lines.append(title)
        else:
            lines.append(f"{title}, section \u201c{sec.heading}\u201d ({sec.heading_en})")
    return lines


def recommendation_html(cur: Curriculum, rec_ids: list[str], lang: str = "en") -> str:
    """The linked recommendations' action sentences with their citations, as an HTML list."""
    items = []
    for rid in rec_ids:
        rec = cur.recommendations.get(rid)
        if rec is None:
            continue
        cites = "<br>".join(esc(line) for line in citation_lines(cur, rec, lang))
        items.append(f'<li><b>{inline(rec.action, lang)}</b>'
                     f'<br><small class="cc-citation">From: {cites}</small></li>')
    if not items:
        return ""
    return '<div class="cc-recs"><p>The advice behind this:</p><ul>' + "".join(items) + "</ul></div>"
