"""Checks for the teaching toolkit around the scenarios, and the glossary's term finder.

The toolkit is content like everything else: worked examples, the job aid, the phrase bank, the glossary and its
term list, the prevention kit, review sets and the action plan. :func:`check_toolkit` returns one
:class:`~clientcraft.core.errors.Problem` per problem, naming the file, item and field.

The glossary rule: a term from the term list (``terms:``) that appears in learner-facing text needs a glossary
entry (``glossary:``, same id). Learner-facing text is every text field a learner can see: everything except
instructor notes and model answers. Only English text is searched (translations would need their own lists).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, get_args

from pydantic import BaseModel

from .curriculum import Curriculum, sections
from .errors import Problem
from .provenance import citation_problems as _check_citations
from .schema import BusinessTerm, Lang, text

def _p(cur: Curriculum, kind: str, item_id: str, fld: str, msg: str, severity: str = "error") -> Problem:
    return Problem(cur.file_of(kind, item_id), f"{kind} ({item_id})", fld, msg, severity)


LEARNER_KINDS: tuple[str, ...] = (
    "lessons", "recommendations", "tensions", "misconceptions", "scenarios", "prompts", "assignments",
    "worked_examples", "job_aids", "phrases", "glossary", "prevention_kits", "review_sets", "action_plans",
)
"""Content kinds whose text learners read (sources are cited by title only; the term list is not prose)."""

HIDDEN_FIELDS = frozenset({"instructor_notes", "model_answers"})
"""Text fields learners never see."""

MIN_REVIEW_LESSONS = 3
"""A review set draws on at least this many lessons (or on all lessons taught by then, if fewer)."""


# --------------------------------------------------------------------------------------------- learner text
@dataclass(frozen=True)
class TextField:
    """One learner-facing English text: which item and field it sits in."""

    kind: str
    item_id: str
    field: str
    text: str


LANGUAGES = frozenset(get_args(Lang))


def _is_ltext(value: Any) -> bool:
    return isinstance(value, dict) and "en" in value and set(value) <= LANGUAGES and all(
        isinstance(v, str) for v in value.values())


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if _is_ltext(value):
        yield path, value["en"]
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in HIDDEN_FIELDS:
                yield from _walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            label = getattr(item, "id", None)
            yield from _walk(item, f"{path}[{i}]" + (f" ({label})" if isinstance(label, str) else ""))


def learner_texts(cur: Curriculum, kinds: Iterable[str] = LEARNER_KINDS) -> Iterator[TextField]:
    """Every learner-facing English text of the given content kinds, with its item and field path."""
    for kind in kinds:
        for item_id, item in getattr(cur, kind).items():
            for path, body in _walk(item, ""):
                yield TextField(kind, item_id, path, body)


# --------------------------------------------------------------------------------------------- term finder
def _pattern(term: BusinessTerm) -> re.Pattern[str]:
    forms = sorted({f.strip().lower() for f in [term.term, *term.forms] if f.strip()}, key=len, reverse=True)
    alts = "|".join(re.escape(f).replace(r"\ ", r"[\s-]+") + r"(?:s|es)?" for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


_WORD = re.compile(r"\w+")


def _first_words(term: BusinessTerm) -> frozenset[str]:
    """The words a text must hold to use ``term``: each form's first word, also with -s/-es (lower-cased)."""
    firsts = {m.group(0) for f in [term.term, *term.forms] if (m := _WORD.search(f.lower()))}
    return frozenset(w + end for w in firsts for end in ("", "s", "es"))


class TermFinder:
    """Finds the term-list terms that a text uses (whole words, any case, plural -s/-es, listed forms)."""

    def __init__(self, terms: Iterable[BusinessTerm]):
        self.patterns = [(t.id, _first_words(t), _pattern(t)) for t in terms]

    def find(self, body: str) -> list[str]:
        """Ids of the terms used in ``body``, in term-list order."""
        words = set(_WORD.findall(body.lower()))
        return [tid for tid, firsts, pat in self.patterns if not firsts.isdisjoint(words) and pat.search(body)]


def terms_used(cur: Curriculum, texts: Iterable[str]) -> list[str]:
    """Ids of the term-list terms used anywhere in ``texts``, sorted by term."""
    finder = TermFinder(cur.terms.values())
    found = {tid for body in texts for tid in finder.find(body)}
    return sorted(found, key=lambda tid: cur.terms[tid].term.lower())


def lesson_texts(cur: Curriculum, lesson_id: str) -> list[str]:
    """The English text a learner reads in one lesson notebook: the lesson, its practice and worked example."""
    items: list[Any] = [cur.lessons[lesson_id], *cur.scenarios_for(lesson_id, "practice")]
    example = cur.worked_example_for(lesson_id)
    if example is not None:
        items.append(example)
    return [body for item in items for _path, body in _walk(item, "")]


def check_glossary(cur: Curriculum) -> list[Problem]:
    """Glossary entries name listed terms and known recommendations; no form belongs to two terms."""
    out: list[Problem] = []
    for entry in cur.glossary.values():
        if entry.id not in cur.terms:
            out.append(_p(cur, "glossary", entry.id, "id",
                          "no term with this id in the term list ('terms:'); add it there or rename the entry"))
        elif text(entry.term).strip() != cur.terms[entry.id].term:
            out.append(_p(cur, "glossary", entry.id, "term",
                          f"{text(entry.term)!r} differs from the term list's spelling {cur.terms[entry.id].term!r}"))
        for i, rid in enumerate(entry.recommendations):
            if rid not in cur.recommendations:
                out.append(_p(cur, "glossary", entry.id, f"recommendations[{i}]", f"unknown recommendation {rid!r}"))
    owner: dict[str, str] = {}
    for term in cur.terms.values():
        for form in {f.lower() for f in [term.term, *term.forms]}:
            if form in owner and owner[form] != term.id:
                out.append(_p(cur, "terms", term.id, "forms",
                              f"{form!r} is also listed under term {owner[form]!r}"))
            owner.setdefault(form, term.id)
    return out


def check_glossary_use(cur: Curriculum) -> list[Problem]:
    """Every term-list term used in learner text has a glossary entry, and every entry's term is used."""
    out: list[Problem] = []
    finder = TermFinder(cur.terms.values())
    used: set[str] = set()
    for tf in learner_texts(cur):
        if tf.kind == "glossary" and tf.field == "term":
            continue  # an entry's own heading does not make its term used
        for tid in finder.find(tf.text):
            used.add(tid)
            if tid not in cur.glossary:
                out.append(_p(cur, tf.kind, tf.item_id, tf.field,
                              f"uses the business term {cur.terms[tid].term!r}, which has no glossary entry "
                              f"(add one with id {tid!r} under 'glossary:')"))
    for tid in cur.glossary:
        if tid in cur.terms and tid not in used:
            out.append(_p(cur, "glossary", tid, "id", "no learner text uses this term", "warning"))
    return out


# --------------------------------------------------------------------------------------------- the rest
def _recs(cur: Curriculum, kind: str, item_id: str, fld: str, rec_ids: Iterable[str]) -> list[Problem]:
    return [_p(cur, kind, item_id, f"{fld}[{i}]", f"unknown recommendation {r!r}")
            for i, r in enumerate(rec_ids) if r not in cur.recommendations]


def _lesson_ref(cur: Curriculum, kind: str, item_id: str, fld: str, lesson_id: str | None) -> list[Problem]:
    if lesson_id is not None and lesson_id not in cur.lessons:
        return [_p(cur, kind, item_id, fld, f"unknown lesson {lesson_id!r}")]
    return []


def check_worked_examples(cur: Curriculum) -> list[Problem]:
    """One worked example per lesson (once any exist), placed inside the body, citing advice already taught."""
    out: list[Problem] = []
    per_lesson: dict[str, list[str]] = defaultdict(list)
    for we in cur.worked_examples.values():
        out += _lesson_ref(cur, "worked_examples", we.id, "lesson", we.lesson)
        per_lesson[we.lesson].append(we.id)
        lesson = cur.lessons.get(we.lesson)
        if lesson is not None and we.after_section >= len(sections(lesson.body)):
            out.append(_p(cur, "worked_examples", we.id, "after_section",
                          f"the lesson has {len(sections(lesson.body))} body section(s), numbered from 0"))
        for si, step in enumerate(we.steps):
            out += _recs(cur, "worked_examples", we.id, f"steps[{si}].recommendations", step.recommendations)
            for ri, rid in enumerate(step.recommendations):
                rec = cur.recommendations.get(rid)
                owner = cur.lessons.get(rec.lesson) if rec else None
                if lesson is not None and lesson.kind == "lesson" and owner is not None and owner.order > lesson.order:
                    out.append(_p(cur, "worked_examples", we.id, f"steps[{si}].recommendations[{ri}]",
                                  f"{rid!r} is taught later, in lesson {owner.order} ({owner.id}); a worked example "
                                  "cites advice the learner has already met"))
    for lid, ids in per_lesson.items():
        if len(ids) > 1:
            out.append(_p(cur, "worked_examples", ids[1], "lesson", f"lesson {lid!r} already has {ids[0]!r}"))
    if cur.worked_examples:
        for lesson in cur.lessons.values():
            if lesson.id not in per_lesson:
                out.append(_p(cur, "lessons", lesson.id, "id", "the lesson has no worked example"))
    return out


def job_aid(cur: Curriculum):
    """The curriculum's job aid, or None."""
    return next(iter(cur.job_aids.values()), None)


def check_job_aid(cur: Curriculum) -> list[Problem]:
    """At most one job aid; its moves, traps, signals and checklist point at existing content."""
    out: list[Problem] = []
    for extra in list(cur.job_aids)[1:]:
        out.append(_p(cur, "job_aids", extra, "id", "a curriculum has one job aid"))
    for aid in cur.job_aids.values():
        for dup in [k for k, n in Counter(m.id for m in aid.moves).items() if n > 1]:
            out.append(_p(cur, "job_aids", aid.id, "moves", f"duplicate move id {dup!r}"))
        for mi, move in enumerate(aid.moves):
            where = f"moves[{mi}] ({move.id})"
            if move.avoid not in cur.misconceptions:
                out.append(_p(cur, "job_aids", aid.id, f"{where}.avoid", f"unknown misconception {move.avoid!r}"))
            out += _recs(cur, "job_aids", aid.id, f"{where}.recommendations", move.recommendations)
        for si, sig in enumerate(aid.signals):
            tension = cur.tensions.get(sig.tension)
            if tension is None:
                out.append(_p(cur, "job_aids", aid.id, f"signals[{si}].tension", f"unknown tension {sig.tension!r}"))
            elif len(sig.sides) != len(tension.sides):
                out.append(_p(cur, "job_aids", aid.id, f"signals[{si}].sides",
                              f"{len(sig.sides)} label(s) for a tension with {len(tension.sides)} sides"))
        for ci, item in enumerate(aid.exit_checklist):
            out += _recs(cur, "job_aids", aid.id, f"exit_checklist[{ci}].recommendations", item.recommendations)
    return out


CHANNELS: tuple[str, ...] = ("counter", "phone", "email", "chat", "written-notice")
"""Phrase-bank channels, in the order the phrase bank shows them."""


def check_phrases(cur: Curriculum) -> list[Problem]:
    """Each phrase serves a job-aid move and applies a section that its recommendations cite; every move and
    channel has phrases."""
    out: list[Problem] = []
    aid = job_aid(cur)
    moves = {m.id for m in aid.moves} if aid else set()
    for ph in cur.phrases.values():
        if ph.move not in moves:
            out.append(_p(cur, "phrases", ph.id, "move",
                          f"unknown job-aid move {ph.move!r}" + (f" (moves: {', '.join(sorted(moves))})" if moves
                                                                else "; the curriculum has no job aid")))
        out += _recs(cur, "phrases", ph.id, "recommendations", ph.recommendations)
        out += _check_citations(cur, "phrases", ph.id, "applies", ph.applies)
        cited = {(c.source, c.section) for r in ph.recommendations if r in cur.recommendations
                 for c in cur.recommendations[r].citations}
        for i, c in enumerate(ph.applies):
            if c.source in cur.sources and (c.source, c.section) not in cited:
                out.append(_p(cur, "phrases", ph.id, f"applies[{i}]",
                              f"{c.source}/{c.section} is not cited by any of the phrase's recommendations "
                              f"({', '.join(ph.recommendations)})"))
    if cur.phrases and aid is not None:
        by_move = Counter(ph.move for ph in cur.phrases.values())
        for move in aid.moves:
            if not by_move[move.id]:
                out.append(_p(cur, "job_aids", aid.id, f"moves ({move.id})", "the phrase bank has no phrase for this move"))
        by_channel = Counter(ph.channel for ph in cur.phrases.values())
        for channel in CHANNELS:
            if not by_channel[channel]:
                out.append(Problem("phrases", "phrase bank", "channel", f"no phrase for the channel {channel!r}",
                                   "warning"))
    return out


def check_prevention_kits(cur: Curriculum) -> list[Problem]:
    """The prevention kit sits in a lesson and cites existing advice."""
    out: list[Problem] = []
    for kit in cur.prevention_kits.values():
        out += _lesson_ref(cur, "prevention_kits", kit.id, "lesson", kit.lesson)
        for i, item in enumerate(kit.first_contact):
            out += _recs(cur, "prevention_kits", kit.id, f"first_contact[{i}].recommendations", item.recommendations)
        for dup in [k for k, n in Counter(f.id for f in kit.terms_template).items() if n > 1]:
            out.append(_p(cur, "prevention_kits", kit.id, "terms_template", f"duplicate field id {dup!r}"))
        for i, fld in enumerate(kit.terms_template):
            out += _recs(cur, "prevention_kits", kit.id, f"terms_template[{i}] ({fld.id}).recommendations",
                         fld.recommendations)
    return out


def check_review_sets(cur: Curriculum) -> list[Problem]:
    """Review sets hold practice scenarios found nowhere else, draw on several lessons, and an interleaved set
    never shows two scenarios of one lesson in a row."""
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for rs in cur.review_sets.values():
        if (rs.before_lesson is None) == (rs.after_lesson is None):
            out.append(_p(cur, "review_sets", rs.id, "before_lesson",
                          "give exactly one of before_lesson and after_lesson"))
        out += _lesson_ref(cur, "review_sets", rs.id, "before_lesson", rs.before_lesson)
        out += _lesson_ref(cur, "review_sets", rs.id, "after_lesson", rs.after_lesson)
        before = cur.lessons.get(rs.before_lesson or "")
        if before is not None and before.order == min(les.order for les in cur.lessons.values()):
            out.append(_p(cur, "review_sets", rs.id, "before_lesson", "a review cannot come before the first lesson"))
        lessons: list[str] = []
        for i, sid in enumerate(rs.scenarios):
            sc = cur.scenarios.get(sid)
            if sc is None:
                out.append(_p(cur, "review_sets", rs.id, f"scenarios[{i}]", f"unknown scenario {sid!r}"))
                continue
            if sc.mode != "practice":
                out.append(_p(cur, "review_sets", rs.id, f"scenarios[{i}]",
                              f"{sid!r} is an assessment scenario; review sets hold practice scenarios"))
            if sid in seen:
                out.append(_p(cur, "review_sets", rs.id, f"scenarios[{i}]",
                              f"{sid!r} is already in review set {seen[sid]!r}; a review shows new scenarios"))
            seen.setdefault(sid, rs.id)
            lessons.append(sc.lesson)
            placed = cur.lessons.get(rs.before_lesson or rs.after_lesson or "")
            own = cur.lessons.get(sc.lesson)
            if rs.before_lesson and placed and own and own.order >= placed.order:
                out.append(_p(cur, "review_sets", rs.id, f"scenarios[{i}]",
                              f"{sid!r} draws on lesson {own.id!r}, which comes at or after {placed.id!r}"))
        placed = cur.lessons.get(rs.before_lesson or rs.after_lesson or "")
        if placed is not None:
            taught = [les for les in cur.lessons.values() if les.kind != "introduction" and (
                les.order < placed.order if rs.before_lesson else les.order <= placed.order)]
            wanted = min(MIN_REVIEW_LESSONS, len(taught))
            if len(set(lessons)) < wanted:
                out.append(_p(cur, "review_sets", rs.id, "scenarios",
                              f"draws on {len(set(lessons))} lesson(s); a review set draws on at least {wanted} "
                              f"of the {len(taught)} lessons taught by then"))
        if rs.kind == "interleaved":
            for i in range(1, len(lessons)):
                if lessons[i] == lessons[i - 1]:
                    out.append(_p(cur, "review_sets", rs.id, f"scenarios[{i}]",
                                  f"two scenarios of lesson {lessons[i]!r} in a row; interleave the lessons"))
    for a in cur.assignments.values():
        for i, sid in enumerate(a.scenarios):
            if sid in seen:
                out.append(_p(cur, "assignments", a.id, f"scenarios[{i}]", f"{sid!r} belongs to review set {seen[sid]!r}"))
    return out


def check_action_plans(cur: Curriculum) -> list[Problem]:
    """An action plan sits in a lesson (one per lesson) and cites existing advice."""
    out: list[Problem] = []
    per_lesson: dict[str, str] = {}
    for plan in cur.action_plans.values():
        out += _lesson_ref(cur, "action_plans", plan.id, "lesson", plan.lesson)
        out += _recs(cur, "action_plans", plan.id, "recommendations", plan.recommendations)
        if plan.lesson in per_lesson:
            out.append(_p(cur, "action_plans", plan.id, "lesson",
                          f"lesson {plan.lesson!r} already has action plan {per_lesson[plan.lesson]!r}"))
        per_lesson.setdefault(plan.lesson, plan.id)
    return out


def check_toolkit(cur: Curriculum) -> list[Problem]:
    """Every toolkit check."""
    return (check_worked_examples(cur) + check_job_aid(cur) + check_phrases(cur) + check_glossary(cur)
            + check_prevention_kits(cur) + check_review_sets(cur) + check_action_plans(cur))


def toolkit_counts(cur: Curriculum) -> dict[str, object]:
    """Counts of the toolkit content: phrases per move and channel, glossary terms, review items, and so on."""
    aid = job_aid(cur)
    moves = [m.id for m in aid.moves] if aid else []
    per_cell = Counter((p.move, p.channel) for p in cur.phrases.values())
    return {
        "worked_examples": len(cur.worked_examples),
        "lessons_with_worked_example": sum(cur.worked_example_for(les.id) is not None for les in cur.lessons.values()),
        "lessons": len(cur.lessons),
        "phrases": len(cur.phrases),
        "phrases_by_move_channel": {m: {c: per_cell[(m, c)] for c in CHANNELS} for m in moves},
        "terms": len(cur.terms),
        "glossary_entries": len(cur.glossary),
        "review_sets": {rs.id: len(rs.scenarios) for rs in cur.review_sets.values()},
        "first_contact_items": sum(len(k.first_contact) for k in cur.prevention_kits.values()),
        "template_fields": sum(len(k.terms_template) for k in cur.prevention_kits.values()),
        "action_plans": len(cur.action_plans),
    }


def format_toolkit_counts(cur: Curriculum) -> str:
    """The toolkit counts as plain text for ``clientcraft coverage`` (empty when there is no toolkit content)."""
    n = toolkit_counts(cur)
    if not (n["phrases"] or n["worked_examples"] or n["terms"] or n["review_sets"]):
        return ""
    width = max([len(m) for m in n["phrases_by_move_channel"]] + [4])
    lines = ["", "Toolkit",
             f"  worked examples: {n['worked_examples']} ({n['lessons_with_worked_example']} of {n['lessons']} lessons)",
             f"  phrase bank: {n['phrases']} phrases; per move and channel:",
             "    " + "move".ljust(width) + "".join(f"{c:>15}" for c in CHANNELS) + f"{'total':>8}"]
    for move, row in n["phrases_by_move_channel"].items():
        lines.append("    " + move.ljust(width) + "".join(f"{row[c]:>15}" for c in CHANNELS) + f"{sum(row.values()):>8}")
    totals = {c: sum(row[c] for row in n["phrases_by_move_channel"].values()) for c in CHANNELS}
    lines.append("    " + "total".ljust(width) + "".join(f"{totals[c]:>15}" for c in CHANNELS)
                 + f"{sum(totals.values()):>8}")
    lines.append(f"  glossary: {n['glossary_entries']} entries for {n['terms']} listed terms")
    for rid, count in n["review_sets"].items():
        lines.append(f"  review set {rid}: {count} scenarios")
    lines.append(f"  prevention kit: {n['first_contact_items']} first-contact items, {n['template_fields']} template fields")
    lines.append(f"  action plans: {n['action_plans']}")
    return "\n".join(lines) + "\n"
