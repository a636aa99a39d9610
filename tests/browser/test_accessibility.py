"""axe-core on every page a learner or instructor sees in app mode: 0 critical and 0 serious violations. Every
lesson (with its forms: the terms template and the action plan), every review set, the handouts notebook, the
lesson index and the workshop view; the handout pages themselves are checked in test_handouts_accessibility.

Pages are checked in both states a learner meets: before giving a name (the form is on the page) and after
answering (feedback and coaching on the page). Each page's full report is saved as ``axe-<page>.json``.
"""

from __future__ import annotations

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.course import review_path
from clientcraft.rendering.lessons import INDEX_NAME, lesson_path
from clientcraft.rendering.toolkit import HANDOUTS_NOTEBOOK

from .conftest import SLOW_MS, axe_violations, give_name

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CUR = load_curriculum()
LESSONS = [lesson_path(ls.order, ls.id).split("/", 1)[1] for ls in CUR.lessons_in_order()]
OTHERS = [review_path(CUR, rs).split("/", 1)[1] for rs in CUR.review_sets.values()] + \
    [HANDOUTS_NOTEBOOK.split("/", 1)[1]]


def settled(page) -> None:
    """Wait until the page's widgets are drawn (the identity line or form is the first widget of every page)."""
    page.locator(".cc-identity").first.wait_for(timeout=SLOW_MS)
    page.locator(".cc-identity > *").first.wait_for(timeout=SLOW_MS)
    page.wait_for_timeout(500)


def test_index_and_every_lesson_have_no_serious_violations(app_server, new_context, artifacts):
    page = new_context().new_page()
    page.goto(app_server.url(INDEX_NAME))
    settled(page)
    found = {"index (name form)": axe_violations(page, artifacts, "index-name-form")}
    give_name(page, "Axe Learner")
    found["index"] = axe_violations(page, artifacts, "index")
    for name in LESSONS:
        page.goto(app_server.url(name))
        settled(page)
        lesson = CUR.lessons[name[3:-6]]
        scenarios = CUR.scenarios_for(lesson.id, "practice")
        if scenarios:  # answer one step so that the feedback and coaching are checked too
            sc = scenarios[0]
            box = page.locator(".cc-scenario").filter(has_text=text(sc.title)).first
            box.get_by_role("radio", name=text(sc.steps[0].options[-1].text)).click()
            box.get_by_role("button", name="Submit").click()
            box.locator(".cc-feedback").first.wait_for(timeout=SLOW_MS)
        found[name] = axe_violations(page, artifacts, name.removesuffix(".ipynb"))
    for name in OTHERS:  # review sets (answer the first decision) and the handouts notebook (links only)
        page.goto(app_server.url(name))
        if name == HANDOUTS_NOTEBOOK.split("/", 1)[1]:
            page.get_by_role("link").first.wait_for(timeout=SLOW_MS)
        else:
            settled(page)
        box = page.locator(".cc-scenario").first
        if box.count():
            box.get_by_role("radio").last.click()
            box.get_by_role("button", name="Submit").click()
            box.locator(".cc-feedback").first.wait_for(timeout=SLOW_MS)
        found[name] = axe_violations(page, artifacts, name.removesuffix(".ipynb"))
    assert {page: v for page, v in found.items() if v} == {}


def test_workshop_view_is_crisp_readable_on_a_projector_and_accessible(app_server, new_context, artifacts):
    """The instructor's live view at 1280 x 720: an HTML table (no bitmap) with option text and counts, a correct
    state when nobody has answered, no internal paths, and no serious axe violations."""
    from playwright.sync_api import expect

    page = new_context(1280, 720).new_page()
    page.goto(app_server.url("workshop.ipynb"))
    chart = page.locator(".cc-workshop table").first
    chart.wait_for(timeout=SLOW_MS)
    last = CUR.scenarios_for(CUR.lessons_in_order()[-1].id, "practice")[-1]  # no test answers this one
    page.get_by_label("Scenario").select_option(label=f"{CUR.lessons[last.lesson].order}. {text(last.title)}")
    expect(page.locator(".cc-workshop figcaption")).to_contain_text("Nobody has answered this decision yet.",
                                                                   timeout=SLOW_MS)
    expect(page.locator(".cc-workshop").nth(1)).not_to_contain_text("Everyone has answered")
    for option in last.steps[0].options:
        expect(chart.get_by_role("rowheader", name=text(option.text))).to_be_visible()
    assert page.locator(".cc-workshop img, .widget-image img").count() == 0
    body = page.locator("body").inner_text()
    assert str(app_server.home) not in body and "sqlite" not in body.lower()
    size = float(chart.evaluate("(e) => getComputedStyle(e).fontSize").removesuffix("px"))
    assert size >= 18  # readable from the back of a room
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator(".cc-workshop").first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifacts / "workshop-1280x720.png"))
    assert axe_violations(page, artifacts, "workshop") == []

    # an instructor checking the room from a phone: the table fits, nothing scrolls sideways or is cut off
    page.set_viewport_size({"width": 390, "height": 844})
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "workshop-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    cut = chart.evaluate("""(table) => [...table.querySelectorAll('th, td, .cc-count'),
                                         ...document.querySelectorAll('select, input, button')]
        .filter((e) => { const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 || r.left < -1
                         || e.scrollWidth > e.clientWidth + 1; })
        .map((e) => e.textContent.trim().slice(0, 40))""")
    assert cut == []
