"""The one credit policy, enforced: every non-best option names why it earns its credit, and a reason always
earns the same credit, in practice and graded items alike (the reasons and credits: schema.CREDIT_POLICY;
the written policy: docs/credit-policy.md)."""

from __future__ import annotations

from collections import defaultdict

from .errors import Problem
from .curriculum import Curriculum
from .schema import CREDIT_POLICY


def check_credit_policy(cur: Curriculum) -> list[Problem]:
    """A reason on every non-best option and none on a best one; each option's credit is its reason's credit."""
    out: list[Problem] = []
    seen: dict[str, set[float]] = defaultdict(set)
    for sc in cur.scenarios.values():
        for si, step in enumerate(sc.steps):
            for oi, opt in enumerate(step.options):
                where = f"steps[{si}] ({step.id}).options[{oi}] ({opt.id}).credit_reason"
                item = f"scenarios ({sc.id})"
                file = cur.file_of("scenarios", sc.id)
                if opt.credit >= 1:
                    if opt.credit_reason:
                        out.append(Problem(file, item, where, "the best option carries a credit reason"))
                    continue
                if not opt.credit_reason:
                    out.append(Problem(file, item, where,
                                       f"an option with credit {opt.credit:g} needs a credit reason "
                                       f"(one of: {', '.join(CREDIT_POLICY)})"))
                    continue
                seen[opt.credit_reason].add(float(opt.credit))
                wanted = CREDIT_POLICY[opt.credit_reason][0]
                if float(opt.credit) != wanted:
                    out.append(Problem(file, item, where,
                                       f"credit {opt.credit:g} breaks the credit policy: {opt.credit_reason!r} "
                                       f"earns {wanted:g} in every item (docs/credit-policy.md)"))
    for reason, credits in sorted(seen.items()):
        if len(credits) > 1:
            out.append(Problem("scenarios", "all scenarios", "credit_reason",
                               f"the reason {reason!r} earns different credits across items: "
                               f"{', '.join(f'{c:g}' for c in sorted(credits))}"))
    return out
