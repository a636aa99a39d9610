"""A learner opens a lesson in a real browser (Voila app mode), answers a scenario, and the answer is logged."""

from __future__ import annotations

import re

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.core.settings import sqlite_url
from clientcraft.runtime.responselog import ResponseLog

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_choose_submit_see_consequence_and_event_logged(voila_server, browser, learner_env, artifacts):
    from playwright.sync_api import expect

    cur = load_curriculum()
    lesson = cur.lessons_in_order()[0]
    sc = cur.scenarios_for(lesson.id, "practice")[0]
    step = sc.steps[0]
    best = max(step.options, key=lambda o: o.credit)
    page = browser.new_page()
    page.goto(f"{voila_server}/voila/render/{lesson.order:02d}-{lesson.id}.ipynb", timeout=90_000)
    # no code is visible: the page shows the lesson, not Python
    page.get_by_role("heading", name=re.compile(re.escape(text(lesson.title)[:20]))).first.wait_for(timeout=90_000)
    radio = page.get_by_role("radio", name=text(best.text))  # found by its accessible label
    radio.wait_for(timeout=90_000)
    assert "from clientcraft" not in page.content()
    # keyboard only: Tab from option to option, Space to choose, Tab on to Submit, Enter
    page.get_by_role("radio", name=text(step.options[0].text)).focus()
    k = step.options.index(best)
    for _ in range(k):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert radio.is_checked()
    submit = page.get_by_role("button", name="Submit").first
    expect(submit).to_be_enabled(timeout=30_000)  # the kernel enables it once the choice arrives
    for _ in range(len(step.options) - k):
        page.keyboard.press("Tab")
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")
    words = " ".join(text(best.consequence).split()[:4])
    page.get_by_text(words).first.wait_for(timeout=30_000)
    feedback = page.locator(".cc-feedback").first
    feedback.scroll_into_view_if_needed()
    shot = artifacts / "lesson-after-submit.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    rows = ResponseLog(sqlite_url(learner_env)).rows()
    assert [(r["learner_id"], r["cohort"], r["scenario"], r["step"], r["option"], r["credit"]) for r in rows] == \
        [("browser-test", "browser-cohort", sc.id, step.id, best.id, best.credit)]
    print(f"screenshot: {shot}")


@pytest.fixture
def anonymous(learner_env, monkeypatch):
    """No learner id in the environment: the lesson must ask for a name once."""
    monkeypatch.delenv("CLIENTCRAFT_LEARNER")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return learner_env


def test_first_visit_asks_for_a_name_once(anonymous, voila_server, browser, artifacts, tmp_path):
    cur = load_curriculum()
    lesson = cur.lessons_in_order()[0]
    sc = cur.scenarios_for(lesson.id, "practice")[0]
    option = sc.steps[0].options[-1]
    page = browser.new_page()
    page.goto(f"{voila_server}/voila/render/{lesson.order:02d}-{lesson.id}.ipynb", timeout=90_000)
    name = page.get_by_label("Your name").first
    name.wait_for(timeout=90_000)
    name.fill("Ana <Lima>")  # refused: the message explains, nothing is stored
    page.get_by_role("button", name="Save").first.click()
    page.get_by_text("use letters, digits").first.wait_for(timeout=30_000)
    name.fill("Ana Lima")
    page.get_by_role("button", name="Save").first.click()
    page.get_by_text("Thank you, Ana Lima").first.wait_for(timeout=30_000)
    page.get_by_role("radio", name=text(option.text)).check()
    page.get_by_role("button", name="Submit").first.click()
    page.get_by_text(" ".join(text(option.consequence).split()[:4])).first.wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / "lesson-first-visit.png"))
    rows = ResponseLog(sqlite_url(anonymous)).rows()
    assert [(r["learner_id"], r["option"]) for r in rows] == [("Ana Lima", option.id)]
    assert '"learner_id": "Ana Lima"' in (anonymous.parent / "config" / "identity.json").read_text()
