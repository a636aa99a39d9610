"""The recommendation x lesson x scenario coverage matrix and the curriculum totals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

import pandas as pd

from .branching import Graph, diverges
from .check import MIN_ASSESSMENT_PER_RECOMMENDATION, MIN_PRACTICE_PER_RECOMMENDATION, recommendation_shortfalls
from .curriculum import Curriculum
from .reach import MIN_SCENARIOS_PER_REGION, MIN_STAFF_SCENARIOS, NAMED_REGIONS, reach_table
from .schema import Audience, Region


@dataclass
class Coverage:
    """Per-recommendation counts of the scenarios that exercise it, by lesson and mode, plus totals."""

    matrix: pd.DataFrame
    """One row per recommendation: owning lesson, then practice/assessment scenario counts per lesson."""
    scenarios: pd.DataFrame
    """One row per scenario: lesson, mode, steps, setting, recommendation count, and whether choices diverge."""
    totals: dict[str, int]


def coverage(cur: Curriculum) -> Coverage:
    """Count, for every recommendation, the practice and assessment scenarios of each lesson that exercise it."""
    lessons = [les.id for les in cur.lessons_in_order()]
    rows = []
    for sc in cur.scenarios.values():
        for r in dict.fromkeys(sc.recommendations):
            rows.append({"recommendation": r, "lesson": sc.lesson, "mode": sc.mode, "scenario": sc.id})
    links = pd.DataFrame(rows, columns=["recommendation", "lesson", "mode", "scenario"])
    recs = list(cur.recommendations)
    counts = (
        links.pivot_table(index="recommendation", columns=["mode", "lesson"], values="scenario",
                          aggfunc="count", fill_value=0)
        if not links.empty else pd.DataFrame()
    )
    cols = pd.MultiIndex.from_product([["practice", "assessment"], lessons], names=["mode", "lesson"])
    counts = counts.reindex(index=recs, columns=cols, fill_value=0).astype(int)
    matrix = pd.DataFrame(index=pd.Index(recs, name="recommendation"))
    matrix["owner"] = [cur.recommendations[r].lesson for r in recs]
    for mode in ("practice", "assessment"):
        for les in lessons:
            matrix[f"{mode[0]}:{les}"] = counts[(mode, les)].to_numpy()
        matrix[f"{mode}_total"] = counts[mode].sum(axis=1).to_numpy()
    short = recommendation_shortfalls(cur)
    matrix["meets_minimum"] = [r not in short for r in recs]

    sc_rows = [
        {"scenario": s.id, "lesson": s.lesson, "mode": s.mode, "steps": len(s.steps), "setting": s.setting,
         "region": s.region, "audience": s.audience, "recommendations": len(s.recommendations),
         # diverging: at some step, different choices lead to different next steps (or one ends the scenario)
         "diverging": diverges(Graph.of_scenario(s))}
        for s in cur.scenarios.values()
    ]
    scen = pd.DataFrame(sc_rows, columns=["scenario", "lesson", "mode", "steps", "setting", "region", "audience",
                                          "recommendations", "diverging"])
    practice = scen[scen["mode"] == "practice"]
    assessment = scen[scen["mode"] == "assessment"]
    branching_lessons = set(practice.loc[practice["steps"] > 1, "lesson"])
    totals = {
        "sources": len(cur.sources),
        "lessons": len(cur.lessons),
        "recommendations": len(cur.recommendations),
        "recommendations_meeting_minimum": int(matrix["meets_minimum"].sum()),
        "tensions": len(cur.tensions),
        "misconceptions": len(cur.misconceptions),
        "practice_scenarios": len(practice),
        "assessment_scenarios": len(assessment),
        "branching_scenarios": int((scen["steps"] > 1).sum()),
        "branching_practice": int((practice["steps"] > 1).sum()),
        "branching_assessment": int((assessment["steps"] > 1).sum()),
        "diverging_scenarios": int(scen["diverging"].sum()),
        "lessons_with_branching_practice": len(branching_lessons),
        "settings": int(scen["setting"].nunique()),
        **{f"scenarios_set_in_{r}": int((scen["region"] == r).sum()) for r in NAMED_REGIONS},
        "regions_meeting_target": int(sum((scen["region"] == r).sum() >= MIN_SCENARIOS_PER_REGION
                                          for r in NAMED_REGIONS)),
        "staff_scenarios": int((scen["audience"] == "staff").sum()),
        "staff_practice_lessons": int(scen.loc[(scen["audience"] == "staff") & (scen["mode"] == "practice"),
                                               "lesson"].nunique()),
        "free_text_prompts": len(cur.prompts),
        "assignments": len(cur.assignments),
    }
    return Coverage(matrix=matrix, scenarios=scen, totals=totals)


def format_coverage(cov: Coverage) -> str:
    """The matrix and the totals as plain text for the terminal (lessons abbreviated L0, L1, ...)."""
    lessons = list(dict.fromkeys(c.split(":", 1)[1] for c in cov.matrix.columns if ":" in c))
    abbrev = {les: f"L{i}" for i, les in enumerate(lessons)}

    def short(col: str) -> str:
        if ":" in col:
            mode, les = col.split(":", 1)
            return f"{mode}:{abbrev[les]}"
        return {"practice_total": "p:all", "assessment_total": "a:all", "meets_minimum": "ok"}.get(col, col)

    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250):
        table = cov.matrix.assign(owner=cov.matrix["owner"].map(abbrev)).rename(columns=short).to_string()
    key = "  ".join(f"{v}={k}" for k, v in abbrev.items())
    by_lesson = (
        cov.scenarios.groupby(["lesson", "mode"]).size().unstack(fill_value=0).to_string()
        if not cov.scenarios.empty else "(no scenarios)"
    )
    regions = reach_table(cov.scenarios, "region", get_args(Region)).to_string()
    audiences = reach_table(cov.scenarios, "audience", get_args(Audience)).to_string()
    totals = "\n".join(f"  {k.replace('_', ' ')}: {v}" for k, v in cov.totals.items())
    legend = ("columns p:Ln / a:Ln = practice / assessment scenarios of lesson n that exercise the row's "
              f"recommendation; ok = meets the minimum ({MIN_PRACTICE_PER_RECOMMENDATION} practice, "
              f"{MIN_ASSESSMENT_PER_RECOMMENDATION} assessment)\nlessons: {key}")
    return (f"{legend}\n\n{table}\n\nscenarios per lesson and mode\n{by_lesson}\n\n"
            f"scenarios per region (target: at least {MIN_SCENARIOS_PER_REGION} in each of "
            f"{', '.join(NAMED_REGIONS)})\n{regions}\n\n"
            f"scenarios per audience (target: at least {MIN_STAFF_SCENARIOS} staff)\n{audiences}\n\n"
            f"totals\n{totals}\n")
