"""The branching rule: the walk, the mean credit along the path taken, the first weak choice's misconception."""

from __future__ import annotations

import pytest

from clientcraft.core.branching import (
    Branch,
    Graph,
    best_choices,
    choices_along,
    diverges,
    endings,
    has_cycle,
    reachable,
    score,
    walk,
)
from clientcraft.core.keys import item_key


@pytest.fixture
def logo(grading_cur):
    return item_key(grading_cur.scenario("quiz-logo-redo")).graph


@pytest.mark.parametrize("choices, credit, options", [
    ({"open": "a", "offer": "a"}, 1.0, ["a", "a"]),
    ({"open": "c", "offer": "a"}, 0.75, ["c", "a"]),
    ({"open": "b", "offer": "a"}, 0.5, ["b", "a"]),
    ({"open": "b", "offer": "b"}, 0.0, ["b", "b"]),
    ({"open": "a"}, 0.5, ["a"]),          # unanswered second step counts 0
    ({}, 0.0, []),
    ({"offer": "a"}, 0.0, []),          # an answer off the path does not count
])
def test_branching_credit_is_the_mean_along_the_path(logo, choices, credit, options):
    result = score(logo, choices)
    assert result.credit == pytest.approx(credit)
    assert result.options == options
    assert result.max_credit == 1.0


def test_misconception_is_of_the_first_weak_choice_and_recommendations_follow(logo):
    result = score(logo, {"open": "c", "offer": "b"})
    assert result.misconception == "over-promising"
    assert result.recommendations == ("scope-in-writing",)
    assert score(logo, {"open": "a", "offer": "a"}).recommendations == ()
    assert score(logo, {}).recommendations == ("listen-first", "scope-in-writing")


@pytest.mark.parametrize("bad", ["z", 5, None, ["a"], {"x": 1}])
def test_invalid_option_values_count_as_unanswered(logo, bad):
    result = score(logo, {"open": bad})
    assert result.credit == 0.0
    assert result.invalid == (("open",) if bad is not None else ())


def test_the_walk_names_the_step_waiting_for_an_answer(logo):
    assert walk(logo, {}).current == "open" and not walk(logo, {}).finished
    assert walk(logo, {"open": "b"}).steps == ["open", "offer"]
    assert walk(logo, {"open": "b"}).current == "offer"
    done = walk(logo, {"open": "b", "offer": "a"})
    assert done.finished and done.current is None


def test_best_choices_walk_the_best_path(logo):
    assert best_choices(logo) == {"open": "a", "offer": "a"}
    assert score(logo, best_choices(logo)).credit == 1.0


def test_choices_along_a_path_and_from_a_later_step(logo):
    assert choices_along(logo, ["c", "a"]) == {"open": "c", "offer": "a"}
    assert choices_along(logo, ["a", "a", "b"]) == {"open": "a", "offer": "a"}  # beyond the ending: ignored
    assert choices_along(logo, ["x", "a"]) == {"open": "x"}  # an unknown option ends the path, kept as invalid
    assert score(logo, choices_along(logo, ["b"], start="offer"), start="offer").credit == 0.0
    assert score(logo, {"offer": "a"}, start="offer").credit == 1.0


def _graph(links: dict[str, dict[str, str | None]]) -> Graph:
    return Graph("g", next(iter(links)), {s: {o: Branch(n, 1.0) for o, n in opts.items()} for s, opts in links.items()})


def test_reachability_loops_endings_and_divergence():
    straight = _graph({"s1": {"a": "s2", "b": "s2"}, "s2": {"a": None, "b": None}, "lost": {"a": None}})
    assert reachable(straight) == {"s1", "s2"} and not has_cycle(straight) and not diverges(straight)
    assert endings(straight) == {("s2", "a"), ("s2", "b"), ("lost", "a")}
    looped = _graph({"s1": {"a": "s2", "b": None}, "s2": {"a": "s1"}})
    assert has_cycle(looped) and diverges(looped)
    assert walk(looped, {"s1": "a", "s2": "a"}).steps == ["s1", "s2"]  # a loop ends the walk
    assert score(looped, {"s1": "a", "s2": "a"}).credit == 1.0


def test_a_graph_without_credits_can_be_walked_but_not_scored(grading_cur):
    from clientcraft.core.keys import public_item

    public = public_item(grading_cur.scenario("quiz-logo-redo")).graph
    assert walk(public, {"open": "c"}).current == "offer"
    with pytest.raises(ValueError, match="no credit"):
        score(public, {"open": "c"})
