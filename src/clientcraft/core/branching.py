"""The branching rule, written once; every part of clientcraft that follows or scores a path calls it.

A branching item is a :class:`Graph`: an entry step and, per step, its options, each with the step it leads to
(``next``; none ends the item) and, where known, its credit, misconception and recommendations. The rule:

* the walk starts at the entry step and follows each chosen option's ``next``; it stops at the first step
  on the path without a valid choice (a choice that is not an option of its step counts as none), at an
  ending, or where the path would come back to a step it already visited;
* the credit of an item is the mean credit of the steps on that path, an unanswered step counting 0, so the
  maximum is always 1 and a weak first choice followed by a good recovery earns partial credit;
* the misconception is that of the first choice below full credit on the path; the recommendations to revisit
  are those its weak choices cite (all of the item's when a step on the path is unanswered).

The grader scores keys with it, the assessment form and the scenario widget follow it, the analytics tag paths
with it, the simulator scores its sampled paths with it and the checker asks it what is reachable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .schema import Scenario


@dataclass(frozen=True)
class Branch:
    """One option as the rule sees it: where it leads and, when known, what it is worth."""

    next: str | None = None
    credit: float | None = None
    """None in a learner's public view, which never carries credits."""
    misconception: str | None = None
    recommendations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Graph:
    """A branching item: its id, entry step, each step's options in order, and the item's recommendations."""

    item: str
    entry: str
    steps: Mapping[str, Mapping[str, Branch]]
    recommendations: tuple[str, ...] = ()

    @classmethod
    def of_scenario(cls, scenario: "Scenario") -> "Graph":
        """The graph of a content scenario (its first step is the entry; a repeated step id keeps its last)."""
        return cls(
            item=scenario.id,
            entry=scenario.steps[0].id,
            steps={st.id: {o.id: Branch(o.next, float(o.credit), o.misconception, tuple(o.recommendations))
                           for o in st.options} for st in scenario.steps},
            recommendations=tuple(scenario.recommendations),
        )


@dataclass(frozen=True)
class Walk:
    """Where a set of choices leads: the path and the step that waits for an answer."""

    path: tuple[tuple[str, str | None], ...]
    """(step, chosen option, or None when that step has no valid choice) along the path."""
    invalid: tuple[str, ...] = ()
    """Steps on the path whose saved choice is not one of their options (they count as unanswered)."""

    @property
    def steps(self) -> list[str]:
        """The step ids on the path."""
        return [step for step, _ in self.path]

    @property
    def current(self) -> str | None:
        """The step on the path that has no valid choice yet, or None when the path reached an ending."""
        if self.path and self.path[-1][1] is None:
            return self.path[-1][0]
        return None

    @property
    def finished(self) -> bool:
        """True when every step on the path has a valid choice (the path reached an ending)."""
        return bool(self.path) and self.current is None


@dataclass(frozen=True)
class ItemScore:
    """The result of the rule for one item and one set of choices."""

    item: str
    credit: float
    """Mean credit of the steps on the path (unanswered steps count 0), in [0, 1]."""
    path: tuple[tuple[str, str | None], ...]
    """(step, chosen option or None when unanswered) along the path taken."""
    misconception: str | None
    """Misconception of the first choice below full credit on the path, if any."""
    recommendations: tuple[str, ...]
    """Recommendations to revisit: those cited by the choices below full credit (all of the item's when a
    step on the path is unanswered)."""
    invalid: tuple[str, ...] = field(default_factory=tuple)
    """Steps whose saved option does not exist (they count as unanswered)."""
    max_credit: float = 1.0

    @property
    def options(self) -> list[str]:
        """The chosen option ids along the path (unanswered steps left out)."""
        return [opt for _, opt in self.path if opt]


def walk(graph: Graph, choices: Mapping[str, Any] | None, *, start: str | None = None) -> Walk:
    """Follow ``choices`` (step id -> option id) from ``start`` (default: the entry step)."""
    choices = choices or {}
    path: list[tuple[str, str | None]] = []
    invalid: list[str] = []
    seen: set[str] = set()
    step: str | None = graph.entry if start is None else start
    while step is not None and step in graph.steps and step not in seen:
        seen.add(step)
        options = graph.steps[step]
        chosen = choices.get(step)
        if chosen is not None and (not isinstance(chosen, str) or chosen not in options):
            invalid.append(step)
            chosen = None
        path.append((step, chosen))
        if chosen is None:
            break
        step = options[chosen].next
    return Walk(tuple(path), tuple(invalid))


def score(graph: Graph, choices: Mapping[str, Any] | None, *, start: str | None = None) -> ItemScore:
    """Score ``choices`` by the rule; every option on the graph must carry its credit."""
    done = walk(graph, choices, start=start)
    credits: list[float] = []
    misconception: str | None = None
    recs: list[str] = []
    for step, chosen in done.path:
        if chosen is None:
            credits.append(0.0)
            recs.extend(graph.recommendations)
            continue
        branch = graph.steps[step][chosen]
        if branch.credit is None:
            raise ValueError(f"item {graph.item!r} step {step!r} option {chosen!r} has no credit to score")
        credits.append(branch.credit)
        if branch.credit < 1:
            if misconception is None:
                misconception = branch.misconception
            recs.extend(branch.recommendations)
    if not done.path:  # a start step the item does not have
        credits.append(0.0)
    return ItemScore(
        item=graph.item,
        credit=sum(credits) / len(credits),
        path=done.path,
        misconception=misconception,
        recommendations=tuple(dict.fromkeys(recs)),
        invalid=done.invalid,
    )


def choices_along(graph: Graph, options: Sequence[str], *, start: str | None = None) -> dict[str, str]:
    """The choices (step -> option) that choosing ``options`` in order along the path makes.

    Options beyond an ending are ignored; an option that is not one of its step's options ends the path
    there (it is kept, so the rule reports it as invalid).
    """
    out: dict[str, str] = {}
    step: str | None = graph.entry if start is None else start
    for option in options:
        if step is None or step not in graph.steps or step in out:
            break
        out[step] = option
        branch = graph.steps[step].get(option)
        step = branch.next if branch is not None else None
    return out


def best_choices(graph: Graph) -> dict[str, str]:
    """The best option (highest credit, first on ties) at every step along the best path."""
    choices: dict[str, str] = {}
    step: str | None = graph.entry
    while step is not None and step in graph.steps and step not in choices:
        options = graph.steps[step]
        best = max(options, key=lambda oid: options[oid].credit or 0.0)
        choices[step] = best
        step = options[best].next
    return choices


def reachable(graph: Graph) -> set[str]:
    """Ids of the steps a learner can reach from the entry step by any choices."""
    seen: set[str] = set()
    todo = [graph.entry]
    while todo:
        step = todo.pop()
        if step in seen or step not in graph.steps:
            continue
        seen.add(step)
        todo += [b.next for b in graph.steps[step].values() if b.next]
    return seen


def has_cycle(graph: Graph) -> bool:
    """True when some choices lead from a step back to a step already on the path (the item never ends)."""
    state: dict[str, int] = {}

    def visit(step: str) -> bool:
        if state.get(step) == 1:
            return True
        if state.get(step) == 2 or step not in graph.steps:
            return False
        state[step] = 1
        if any(visit(b.next) for b in graph.steps[step].values() if b.next):
            return True
        state[step] = 2
        return False

    return visit(graph.entry)


def endings(graph: Graph) -> set[tuple[str, str]]:
    """The (step, option) pairs that end the item."""
    return {(step, oid) for step, options in graph.steps.items() for oid, b in options.items() if b.next is None}


def diverges(graph: Graph) -> bool:
    """True when, at some step, different choices lead to different places (so paths really branch)."""
    return len(graph.steps) > 1 and any(len({b.next for b in options.values()}) > 1
                                        for options in graph.steps.values())

