"""The answer-key audit: answer-blind strategies, cue terms and neutral graded step ids."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.core.audit import (
    MAX_GRADED_HIT_RATE,
    STRATEGIES,
    Choice,
    Context,
    Item,
    Learned,
    audit,
    check_answer_key,
    cue_terms,
    evaluate,
)
from clientcraft.core.loader import load_curriculum


def _item(scenario, texts, best=0, nexts=None, mode="assessment", index=0):
    nexts = nexts or [None] * len(texts)
    return Item(scenario, "s1", index, mode, frozenset(),
                tuple(Choice(chr(97 + i), t, 1.0 if i == best else (0.5 if i == 1 else 0.0), nexts[i])
                      for i, t in enumerate(texts)))


def _strategy(name):
    return next(s for s in STRATEGIES if s.name == name)


def _ctx(items):
    return Context(frozenset({"listen", "restate", "client"}), Learned(items), {})


def test_ties_are_shared_so_a_blind_strategy_is_random():
    items = [_item(f"x{i}", ["same", "same", "same", "same"], best=i % 4) for i in range(8)]
    r = evaluate(_strategy("longest"), items, _ctx(items), "assessment", "all steps")
    assert r.hit_rate == pytest.approx(0.25) and r.hit_rate == pytest.approx(r.random_hit_rate)
    assert r.mean_credit == pytest.approx(r.random_credit)


def test_length_and_clause_strategies_find_a_keyed_pattern():
    items = [_item(f"x{i}", ["one, two, and three and four", "short", "a bit longer text here", "mid text"])
             for i in range(6)]
    ctx = _ctx(items)
    assert evaluate(_strategy("most-clauses"), items, ctx, "assessment", "all steps").hit_rate == 1
    assert evaluate(_strategy("longest"), items, ctx, "assessment", "all steps").hit_rate == 1
    assert evaluate(_strategy("shortest"), items, ctx, "assessment", "all steps").hit_rate == 0
    mid = evaluate(_strategy("middle-length"), items, ctx, "assessment", "all steps")
    assert mid.hit_rate == 0 and mid.mean_credit == 0  # c and d, both credit 0


def test_learned_strategies_leave_the_scored_scenario_out():
    # an opener that is best only in its own scenario cannot score itself
    items = [_item("x0", ["Unique opener here", "Tell him no", "Tell him yes", "Tell him maybe"])]
    items += [_item(f"x{i}", ["Say calmly that", "Tell him so", "Tell him then", "Tell him now"]) for i in range(1, 5)]
    ctx = _ctx(items)
    first = evaluate(_strategy("best-opener"), items[:1], ctx, "assessment", "all steps")
    assert first.hit_rate == pytest.approx(1.0)  # "tell him" never best elsewhere, so the other opener wins
    assert ctx.learned.opener_score("x0", "unique opener") == ctx.learned.opener_score("x0", "never seen")
    rest = evaluate(_strategy("best-words"), items[1:], ctx, "assessment", "all steps")
    assert rest.hit_rate == pytest.approx(1.0)  # "say calmly" is best in every other scenario


def test_structural_strategies_see_where_options_lead():
    items = [_item(f"x{i}", ["a", "b", "c", "d"], nexts=["s2", "s2", "s3", None]) for i in range(4)]
    ctx = _ctx(items)
    assert evaluate(_strategy("continues"), items, ctx, "assessment", "all steps").hit_rate == pytest.approx(1 / 3)
    assert evaluate(_strategy("ends"), items, ctx, "assessment", "all steps").hit_rate == 0
    assert evaluate(_strategy("odd-destination"), items, ctx, "assessment", "all steps").hit_rate == 0


def test_shipped_bank_passes_the_audit():
    cur = load_curriculum()
    problems = [str(p) for p in check_answer_key(cur) if p.severity == "error"]
    assert problems == []
    graded = [r for r in audit(cur) if r.mode == "assessment" and r.subset == "all steps"]
    assert len(graded) == len(STRATEGIES) and graded[0].steps >= 60
    assert all(r.hit_rate <= MAX_GRADED_HIT_RATE for r in graded)
    assert not [c for c in cue_terms(cur) if c.best]


def _errors(root):
    from clientcraft.core.check import check_curriculum

    return [str(p) for p in check_curriculum(load_curriculum(root, strict=False)) if p.severity == "error"]


def test_best_option_that_always_has_most_clauses_fails_check(shipped_copy):
    def pad_best(rel, data):
        for sc in data["scenarios"]:
            if sc["mode"] == "assessment":
                for st in sc["steps"]:
                    for o in st["options"]:
                        if o["credit"] == 1:
                            o["text"] += " Then check in, note it, and follow up, and confirm, and thank them."
    root = shipped_copy(pad_best)
    result = CliRunner().invoke(main, ["check", "--content", str(root)])
    assert result.exit_code == 1
    assert "graded scenarios: options: answer-blind strategy 'most-clauses'" in result.output


def test_cue_word_only_in_best_options_fails_check(shipped_copy):
    marked = []

    def mark(rel, data):
        for sc in data["scenarios"]:
            if sc["mode"] == "assessment" and len(marked) < 5:
                best = next(o for o in sc["steps"][0]["options"] if o["credit"] == 1)
                best["text"] += " Do it serenely."
                marked.append(sc["id"])
    errors = _errors(shipped_copy(mark))
    assert len(marked) == 5
    assert any("'serenely' occurs in 5 options of 5 scenarios and is only in best options" in e for e in errors)


def test_descriptive_graded_step_id_fails_check(shipped_copy):
    def rename(rel, data):
        for sc in data["scenarios"]:
            if sc["id"] == "final-one-decision-approach-3":
                old = sc["steps"][1]["id"]
                sc["steps"][1]["id"] = "damage-control"
                for st in sc["steps"]:
                    for o in st["options"]:
                        if o.get("next") == old:
                            o["next"] = "damage-control"
    errors = _errors(shipped_copy(rename))
    assert any("graded step id 'damage-control' is shown to learners" in e for e in errors)


def test_coverage_prints_the_audit_beside_random():
    result = CliRunner().invoke(main, ["coverage"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "graded steps (all steps" in out and "practice steps (all steps" in out
    for name in ("longest", "second-longest", "shortest", "most-clauses", "course-vocabulary", "best-opener",
                 "continues"):
        assert f"\n  {name} " in out
    assert "random hit" in out and "vs random" in out and "most alike scenario pairs" in out
