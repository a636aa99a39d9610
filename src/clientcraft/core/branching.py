"""Pure scoring of one learner's saved choices against an answer key passed in.

The score of an item is the mean credit of the steps on the path the learner took: the walk starts at the
entry step and follows each chosen option's ``next``; a step on that path with no (valid) answer counts 0
and ends the walk. The maximum is always 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import KeyFormatError


@dataclass(frozen=True)
class ItemScore:
    """The result of scoring one item for one learner."""

    item: str
    credit: float
    max_credit: float
    path: tuple[tuple[str, str | None], ...]
    """(step, chosen option or None when unanswered) along the path taken."""
    misconception: str | None
    """Misconception of the first choice below full credit on the path, if any."""
    recommendations: tuple[str, ...]
    """Recommendations to revisit: those cited by the choices below full credit (all of the item's when a
    step on the path is unanswered)."""
    invalid: tuple[str, ...] = field(default_factory=tuple)
    """Steps whose saved option does not exist in the key (they count as unanswered)."""

    @property
    def path_text(self) -> str:
        """The chosen option ids joined by ``>`` (unanswered steps left out)."""
        return ">".join(opt for _, opt in self.path if opt)

    @property
    def answered(self) -> bool:
        """True when at least one step has a valid answer."""
        return any(opt for _, opt in self.path)


def validate_key(key: Mapping[str, Any], where: str = "key") -> None:
    """Raise :class:`KeyFormatError` unless ``key`` has the shape produced by ``items.item_key``."""
    try:
        steps = key["steps"]
        if key["entry"] not in steps:
            raise KeyFormatError(where, f"entry step {key['entry']!r} is not one of the steps")
        for sid, step in steps.items():
            for oid, opt in step["options"].items():
                credit = float(opt["credit"])
                if not 0 <= credit <= 1:
                    raise KeyFormatError(where, f"step {sid!r} option {oid!r}: credit {credit} is outside [0, 1]")
                if opt.get("next") is not None and opt["next"] not in steps:
                    raise KeyFormatError(where, f"step {sid!r} option {oid!r}: next step {opt['next']!r} is unknown")
    except KeyFormatError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KeyFormatError(where, f"malformed answer key ({type(exc).__name__}: {exc})") from None


def score_item(key: Mapping[str, Any], choices: Mapping[str, str] | None) -> ItemScore:
    """Score one item: ``choices`` maps step id to the chosen option id (missing steps are unanswered)."""
    validate_key(key, f"key of item {key.get('id', '?')!r}")
    choices = dict(choices or {})
    path: list[tuple[str, str | None]] = []
    credits: list[float] = []
    invalid: list[str] = []
    misconception: str | None = None
    recs: list[str] = []
    seen: set[str] = set()
    step: str | None = key["entry"]
    while step is not None and step not in seen:
        seen.add(step)
        options = key["steps"][step]["options"]
        chosen = choices.get(step)
        if chosen is not None and (not isinstance(chosen, str) or chosen not in options):
            invalid.append(step)
            chosen = None
        if chosen is None:
            path.append((step, None))
            credits.append(0.0)
            recs.extend(key.get("recommendations", []))
            break
        opt = options[chosen]
        path.append((step, chosen))
        credits.append(float(opt["credit"]))
        if float(opt["credit"]) < 1:
            if misconception is None:
                misconception = opt.get("misconception")
            recs.extend(opt.get("recommendations", []))
        step = opt.get("next")
    credit = sum(credits) / len(credits) if credits else 0.0
    return ItemScore(
        item=key["id"],
        credit=round(credit, 6),
        max_credit=1.0,
        path=tuple(path),
        misconception=misconception,
        recommendations=tuple(dict.fromkeys(recs)),
        invalid=tuple(invalid),
    )
