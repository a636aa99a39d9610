"""The printable handouts, generated from the content: the job aid, the phrase bank, the glossary and the
prevention kit, as HTML pages that print on one A4 or Letter sheet each (the job aid) or a few (the rest), and
optionally as PDF through WeasyPrint.

The templates (``templates/job-aid.html.j2`` and its siblings, extending ``base.html.j2``) render through the one
template environment of :mod:`clientcraft.rendering.html` (autoescape; content text through the Markdown
filters, which escape raw HTML; interface text from :mod:`clientcraft.rendering.strings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clientcraft.core.toolkit import CHANNELS, job_aid
from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.schema import text
from . import strings as t
from .html import environment
from .toolkit import HANDOUT_DIR, handouts, has_handouts, rec_refs, refs

def channel_labels() -> dict[str, str]:
    """The name of each phrase-bank channel, in the active language."""
    return {"counter": t.CHANNEL_COUNTER, "phone": t.CHANNEL_PHONE, "email": t.CHANNEL_EMAIL, "chat": t.CHANNEL_CHAT,
            "written-notice": t.CHANNEL_NOTICE}
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


class HandoutError(ClientcraftError):
    """A handout could not be rendered or written (for a PDF: WeasyPrint is missing or cannot run)."""


def _sources(cur: Curriculum) -> list[dict[str, str]]:
    return [{"number": s.file[:3], "title": s.title_en, "language": s.language} for s in
            sorted(cur.sources.values(), key=lambda s: s.file)]


def _lesson_of(cur: Curriculum, rec_ids: list[str]) -> list[int]:
    orders = {cur.lessons[cur.recommendations[r].lesson].order for r in rec_ids if r in cur.recommendations}
    return sorted(orders)


def job_aid_context(cur: Curriculum) -> dict[str, Any]:
    """The job aid's data: moves with traps and sources, signals from the tensions, the exit checklist."""
    aid = job_aid(cur)
    if aid is None:
        raise HandoutError("the content has no job aid (add one under 'job_aids:')")
    moves = []
    number = 0
    for move in aid.moves:
        if move.stage == "during":
            number += 1
        moves.append({"move": move, "label": t.JOB_AID_BEFORE if move.stage == "before" else str(number),
                      "trap": cur.misconceptions[move.avoid].label, "refs": rec_refs(cur, move.recommendations),
                      "lessons": _lesson_of(cur, move.recommendations),
                      "course_view": _course_view(cur, move.recommendations)})
    signals = []
    for sig in aid.signals:
        tension = cur.tensions[sig.tension]
        signals.append({"question": sig.question,
                        "sides": [{"label": label, "signals": side.signals, "refs": refs(cur, side.citations)}
                                  for label, side in zip(sig.sides, tension.sides)]})
    checklist = [{"item": item, "refs": rec_refs(cur, item.recommendations)} for item in aid.exit_checklist]
    checklist_refs = rec_refs(cur, [r for item in aid.exit_checklist for r in item.recommendations])
    return {"aid": aid, "moves": moves, "signals": signals, "checklist": checklist, "checklist_refs": checklist_refs,
            "sources": _sources(cur)}


def _course_view(cur: Curriculum, rec_ids: list[str]) -> bool:
    """True when a line also rests on advice labelled as the course's own view (not from the articles)."""
    return any(cur.recommendations[r].course_view for r in rec_ids if r in cur.recommendations)


def phrase_bank_context(cur: Curriculum) -> dict[str, Any]:
    """The phrase bank's data: phrases by move (then channel), the move x channel counts, and a channel index."""
    aid = job_aid(cur)
    if aid is None:
        raise HandoutError("the phrase bank is grouped by the job aid's moves; the content has no job aid")
    order = {c: i for i, c in enumerate(CHANNELS)}
    phrases = sorted(cur.phrases.values(), key=lambda p: order[p.channel])
    by_move = []
    for move in aid.moves:
        mine = [p for p in phrases if p.move == move.id]
        groups = [{"channel": c, "label": channel_labels()[c],
                   "phrases": [{"p": p, "refs": refs(cur, p.applies), "course_view": _course_view(cur, p.recommendations)}
                               for p in mine if p.channel == c]}
                  for c in CHANNELS]
        by_move.append({"move": move, "groups": [g for g in groups if g["phrases"]], "count": len(mine),
                        "counts": [sum(1 for p in mine if p.channel == c) for c in CHANNELS]})
    by_channel = [{"channel": c, "label": channel_labels()[c],
                   "entries": [{"p": p, "move": next(m.name for m in aid.moves if m.id == p.move)}
                               for m in aid.moves for p in cur.phrases.values() if p.move == m.id and p.channel == c]}
                  for c in CHANNELS]
    return {"by_move": by_move, "by_channel": by_channel, "channels": [channel_labels()[c] for c in CHANNELS],
            "total": len(cur.phrases), "sources": _sources(cur)}


def glossary_context(cur: Curriculum) -> dict[str, Any]:
    """Glossary entries, sorted by term, with the lessons where their advice is taught."""
    lang = t.active_language()
    shown = sorted(((text(e.term, lang).strip(), e) for e in cur.glossary.values() if e.id in cur.terms),
                   key=lambda te: te[0].casefold())  # in the order of the language the reader sees
    return {"entries": [{"term": term, "entry": e, "lessons": _lesson_of(cur, e.recommendations)}
                        for term, e in shown]}


def prevention_kit_context(cur: Curriculum) -> dict[str, Any]:
    """The prevention kit's checklist and blank template."""
    kit = next(iter(cur.prevention_kits.values()), None)
    if kit is None:
        raise HandoutError("the content has no prevention kit (add one under 'prevention_kits:')")
    return {"kit": kit, "checklist": [{"item": i, "refs": rec_refs(cur, i.recommendations)} for i in kit.first_contact],
            "fields": kit.terms_template}


PAGES = {
    "job-aid.html": ("job-aid.html.j2", job_aid_context),
    "phrase-bank.html": ("phrase-bank.html.j2", phrase_bank_context),
    "glossary.html": ("glossary.html.j2", glossary_context),
    "prevention-kit.html": ("prevention-kit.html.j2", prevention_kit_context),
}
"""Each handout's file name, its template and the function that builds its data."""


def render_page(cur: Curriculum, name: str, paper: str | None = None) -> str:
    """One handout as a complete HTML page; ``paper`` ("a4" or "letter") fixes the page size for PDF output."""
    template, context = PAGES[name]
    links = [{"name": n, "label": label} for n, label, _what in handouts()]
    page = environment().get_template(template).render(title=cur.meta and text(cur.meta.title, t.active_language()), links=links,
                                                       current=name, page_size=PAPER_SIZES.get(paper or "", None),
                                                       **context(cur))
    return page + "\n"


def render_handouts(cur: Curriculum, lang: str = "en") -> dict[str, str]:
    """Every handout page, keyed by repo-relative path (nothing when the content has no job aid); in another
    language (``lang``) with the content's current translations (English where there is none) and that language's
    interface texts."""
    if not has_handouts(cur):
        return {}
    if lang != "en":
        from clientcraft.core.translations import localize

        with t.language(lang):
            shown = localize(cur, lang)
            return {f"notebooks/{HANDOUT_DIR}/{name}": render_page(shown, name) for name in PAGES}
    return {f"notebooks/{HANDOUT_DIR}/{name}": render_page(cur, name) for name in PAGES}


def write_handouts(cur: Curriculum, folder: Path | str) -> list[Path]:
    """Write each handout page into ``folder``; the files written (raises HandoutError without a job aid)."""
    pages = render_handouts(cur)
    if not pages:
        raise HandoutError("the content has no job aid, so there are no handouts to write")
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for rel, page in pages.items():
            path = folder / Path(rel).name
            path.write_text(page, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise HandoutError(f"cannot write the handouts to {folder}: {exc}") from exc
    return written


def write_pdfs(cur: Curriculum, folder: Path | str, paper: str = "a4") -> list[Path]:
    """Write each handout as ``<name>-<paper>.pdf`` into ``folder`` with WeasyPrint; the files written."""
    if paper not in PAPER_SIZES:
        raise HandoutError(f"unknown paper size {paper!r}; use one of {', '.join(PAPER_SIZES)}")
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries WeasyPrint needs are missing
        raise HandoutError(f"PDF output needs WeasyPrint and the Pango library: {exc}") from exc
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in PAGES:
        out = folder / f"{Path(name).stem}-{paper}.pdf"
        try:
            weasyprint.HTML(string=render_page(cur, name, paper), base_url=str(folder)).write_pdf(out)
        except OSError as exc:
            raise HandoutError(f"cannot write {out}: {exc}") from exc
        written.append(out)
    return written
