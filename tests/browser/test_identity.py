"""One learner per browser: two browsers on one app server each give their own name, their answers land under
it, neither sees the other's progress, and a browser keeps its name across reloads and lessons."""

from __future__ import annotations

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.lessons import lesson_path

from .conftest import SLOW_MS, give_name

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def notebook_of(lesson) -> str:
    return lesson_path(lesson.order, lesson.id).split("/", 1)[1]


def scenario_box(page, sc):
    return page.locator(".cc-scenario").filter(has_text=text(sc.title)).first


def choose_and_submit(page, sc, option) -> None:
    """Pick ``option`` in scenario ``sc`` and submit it, then wait for its consequence."""
    box = scenario_box(page, sc)
    box.scroll_into_view_if_needed()
    box.get_by_role("radio", name=text(option.text)).click()
    box.get_by_role("button", name="Submit").click()
    box.get_by_text(" ".join(text(option.consequence).split()[:5])).first.wait_for(timeout=SLOW_MS)


def test_two_browsers_on_one_server_each_keep_their_own_learner(app_server, new_context, artifacts):
    from playwright.sync_api import expect

    cur = load_curriculum()
    lesson = cur.lessons["two-kinds-of-difficult"]
    single = next(sc for sc in cur.scenarios_for(lesson.id, "practice") if len(sc.steps) == 1)
    branching = next(sc for sc in cur.scenarios_for(lesson.id, "practice") if len(sc.steps) > 1)
    url = app_server.url(notebook_of(lesson))

    ana = new_context().new_page()
    ana.goto(url)
    give_name(ana, "Ana Two-Browsers", "Room 1")
    budi = new_context().new_page()
    budi.goto(url)
    # the second browser is asked for its own name; it is never told it is the first learner
    expect(budi.get_by_label("Your name").first).to_be_visible(timeout=SLOW_MS)
    expect(budi.locator(".cc-learner")).to_have_count(0)
    assert "Ana Two-Browsers" not in budi.content()
    give_name(budi, "Budi Two-Browsers")

    choose_and_submit(ana, single, single.steps[0].options[0])  # Ana finishes a one-step scenario
    choose_and_submit(budi, branching, branching.steps[0].options[0])  # Budi starts a branching one
    rows = [(r["learner_id"], r["cohort"], r["scenario"], r["option"]) for r in app_server.rows()
            if r["learner_id"].endswith("Two-Browsers")]
    assert sorted(rows) == [("Ana Two-Browsers", "Room 1", single.id, single.steps[0].options[0].id),
                            ("Budi Two-Browsers", "", branching.id, branching.steps[0].options[0].id)]

    # a reload keeps each browser's name and shows only its own progress
    for page in (ana, budi):
        page.reload()
    expect(ana.locator(".cc-learner").first).to_contain_text("Ana Two-Browsers", timeout=SLOW_MS)
    expect(budi.locator(".cc-learner").first).to_contain_text("Budi Two-Browsers", timeout=SLOW_MS)
    total = len(cur.scenarios_for(lesson.id, "practice")) + 1
    expect(scenario_box(ana, single)).to_contain_text("You finished this scenario before", timeout=SLOW_MS)
    expect(ana.get_by_text(f"1 of {total}").first).to_be_visible()
    expect(budi.get_by_text(f"0 of {total}").first).to_be_visible(timeout=SLOW_MS)
    expect(scenario_box(budi, single)).not_to_contain_text("You finished this scenario before")
    expect(scenario_box(budi, branching)).to_contain_text("You started this scenario before")

    # another lesson in the same browser: still Ana, not asked again
    ana.goto(app_server.url("index.ipynb"))
    expect(ana.locator(".cc-learner").first).to_contain_text("Ana Two-Browsers", timeout=SLOW_MS)
    expect(ana.get_by_label("Your name")).to_have_count(0)
    ana.screenshot(path=str(artifacts / "identity-index-ana.png"), full_page=True)


def test_a_refused_name_is_explained_and_nothing_is_stored(app_server, new_context):
    from playwright.sync_api import expect

    page = new_context().new_page()
    page.goto(app_server.url("index.ipynb"))
    field = page.get_by_label("Your name").first
    field.wait_for(timeout=SLOW_MS)
    field.fill("Ana <Lima>")
    page.get_by_role("button", name="Save").click()
    alert = page.get_by_role("alert").filter(has_text="use letters, digits")
    expect(alert).to_be_visible(timeout=SLOW_MS)
    expect(field).to_be_focused()  # the learner is taken back to the field to correct it
    expect(field).to_have_attribute("aria-invalid", "true")
    assert not any(p.read_text().count("<") for p in (app_server.home / "config" / "browsers").glob("*.json"))
