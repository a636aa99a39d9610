"""Teaching-quality properties of the shipped content that the schema alone cannot express."""

from __future__ import annotations

import pytest

from clientcraft.core.check import MAX_BEST_IS_LONGEST, MAX_SHARE_ONE_LETTER, answer_key_balance, check_balance
from clientcraft.core.loader import load_curriculum


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


def _shape(sc):
    """What must match between parallel forms: steps, wiring, recommendations, and the credit, credit reason and
    mistake of each option. Option order is not compared: parallel forms shuffle it, so that remembering the
    baseline's letters does not answer the final."""
    index = {st.id: i for i, st in enumerate(sc.steps)}  # step ids may differ; the wiring may not
    return (
        sorted(sc.recommendations),
        [sorted((o.credit, o.credit_reason or "", o.misconception or "", index.get(o.next, -1)) for o in st.options)
         for st in sc.steps],
    )


def test_baseline_is_a_parallel_form_of_the_final(cur):
    final, baseline = cur.assignments["final"], cur.assignments["baseline"]
    assert baseline.parallel_to == "final"
    assert len(final.scenarios) == len(baseline.scenarios) >= 10
    for f_id, b_id in zip(final.scenarios, baseline.scenarios):
        assert b_id == f_id.replace("final-", "baseline-", 1)
        f, b = cur.scenario(f_id), cur.scenario(b_id)
        assert _shape(f) == _shape(b), f"{b_id} is not parallel to {f_id}"
        assert f.setting != b.setting or f.persona.name != b.persona.name
        assert f.situation != b.situation
    f_rubric = [(c.id, c.points) for c in cur.prompts[final.prompts[0]].rubric]
    b_rubric = [(c.id, c.points) for c in cur.prompts[baseline.prompts[0]].rubric]
    assert f_rubric == b_rubric


def test_final_draws_on_every_content_lesson(cur):
    lessons = {cur.scenario(s).lesson for s in cur.assignments["final"].scenarios}
    assert lessons == {les.id for les in cur.lessons.values() if les.kind != "introduction"}


def test_every_assignment_has_a_written_answer_and_lesson_assignments_branch(cur):
    for a in cur.assignments.values():
        assert a.prompts, a.id
        if a.kind == "lesson":
            assert any(len(cur.scenario(s).steps) > 1 for s in a.scenarios), a.id


def test_answer_key_cannot_be_guessed_from_length_or_position(cur):
    assert check_balance(cur) == []
    for mode in ("practice", "assessment"):
        bal = answer_key_balance(cur, mode)
        assert bal["best_is_longest"] <= MAX_BEST_IS_LONGEST
        assert max(bal["best_letter_share"].values()) <= MAX_SHARE_ONE_LETTER
        assert set(bal["best_letter_share"]) == {"a", "b", "c", "d"}


def test_every_misconception_is_used_and_distractors_are_varied(cur):
    used = [o.misconception for s in cur.scenarios.values() for st in s.steps for o in st.options if o.misconception]
    assert set(used) == set(cur.misconceptions)
    # no single mistake dominates the distractors
    top = max(used.count(m) for m in set(used))
    assert top / len(used) < 0.25


def test_settings_are_varied_within_each_lesson(cur):
    for les in cur.lessons.values():
        scs = cur.scenarios_for(les.id)
        if len(scs) >= 8:
            assert len({s.setting for s in scs}) >= 5, les.id


def test_tensions_are_taught_in_the_synthesis(cur):
    synthesis = next(les for les in cur.lessons.values() if les.kind == "synthesis")
    body = " ".join(b.text["en"] for b in synthesis.body).lower()
    for t in cur.tensions.values():
        words = [w for w in t.title["en"].lower().replace("?", "").replace(",", "").split() if len(w) > 4]
        assert any(w in body for w in words), t.id


def test_every_source_country_and_the_staff_track_are_reached(cur):
    from clientcraft.core.reach import (MIN_SCENARIOS_PER_REGION, MIN_STAFF_SCENARIOS, NAMED_REGIONS,
                                        check_reach, tracks)

    by_region = {r: [s for s in cur.scenarios.values() if s.region == r] for r in NAMED_REGIONS}
    for region, scs in by_region.items():
        assert len(scs) >= MIN_SCENARIOS_PER_REGION, region
        assert {s.mode for s in scs} == {"practice", "assessment"}, region
        assert len({s.lesson for s in scs}) >= 4, region
    staff = [s for s in cur.scenarios.values() if s.audience == "staff"]
    assert len(staff) >= MIN_STAFF_SCENARIOS and {s.mode for s in staff} == {"practice", "assessment"}
    assert [t.audience for t in tracks(cur)] == ["staff"]
    assert check_reach(cur) == []  # no money that contradicts a region, and staff practice in every lesson
    graded = {sid for a in cur.assignments.values() for sid in a.scenarios}
    assert all(s.id in graded for s in cur.scenarios.values() if s.mode == "assessment")
