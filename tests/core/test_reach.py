"""Region and audience of scenarios: validation, the money check, the track check, and the coverage figures."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.core.check import check_curriculum
from clientcraft.core.coverage import coverage, format_coverage
from clientcraft.core.errors import ContentError, UnknownItemError
from clientcraft.core.loader import load_curriculum
from clientcraft.core.reach import currency_regions, reach_table, track

def _problems(root, severity=None):
    return [str(p) for p in check_curriculum(load_curriculum(root, strict=False))
            if severity is None or p.severity == severity]


# ------------------------------------------------------------------------------------------------ the fields
def test_region_and_audience_default_to_unspecified_and_owner(content_copy):
    cur = load_curriculum(content_copy())
    assert {(s.region, s.audience) for s in cur.scenarios.values()} == {("unspecified", "owner")}


@pytest.mark.parametrize("field, value", [("region", "mars"), ("region", False), ("audience", "manager")])
def test_unknown_region_or_audience_is_rejected_naming_file_item_and_field(content_copy, field, value):
    # region: no (Norway as an ISO code) reaches the model as False, since YAML reads a bare "no" as a boolean
    root = content_copy("practice/practice.yaml", lambda d: d["scenarios"][0].update({field: value}))
    with pytest.raises(ContentError) as err:
        load_curriculum(root)
    (problem,) = err.value.problems
    assert problem.file == "practice/practice.yaml" and problem.item == "scenarios[0] (p-one)"
    assert problem.field == field


def test_a_bare_yaml_no_is_not_norway(content_copy):
    raw = (content_copy() / "practice/practice.yaml").read_text().replace("setting: retail", "setting: retail\n    region: no")
    with pytest.raises(ContentError, match="region"):
        load_curriculum(content_copy("practice/practice.yaml", raw=raw))


def test_money_places_a_scenario_and_contradictions_are_reported(content_copy):
    def kroner(d, region):
        d["scenarios"][0]["situation"] = "Ana paid 450 kr for the order and wants it back."
        if region:
            d["scenarios"][0]["region"] = region

    cur = load_curriculum(content_copy("practice/practice.yaml", lambda d: kroner(d, None)))
    assert currency_regions(cur.scenario("p-one")) == {"norway": "situation"}
    warnings = _problems(cur.root, "warning")
    assert any("p-one" in w and "set region: norway" in w for w in warnings)
    root = content_copy("practice/practice.yaml", lambda d: kroner(d, "indonesia"))
    assert any("money used in norway, but region is 'indonesia'" in w for w in _problems(root, "warning"))
    root = content_copy("practice/practice.yaml", lambda d: kroner(d, "norway"))
    assert not any("money used" in w for w in _problems(root))


@pytest.mark.parametrize("phrase, region", [("Rp 250.000", "indonesia"), ("₱1,500", "philippines"),
                                            ("800 pesos", "philippines"), ("NOK 4,500", "norway")])
def test_each_regional_currency_is_recognised(content_copy, phrase, region):
    root = content_copy("practice/practice.yaml", lambda d: d["scenarios"][0].update(situation=f"Paid {phrase}."))
    assert currency_regions(load_curriculum(root).scenario("p-one")) == {region: "situation"}


def test_euros_do_not_place_a_scenario(content_copy):
    root = content_copy("practice/practice.yaml", lambda d: d["scenarios"][0].update(situation="Paid 40 euros."))
    assert currency_regions(load_curriculum(root).scenario("p-one")) == {}


# ------------------------------------------------------------------------------------------------ the track
def test_a_declared_track_needs_practice_in_every_lesson_that_has_practice(content_copy, staff_content):
    assert _problems(staff_content, "error") == []
    root = content_copy("practice/practice.yaml", lambda d: d["scenarios"][1].update(audience="owner"))
    errors = _problems(root, "error")
    assert any("lessons (the-lesson)" in e and "staff track" in e and "audience: staff" in e for e in errors)
    assert not any("lessons (intro)" in e for e in errors)  # the intro has no practice at all


def test_one_track_per_audience(content_copy, staff_content):
    root = content_copy("curriculum.yaml", lambda d: d["curriculum"]["tracks"].append(d["curriculum"]["tracks"][0]))
    with pytest.raises(ContentError, match="at most one track"):
        load_curriculum(root)


def test_audience_filter_selects_the_staff_scenarios(staff_content):
    cur = load_curriculum(staff_content)
    assert [s.id for s in cur.scenarios_for("the-lesson", "practice", "staff")] == ["p-two"]
    assert [s.id for s in cur.scenarios_for("the-lesson", "practice", "owner")] == ["p-one"]
    assert [s.id for s in cur.scenarios_for("the-lesson", "practice")] == ["p-one", "p-two"]
    assert track(cur, "staff").title == {"en": "Staff track"}
    with pytest.raises(UnknownItemError, match="track"):
        track(cur, "owner")


# ------------------------------------------------------------------------------------------------ coverage
def test_coverage_counts_scenarios_per_region_and_audience(staff_content):
    cov = coverage(load_curriculum(staff_content))
    assert cov.totals["scenarios_set_in_norway"] == 1 and cov.totals["scenarios_set_in_germany"] == 0
    assert cov.totals["staff_scenarios"] == 1 and cov.totals["staff_practice_lessons"] == 1
    assert cov.totals["regions_meeting_target"] == 0
    regions = reach_table(cov.scenarios, "region", ["norway", "indonesia", "unspecified"])
    assert regions.loc["norway"].to_dict() == {"practice": 1, "assessment": 0, "total": 1}
    assert regions.loc["indonesia", "total"] == 0
    assert regions.loc["unspecified"].to_dict() == {"practice": 1, "assessment": 1, "total": 2}
    audiences = reach_table(cov.scenarios, "audience", ["owner", "staff"])
    assert audiences["total"].to_dict() == {"owner": 2, "staff": 1}
    text = format_coverage(cov)
    assert "scenarios per region (target: at least 10" in text and "scenarios per audience (target: at least 12 staff)" in text
    res = CliRunner().invoke(main, ["coverage", "--content", str(staff_content)])
    assert res.exit_code == 0 and "scenarios set in norway: 1" in res.output and "staff scenarios: 1" in res.output


def test_audience_filter_leaves_review_scenarios_to_their_review_set():
    """In the real course a track's lessons show only its audience's practice, never a scenario a review set holds
    back, and every lesson with practice has some for staff."""
    cur = load_curriculum()
    held = cur.review_scenarios()
    assert held
    for lesson in cur.lessons_in_order():
        for audience in ("owner", "staff"):
            shown = cur.scenarios_for(lesson.id, "practice", audience)
            assert all(s.audience == audience and s.id not in held for s in shown), (lesson.id, audience)
        if cur.scenarios_for(lesson.id, "practice"):
            assert cur.scenarios_for(lesson.id, "practice", "staff"), lesson.id
