"""Whom the scenarios reach: the country each is set in (``region``) and who the learner is (``audience``).

The source articles come from Indonesia, the Philippines, Norway and Germany, and the course is written for
owners, freelancers and front-line staff. This module holds the coverage targets, checks that a scenario's money
matches the country it claims and that each declared audience track has practice in every lesson, and counts
scenarios per region and audience for ``clientcraft coverage``. (Learner-facing names of regions and audiences are
interface text: :mod:`clientcraft.rendering.strings`.)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from .errors import Problem, UnknownItemError
from .curriculum import Curriculum
from .schema import Scenario, Track

if TYPE_CHECKING:  # pragma: no cover  (a learner's kernel renders tracks without pandas; only coverage counts)
    import pandas as pd

NAMED_REGIONS: tuple[str, ...] = ("indonesia", "philippines", "norway", "germany")
"""The countries the source articles come from (``Region`` also allows ``unspecified``)."""

MIN_SCENARIOS_PER_REGION = 10
"""Coverage target: scenarios (practice and assessment) set in each named region."""
MIN_STAFF_SCENARIOS = 12
"""Coverage target: scenarios in which the learner is a member of staff."""

CURRENCY_CUES: dict[str, re.Pattern[str]] = {
    "indonesia": re.compile(r"\bRp\s?\d|\brupiah\b|\bIDR\b", re.IGNORECASE),
    "philippines": re.compile(r"₱|\bpesos?\b|\bPHP\s?\d", re.IGNORECASE),
    "norway": re.compile(r"\bNOK\b|\bkroner\b|\bkr\s?\d|\d\s?kr\b"),
}
"""Money that places a scenario in one country. The euro is left out: it does not single out Germany."""


def tracks(cur: Curriculum) -> list[Track]:
    """The audience tracks the curriculum declares (``tracks`` in curriculum.yaml), in order."""
    return list(cur.meta.tracks) if cur.meta is not None else []


def track(cur: Curriculum, audience: str) -> Track:
    """The declared track of ``audience``; raises UnknownItemError when the curriculum declares none."""
    for t in tracks(cur):
        if t.audience == audience:
            return t
    raise UnknownItemError("track", audience)


def _texts(sc: Scenario) -> Iterator[tuple[str, str]]:
    """(field path, English text) of every learner-facing text of a scenario."""
    yield "title", sc.title["en"]
    yield "persona.description", sc.persona.description["en"]
    yield "situation", sc.situation["en"]
    for si, st in enumerate(sc.steps):
        where = f"steps[{si}] ({st.id})"
        if st.narrative:
            yield f"{where}.narrative", st.narrative["en"]
        yield f"{where}.prompt", st.prompt["en"]
        for oi, o in enumerate(st.options):
            for name in ("text", "consequence", "coaching"):
                yield f"{where}.options[{oi}] ({o.id}).{name}", getattr(o, name)["en"]


def currency_regions(sc: Scenario) -> dict[str, str]:
    """Each region whose money the scenario names, with the first field that names it."""
    found: dict[str, str] = {}
    for fld, txt in _texts(sc):
        for region, cue in CURRENCY_CUES.items():
            if region not in found and cue.search(txt):
                found[region] = fld
    return found


def check_reach(cur: Curriculum) -> list[Problem]:
    """Money that contradicts a scenario's region or suggests one (warnings), and a declared track with a
    lesson that has no practice scenario for its audience (error)."""
    out: list[Problem] = []
    for sc in cur.scenarios.values():
        item = f"scenarios ({sc.id})"
        for region, fld in currency_regions(sc).items():
            if sc.region == "unspecified":
                out.append(Problem(cur.file_of("scenarios", sc.id), item, fld,
                                   f"names money used in {region}; set region: {region}", "warning"))
            elif region != sc.region:
                out.append(Problem(cur.file_of("scenarios", sc.id), item, fld,
                                   f"names money used in {region}, but region is {sc.region!r}", "warning"))
    for i, t in enumerate(tracks(cur)):
        for lesson in cur.lessons_in_order():
            practice = cur.scenarios_for(lesson.id, "practice")
            if practice and not any(sc.audience == t.audience for sc in practice):
                out.append(Problem(cur.file_of("lessons", lesson.id), f"lessons ({lesson.id})", "id",
                                   f"the {t.audience} track (curriculum.yaml, tracks[{i}]) has no practice "
                                   f"scenario in this lesson; add one with audience: {t.audience}"))
    return out


def reach_table(scenarios: pd.DataFrame, column: str, values: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Scenarios per value of ``column`` (region or audience) and mode, with a total; every value gets a row."""
    import pandas as pd

    counts = (scenarios.groupby([column, "mode"]).size().unstack(fill_value=0)
              if not scenarios.empty else pd.DataFrame())
    counts = counts.reindex(index=list(values), columns=["practice", "assessment"], fill_value=0).astype(int)
    counts["total"] = counts.sum(axis=1)
    counts.index.name = column
    counts.columns.name = None
    return counts
