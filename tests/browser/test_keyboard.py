"""A whole lesson with the keyboard only: name form, every decision of every scenario (one Tab stop per question,
arrow keys move the choice, Enter on Submit, focus lands on the feedback), the reflection, and the progress that
says the lesson is done."""

from __future__ import annotations

import pytest

from clientcraft.core.branching import Graph, walk
from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.lessons import lesson_path

from .conftest import SLOW_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CUR = load_curriculum()
LESSON = CUR.lessons_in_order()[0]

ACTIVE = """() => { const a = document.activeElement; if (!a) return {};
  const label = a.closest('label'); const region = a.closest('.cc-scenario-view');
  return {tag: a.tagName.toLowerCase(), type: a.type || '', name: a.name || '', value: a.value || '',
          text: (a.innerText || (label && label.innerText) || a.getAttribute('aria-label') || '').trim(),
          classes: a.className || '', scenario: region ? region.querySelector('.cc-scenario-title').innerText : '',
          field: a.labels && a.labels.length ? a.labels[0].innerText : ''}; }"""


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def tab_until(page, wanted, limit: int = 80, key: str = "Tab") -> dict:
    """Press Tab until ``wanted(active element)`` holds; the element's description."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = active(page)
        if wanted(now):
            return now
    pytest.fail(f"never reached the wanted element with {key}; last focus: {active(page)}")


def test_keyboard_only_walk_through_a_whole_lesson(app_server, new_context, artifacts):
    from playwright.sync_api import expect

    page = new_context(1280, 900, timezone_id="Asia/Jakarta").new_page()
    page.goto(app_server.url(lesson_path(LESSON.order, LESSON.id).split("/", 1)[1]))
    page.get_by_label("Your name").first.wait_for(timeout=SLOW_MS)

    tab_until(page, lambda a: a.get("field") == "Your name")
    page.keyboard.type("Keyboard Learner")
    tab_until(page, lambda a: a.get("tag") == "button" and a.get("text") == "Save")
    page.keyboard.press("Enter")
    expect(page.locator(".cc-learner").first).to_be_focused(timeout=SLOW_MS)
    expect(page.locator(".cc-learner").first).to_contain_text("Keyboard Learner")

    for sc in CUR.scenarios_for(LESSON.id, "practice"):
        title, graph, chosen = text(sc.title), Graph.of_scenario(sc), {}
        step = sc.steps[0]
        while step is not None:
            labels = [text(o.text) for o in step.options]
            best = max(range(len(step.options)), key=lambda i: step.options[i].credit)
            first = tab_until(page, lambda a: a.get("type") == "radio" and a.get("scenario") == title)
            assert first["text"] == labels[0]  # nothing chosen yet: the group's Tab stop is its first option
            if best == 0:
                page.keyboard.press("Space")
            for i in range(1, best + 1):  # arrow keys move the choice
                page.keyboard.press("ArrowDown")
                assert active(page)["text"] == labels[i]
            assert page.get_by_role("radio", name=labels[best]).is_checked()
            # one Tab stop per question: the next Tab leaves the group for Submit
            after = tab_until(page, lambda a: True, limit=1)
            assert (after["tag"], after["text"]) == ("button", "Submit"), after
            page.keyboard.press("Enter")
            box = page.locator(".cc-scenario").filter(has_text=title).first
            expect(box.locator(".cc-feedback-region")).to_be_focused(timeout=SLOW_MS)
            expect(box.locator(".cc-feedback-region")).to_contain_text(
                " ".join(text(step.options[best].consequence).split()[:5]))
            chosen[step.id] = step.options[best].id
            following = walk(graph, chosen).current
            if following is not None:
                tab_until(page, lambda a: a.get("tag") == "button" and a.get("text") == "Continue", limit=15)
                page.keyboard.press("Enter")
                expect(box.locator(".cc-step")).to_be_focused(timeout=SLOW_MS)
            step = next((s for s in sc.steps if s.id == following), None)
        expect(page.locator(".cc-scenario").filter(has_text=title).first.locator(".cc-summary-region")) \
            .to_contain_text("Score for this path")

    tab_until(page, lambda a: a.get("tag") == "textarea")
    page.keyboard.type("I will ask what the client pictured before I change anything.")
    tab_until(page, lambda a: a.get("tag") == "button" and "Save reflection" in a.get("text", ""), limit=3)
    page.keyboard.press("Enter")
    page.get_by_text("Saved.").first.wait_for(timeout=SLOW_MS)
    expect(page.locator(".cc-saved-reflection")).to_contain_text(" WIB. You wrote:")  # the browser's local time
    expect(page.locator(".cc-saved-reflection")).to_contain_text("before I change anything.")  # nothing cut off
    total = len(CUR.scenarios_for(LESSON.id, "practice")) + 1
    expect(page.get_by_text(f"{total} of {total}").first).to_be_visible(timeout=SLOW_MS)
    page.screenshot(path=str(artifacts / "keyboard-lesson-done.png"))
    rows = [r for r in app_server.rows() if r["learner_id"] == "Keyboard Learner"]
    assert {r["kind"] for r in rows} == {"choice", "reflection"}
    assert all(r["credit"] == 1.0 for r in rows if r["kind"] == "choice")
