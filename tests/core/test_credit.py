"""The one credit policy: a reason on every non-best option, and the same reason earns the same credit."""

from __future__ import annotations

import re
from pathlib import Path

from clientcraft.core.check import check_curriculum
from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import CREDIT_POLICY

DOC = Path(__file__).resolve().parents[2] / "docs" / "credit-policy.md"


def _errors(root):
    return [str(p) for p in check_curriculum(load_curriculum(root, strict=False)) if p.severity == "error"]


def test_same_reason_with_two_credits_fails(content_copy):
    # p-one's half fix is 'incomplete' at 0.5; give p-two's 0-credit option the same reason
    root = content_copy("practice/practice.yaml",
                        lambda d: d["scenarios"][1]["steps"][0]["options"][1].update(credit_reason="incomplete"))
    errors = _errors(root)
    assert any("scenarios (p-two)" in e and "options[1] (b).credit_reason" in e
               and "'incomplete' earns 0.5 in every item" in e for e in errors), errors
    assert any("the reason 'incomplete' earns different credits across items: 0, 0.5" in e for e in errors)


def test_missing_reason_and_reason_on_best_are_reported(content_copy):
    def edit(d):
        d["scenarios"][1]["steps"][0]["options"][1].pop("credit_reason")
        d["scenarios"][1]["steps"][0]["options"][0]["credit_reason"] = "incomplete"
    errors = _errors(content_copy("practice/practice.yaml", edit))
    assert any("options[1] (b).credit_reason: an option with credit 0 needs a credit reason" in e for e in errors)
    assert any("options[0] (a).credit_reason: the best option carries a credit reason" in e for e in errors)


def test_shipped_content_follows_the_policy():
    cur = load_curriculum()
    for sc in cur.scenarios.values():
        for st in sc.steps:
            for o in st.options:
                if o.credit < 1:
                    assert CREDIT_POLICY[o.credit_reason][0] == o.credit, (sc.id, st.id, o.id)


def test_written_policy_lists_every_reason_with_its_credit():
    doc = DOC.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| ([0-9.]+) \|", doc, flags=re.M))
    assert {k: float(v) for k, v in rows.items()} == {k: v[0] for k, v in CREDIT_POLICY.items()}
