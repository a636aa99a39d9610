"""Problem records for the content checks: one naming file, item and field, and the citation check they share."""

from __future__ import annotations

from typing import Iterable

from .curriculum import Curriculum
from .errors import Problem
from .schema import Citation


def _p(cur: Curriculum, kind: str, item_id: str, fld: str, msg: str, severity: str = "error") -> Problem:
    return Problem(cur.file_of(kind, item_id), f"{kind} ({item_id})", fld, msg, severity)


def _check_citations(cur: Curriculum, kind: str, item_id: str, fld: str, cites: Iterable[Citation]) -> list[Problem]:
    out = []
    for i, c in enumerate(cites):
        src = cur.sources.get(c.source)
        if src is None:
            out.append(_p(cur, kind, item_id, f"{fld}[{i}].source", f"unknown source {c.source!r}"))
        elif c.section not in {s.id for s in src.sections}:
            out.append(
                _p(cur, kind, item_id, f"{fld}[{i}].section",
                   f"source {c.source!r} has no section {c.section!r} "
                   f"(sections: {', '.join(s.id for s in src.sections)})")
            )
    return out
