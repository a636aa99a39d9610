"""Property: over random paths through every scenario of the curriculum, the scenario widget, the grader (the
committed key files, scored in the course team's process and by the hidden test in the kernel) and the analytics
agree on credit, path and misconception, and all of them match the written rule worked out here from the content.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clientcraft.analytics.content import enrich, path_score
from clientcraft.analytics.table import from_grade_export_frame
from clientcraft.core.branching import score
from clientcraft.core.keys import item_key, read_key_file
from clientcraft.core.loader import load_curriculum
from clientcraft.core.records import path_text
from clientcraft.grading.kernel import grade_item, use_in_memory
from clientcraft.rendering.assignments import key_path
from clientcraft.runtime.identity import Identity
from clientcraft.runtime.widgets import ScenarioWidget

from .conftest import REPO

CUR = load_curriculum(REPO / "data" / "curriculum")
KEYS = {item: key for aid in CUR.assignments for item, key in read_key_file(REPO / key_path(aid)).items.items()}
SCENARIOS = sorted(CUR.scenarios)


def _expected(scenario, picks: list[int], stop: int):
    """The rule, worked out from the content itself: up to ``stop`` choices (``picks`` index the options) along the
    path; the step reached without a choice counts 0. Returns (credit, option ids, misconception, finished)."""
    steps = {s.id: s for s in scenario.steps}
    step, credits, chosen, misconception = scenario.steps[0].id, [], [], None
    for pick in picks[:stop]:
        option = steps[step].options[pick % len(steps[step].options)]
        chosen.append(option.id)
        credits.append(option.credit)
        if option.credit < 1 and misconception is None:
            misconception = option.misconception
        step = option.next
        if step is None:
            break
    if step is not None:
        credits.append(0.0)  # the step waiting for an answer
    return sum(credits) / len(credits), chosen, misconception, step is None


def _widget_result(scenario, options: list[str]):
    w = ScenarioWidget(scenario, CUR, identity=Identity("property"), recorder=lambda _event: None)
    for option in options:
        w.view.value = option
        w.submit()
        if not w.finished:
            w.proceed()
    return w


@pytest.mark.slow
@pytest.mark.parametrize("scenario_id", SCENARIOS)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=5), min_size=6, max_size=6), stop=st.integers(0, 6))
def test_widget_grader_and_analytics_agree(scenario_id, picks, stop):
    scenario = CUR.scenario(scenario_id)
    credit, options, misconception, finished = _expected(scenario, picks, stop)
    path = path_text(options)

    widget = _widget_result(scenario, options)
    key = KEYS.get(scenario_id, item_key(scenario))  # graded scenarios: the committed key file
    choices = dict(widget.path)  # the choices the learner moved on with, as the answers file would hold them
    graded = score(key.graph, choices)
    use_in_memory({scenario_id: choices})
    try:
        in_kernel = grade_item(key.to_json())
    finally:
        use_in_memory(None)
    analysed = path_score(CUR, scenario_id, path)
    export = pd.DataFrame([{"learner": "p", "item": scenario_id, "path": path, "credit": graded.credit,
                            "mode": "assessment", "status": "ok"}])
    tagged = enrich(from_grade_export_frame(export, "property").table, CUR)

    assert widget.path_string() == path_text(graded.options) == path_text(analysed.options) == path
    assert widget.score() == pytest.approx(credit)
    assert graded.credit == pytest.approx(credit) and in_kernel == pytest.approx(credit, abs=1e-6)  # nbgrader: 6 places
    assert analysed.credit == pytest.approx(credit)
    assert widget.result().misconception == graded.misconception == analysed.misconception == misconception
    tag = tagged["misconception"].iloc[0]
    assert (None if pd.isna(tag) else tag) == misconception
    assert widget.finished == finished
