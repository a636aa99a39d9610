"""The fill-in forms in the app on a 360 px phone: the action plan and the terms template have labelled text boxes
in the page's normal font, fit the screen, can be filled and saved with the keyboard only, and save under the
browser's own learner."""

from __future__ import annotations

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.lessons import lesson_path

from .conftest import SLOW_MS, give_name

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CUR = load_curriculum()
PLAN = next(iter(CUR.action_plans.values()))
KIT = next(iter(CUR.prevention_kits.values()))

FORM_GEOMETRY = """(form) => {
  const r = (e) => e.getBoundingClientRect();
  const areas = [...form.querySelectorAll('textarea')];
  return {
    scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
    unlabelled: areas.filter((a) => !a.labels || a.labels.length === 0).length,
    fonts: [...new Set(areas.map((a) => getComputedStyle(a).fontFamily))],
    textFont: getComputedStyle(form).fontFamily,
    outside: areas.filter((a) => r(a).right > window.innerWidth + 0.5 || r(a).left < -0.5).length,
    save: {w: r(form.querySelector('button')).width, h: r(form.querySelector('button')).height},
  };
}"""


def page_of(lesson_id: str) -> str:
    lesson = CUR.lessons[lesson_id]
    return lesson_path(lesson.order, lesson.id).split("/", 1)[1]


def check_form(form) -> None:
    g = form.evaluate(FORM_GEOMETRY)
    assert g["scrollWidth"] <= g["width"] + 1, g
    assert g["unlabelled"] == 0 and g["outside"] == 0, g
    assert g["fonts"] == [g["textFont"]] and "mono" not in g["textFont"].lower(), g  # the page's font, not code
    assert g["save"]["w"] >= 24 and g["save"]["h"] >= 24, g


def test_action_plan_on_a_phone_with_the_keyboard_only(app_server, new_context, artifacts):
    from playwright.sync_api import expect

    page = new_context(360, 740, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    page.goto(app_server.url(page_of(PLAN.lesson)))
    give_name(page, "Plan Keyboard")
    form = page.locator(".cc-form").filter(has_text=text(PLAN.title)).first
    form.wait_for(timeout=SLOW_MS)
    check_form(form)
    change = form.get_by_label(text(PLAN.change_label))
    change.focus()
    page.keyboard.type("Repeat the client's main point before I answer.")
    page.keyboard.press("Tab")
    assert form.get_by_label(text(PLAN.when_label)).evaluate("(e) => e === document.activeElement")
    page.keyboard.type("Monday's first call")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText") == "Save my plan"
    page.keyboard.press("Enter")
    expect(form.get_by_role("status")).to_contain_text("Saved", timeout=SLOW_MS)
    rows = app_server.rows(learner_id="Plan Keyboard", kind="reflection")
    assert sorted((r["step"], r["text"]) for r in rows) == [
        ("action-plan:change", "Repeat the client's main point before I answer."),
        ("action-plan:when", "Monday's first call")]
    form.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifacts / "action-plan-360.png"))


def test_terms_template_fits_a_phone_and_says_what_is_missing(app_server, new_context, artifacts):
    from playwright.sync_api import expect

    page = new_context(360, 740, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    page.goto(app_server.url(page_of(KIT.lesson)))
    give_name(page, "Terms Phone")
    form = page.locator(".cc-form").filter(has=page.get_by_label(text(KIT.terms_template[0].label))).first
    form.wait_for(timeout=SLOW_MS)
    check_form(form)
    form.get_by_role("button").tap()  # nothing written yet: told so, nothing saved
    expect(form.get_by_role("alert")).to_be_visible(timeout=SLOW_MS)
    assert app_server.rows(learner_id="Terms Phone") == []
    form.get_by_label(text(KIT.terms_template[0].label)).fill("A repaired tap <b>and</b> a tidy floor")
    form.get_by_role("button").tap()
    expect(form.get_by_role("status")).to_contain_text("Saved", timeout=SLOW_MS)
    expect(form.locator(".cc-form-extra dd").first).to_have_text("A repaired tap <b>and</b> a tidy floor")
    (row,) = app_server.rows(learner_id="Terms Phone")
    assert row["step"] == f"terms:{KIT.terms_template[0].id}"
    form.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifacts / "terms-template-360.png"))
