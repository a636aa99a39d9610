"""Designed parallel pairs (baseline/final twins) of graded scenarios."""

from __future__ import annotations

from .curriculum import Curriculum


def parallel_pairs(cur: Curriculum) -> set[frozenset[str]]:
    """The designed parallel pairs: the n-th scenario of an assignment with ``parallel_to`` and the n-th of
    the assignment it parallels."""
    out: set[frozenset[str]] = set()
    for a in cur.assignments.values():
        other = cur.assignments.get(a.parallel_to) if a.parallel_to else None
        if other is not None:
            out |= {frozenset(p) for p in zip(a.scenarios, other.scenarios)}
    return out


def twin_of(cur: Curriculum) -> dict[str, str]:
    """Each scenario of a designed parallel pair mapped to its twin."""
    out: dict[str, str] = {}
    for pair in parallel_pairs(cur):
        a, b = sorted(pair)
        out[a], out[b] = b, a
    return out
