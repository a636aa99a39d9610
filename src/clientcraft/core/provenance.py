"""Where every piece of advice comes from: an article section, or the course's own view.

Recommendations, tension judgements and lesson passages (body and key points) each either cite sections of
the source articles or are marked ``course_view: true`` (they may still cite the sections they build on);
learners see a small "course view" label on the latter. Coaching rests on the recommendations an option
cites, so a keyed-best option must cite at least one recommendation that the articles themselves give: the
course's own view alone may not decide what counts as the best answer.
"""

from __future__ import annotations

from typing import Iterable

from .curriculum import Curriculum
from .errors import Problem
from .schema import Citation


def _problem(cur: Curriculum, kind: str, item_id: str, fld: str, msg: str) -> Problem:
    return Problem(cur.file_of(kind, item_id), f"{kind} ({item_id})", fld, msg)


def citation_problems(cur: Curriculum, kind: str, item_id: str, fld: str, cites: Iterable[Citation]) -> list[Problem]:
    """Citations that point to a source or section the curriculum does not define."""
    out = []
    for i, c in enumerate(cites):
        src = cur.sources.get(c.source)
        if src is None:
            out.append(_problem(cur, kind, item_id, f"{fld}[{i}].source", f"unknown source {c.source!r}"))
        elif c.section not in {s.id for s in src.sections}:
            out.append(_problem(cur, kind, item_id, f"{fld}[{i}].section",
                                f"source {c.source!r} has no section {c.section!r} "
                                f"(sections: {', '.join(s.id for s in src.sections)})"))
    return out


UNATTRIBUTED = "say where this comes from: cite article sections (citations) or mark it course_view: true"


def check_provenance(cur: Curriculum) -> list[Problem]:
    """Every recommendation, tension judgement and lesson passage is cited or marked as the course's view;
    every keyed-best option rests on at least one recommendation the articles give."""
    out: list[Problem] = []
    for rec in cur.recommendations.values():
        if not rec.citations and not rec.course_view:
            out.append(_problem(cur, "recommendations", rec.id, "citations", UNATTRIBUTED))
    for t in cur.tensions.values():
        out += citation_problems(cur, "tensions", t.id, "judgement.citations", t.judgement.citations)
        if not t.judgement.citations and not t.judgement.course_view:
            out.append(_problem(cur, "tensions", t.id, "judgement", UNATTRIBUTED))
    for les in cur.lessons.values():
        for fld in ("body", "key_points"):
            for i, passage in enumerate(getattr(les, fld)):
                out += citation_problems(cur, "lessons", les.id, f"{fld}[{i}].citations", passage.citations)
                if not passage.citations and not passage.course_view:
                    out.append(_problem(cur, "lessons", les.id, f"{fld}[{i}]", UNATTRIBUTED))
    for sc in cur.scenarios.values():
        for si, step in enumerate(sc.steps):
            for oi, opt in enumerate(step.options):
                if opt.credit < 1:
                    continue
                recs = [cur.recommendations[r] for r in opt.recommendations if r in cur.recommendations]
                if recs and all(r.course_view for r in recs):
                    out.append(_problem(
                        cur, "scenarios", sc.id, f"steps[{si}] ({step.id}).options[{oi}] ({opt.id}).recommendations",
                        "the best option rests on course-view advice alone "
                        f"({', '.join(r.id for r in recs)}); key it on advice the articles give, or make it not best"))
    return out
