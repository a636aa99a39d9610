"""Layout from 360 px phones to wide screens: options wrap and never overlap, every target is at least 24 x 24 px,
nothing needs sideways scrolling, and lines stay a readable length. Screenshots at 390, 800 and 1280 px are saved
as artifacts (index-*.png, lesson-*.png)."""

from __future__ import annotations

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.lessons import lesson_path

from .conftest import SLOW_MS, give_name, screenshots

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CUR = load_curriculum()
MIN_TARGET = 24

GEOMETRY = """() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const scenarios = [...document.querySelectorAll('.cc-scenario-view')].map((s) => ({
    width: s.getBoundingClientRect().width,
    options: [...s.querySelectorAll('.cc-option')].filter(visible).map((o) => ({
      ...box(o), text: o.innerText,
      clipped: o.querySelector('.cc-option-text').scrollWidth > o.querySelector('.cc-option-text').clientWidth + 1,
    })),
  }));
  const targets = [...document.querySelectorAll(
      '.cc-scenario-view button, .cc-option, .cc-identity button, .cc-identity input, button.jupyter-button')]
    .filter(visible).map((e) => ({...box(e), text: (e.innerText || e.getAttribute('aria-label') || e.name || '').trim()}));
  return {scenarios, targets, scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth};
}"""


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] - 0.5 and b["x"] < a["x"] + a["w"] - 0.5 and \
        a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5


def layout_problems(geometry: dict) -> list[str]:
    problems = []
    if geometry["scrollWidth"] > geometry["width"] + 1:
        problems.append(f"page scrolls sideways: {geometry['scrollWidth']} px wide in {geometry['width']} px")
    for sc in geometry["scenarios"]:
        opts = sc["options"]
        for i, a in enumerate(opts):
            if a["clipped"]:
                problems.append(f"option text cut off: {a['text'][:40]!r}")
            for b in opts[i + 1:]:
                if overlaps(a, b):
                    problems.append(f"options overlap: {a['text'][:30]!r} and {b['text'][:30]!r}")
    for t in geometry["targets"]:
        if t["w"] < MIN_TARGET or t["h"] < MIN_TARGET:
            problems.append(f"target {t['text'][:30]!r} is {t['w']:.0f} x {t['h']:.0f} px")
    return problems


def lesson_with_longest_options():
    def longest(ls):
        return max((len(text(o.text)) for sc in CUR.scenarios_for(ls.id, "practice") for st in sc.steps
                    for o in st.options), default=0)
    return max(CUR.lessons_in_order(), key=longest)


def test_360_px_phone_options_wrap_without_overlap_and_targets_are_big_enough(app_server, new_context, artifacts):
    lesson = lesson_with_longest_options()
    sc = CUR.scenarios_for(lesson.id, "practice")[0]
    page = new_context(360, 740, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    page.goto(app_server.url(lesson_path(lesson.order, lesson.id).split("/", 1)[1]))
    give_name(page, "Phone Learner")
    page.locator(".cc-option").first.wait_for(timeout=SLOW_MS)
    assert layout_problems(page.evaluate(GEOMETRY)) == []
    # a phone can choose an option by tapping its text and submit it
    box = page.locator(".cc-scenario").filter(has_text=text(sc.title)).first
    option = sc.steps[0].options[-1]
    box.get_by_text(text(option.text), exact=True).tap()
    assert box.get_by_role("radio", name=text(option.text)).is_checked()
    box.get_by_role("button", name="Submit").tap()
    box.locator(".cc-feedback").first.wait_for(timeout=SLOW_MS)
    assert layout_problems(page.evaluate(GEOMETRY)) == []
    page.screenshot(path=str(artifacts / "lesson-phone-360.png"), full_page=False)


def test_screenshots_at_390_800_1280_and_readable_lines(app_server, new_context, artifacts):
    page = new_context(1280, 900).new_page()
    page.goto(app_server.url("index.ipynb"))
    give_name(page, "Screenshot Learner")
    screenshots(page, artifacts, "index")
    lesson = CUR.lessons["two-kinds-of-difficult"]
    sc = CUR.scenarios_for(lesson.id, "practice")[0]
    page.goto(app_server.url(lesson_path(lesson.order, lesson.id).split("/", 1)[1]))
    box = page.locator(".cc-scenario").filter(has_text=text(sc.title)).first
    box.get_by_role("radio", name=text(sc.steps[0].options[1].text)).click()
    box.get_by_role("button", name="Submit").click()
    box.locator(".cc-feedback").first.wait_for(timeout=SLOW_MS)
    for width in (390, 800, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        geometry = page.evaluate(GEOMETRY)
        assert layout_problems(geometry) == [], width
        assert all(s["width"] <= 760 for s in geometry["scenarios"])  # about 80 characters a line at most
    screenshots(page, artifacts, "lesson", focus=box)
