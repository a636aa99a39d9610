"""The app in Indonesian in a real browser: translated lesson and interface, the answer logged with its language."""

from __future__ import annotations

import re

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.core.translations import localize
from clientcraft.rendering.strings import in_language

from .conftest import SLOW_MS, give_name

pytestmark = pytest.mark.browser


def test_lesson_in_indonesian_at_phone_and_desktop_width(app_server, browser, artifacts):
    from playwright.sync_api import expect

    t = in_language("id")
    cur = localize(load_curriculum(), "id")
    lesson = cur.lessons_in_order()[0]
    sc = cur.scenarios_for(lesson.id, "practice")[0]
    best = max(sc.steps[0].options, key=lambda o: o.credit)
    page = browser.new_page()
    page.goto(app_server.url(f"id/{lesson.order:02d}-{lesson.id}.ipynb"), timeout=90_000)
    page.get_by_role("heading", name=re.compile("Selamat datang")).first.wait_for(timeout=90_000)
    assert page.locator("html").get_attribute("lang") == "id"  # screen readers read the page as Indonesian
    give_name(page, "Sari Bahasa", lang="id")
    radio = page.get_by_role("radio", name=text(best.text, "id"))
    radio.wait_for(timeout=90_000)
    expect(page.get_by_role("combobox", name=t.LANGUAGE_LABEL)).to_be_visible()
    radio.check()
    submit = page.get_by_role("button", name=t.SCENARIO_SUBMIT).first
    expect(submit).to_be_enabled(timeout=30_000)
    submit.click()
    page.get_by_text(" ".join(text(best.consequence, "id").split()[:4])).first.wait_for(timeout=SLOW_MS)
    page.get_by_text(t.VERDICT_GOOD).first.wait_for(timeout=SLOW_MS)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(".cc-feedback").first.scroll_into_view_if_needed()
        shot = artifacts / f"lesson-id-{width}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    rows = [r for r in app_server.rows() if r["learner_id"] == "Sari Bahasa"]
    assert [(r["scenario"], r["option"], r["language"]) for r in rows] == [(sc.id, best.id, "id")]


@pytest.mark.parametrize(("locale", "query", "lands_on"), [
    ("en-US", "", r"/voila/render/index\.ipynb$"),
    ("id-ID", "", r"/voila/render/id/index\.ipynb$"),  # the browser's language, not remembered
    ("en-US", "?lang=fil", r"/voila/render/tl/index\.ipynb\?lang=tl$"),  # asked for: remembered by the index
])
def test_the_app_root_opens_the_index_in_the_browsers_language(app_server, new_context, locale, query, lands_on):
    page = new_context(locale=locale).new_page()
    page.goto(app_server.base + "/" + query, wait_until="commit")
    page.wait_for_url(re.compile(lands_on), timeout=60_000)


def test_the_app_root_names_each_language_in_itself_for_browsers_without_script(app_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    html = page.request.get(app_server.base + "/").text()
    page.set_content(html.replace('http-equiv="refresh"', 'data-refresh="off"'))  # stay on the page to read it
    assert page.locator("main li").count() == 5
    german = page.locator("li[lang=de] a")
    assert in_language("de").APP_ROOT_OPEN != "Open the lessons"
    assert german.inner_text() == "Deutsch: " + in_language("de").APP_ROOT_OPEN
    assert german.get_attribute("href").endswith("/voila/render/de/index.ipynb?lang=de")


def test_a_page_without_a_ready_kernel_counts_its_cells_in_no_language(app_server, new_context):
    """Voila's "Executing 3 of 17" under the spinner would be English on an Indonesian page: the count shows alone."""
    page = new_context().new_page()
    page.add_init_script("""
        window.__loading = [];
        new MutationObserver(() => {
          const el = document.getElementById("loading_text");
          if (el && el.textContent && window.__loading.at(-1) !== el.textContent) window.__loading.push(el.textContent);
        }).observe(document, {subtree: true, childList: true, characterData: true});
    """)
    page.goto(app_server.url("id/index.ipynb"), timeout=120_000)  # Indonesian keeps no kernel ready
    page.get_by_role("heading", name=re.compile("Pelajaran")).first.wait_for(timeout=120_000)
    shown = page.evaluate("window.__loading")
    assert shown, "the page never showed its progress"
    assert all(re.fullmatch(r"\d+ / \d+|\u2026", s.strip()) for s in shown), shown
    assert any(re.fullmatch(r"\d+ / \d+", s.strip()) for s in shown), shown
