"""Near-duplicate scenarios are reported; designed baseline/final pairs may match."""

from __future__ import annotations

import copy

from clientcraft.core.check import check_curriculum
from clientcraft.core.similarity import MAX_SIMILARITY, parallel_pairs, similar_pairs
from clientcraft.core.loader import load_curriculum


def test_a_reskinned_copy_is_a_near_duplicate(content_copy):
    def clone(d):
        twin = copy.deepcopy(d["scenarios"][0])
        twin.update(id="p-three", title="Practice three", setting="agency", persona={"name": "Cy", "description": "A client."})
        twin["situation"] = "Cy complains about a late order."
        d["scenarios"].append(twin)
    root = content_copy("practice/practice.yaml", clone)
    errors = [str(p) for p in check_curriculum(load_curriculum(root, strict=False)) if p.severity == "error"]
    assert any("scenarios (p-three): situation: near-duplicate of 'p-one'" in e for e in errors), errors


def test_shipped_bank_has_no_near_duplicates_outside_designed_pairs():
    cur = load_curriculum()
    designed = parallel_pairs(cur)
    assert len(designed) >= 10
    too_close = [p for p in similar_pairs(cur, MAX_SIMILARITY) if not p.parallel and p.score > MAX_SIMILARITY]
    assert too_close == []
