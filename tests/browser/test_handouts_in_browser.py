"""The handouts in a real browser: reachable from a lesson and from the app's lesson index, and the job aid
prints on one page of A4 and of Letter paper in Chromium; screenshots of the printed page go to the artifacts."""

from __future__ import annotations

import re

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.lessons import INDEX_NAME

from .conftest import SLOW_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_job_aid_is_reachable_from_a_lesson_and_the_index(app_server, browser, artifacts):
    from playwright.sync_api import expect

    cur = load_curriculum()
    lesson = cur.lessons_in_order()[1]
    page = browser.new_page()
    page.goto(app_server.url(f"{lesson.order:02d}-{lesson.id}.ipynb"), timeout=SLOW_MS)
    link = page.get_by_role("link", name="Job aid (one page)").first
    link.wait_for(timeout=SLOW_MS)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Difficult client? The moves on one page", timeout=30_000)
    assert page.url.endswith("/voila/files/handouts/job-aid.html")
    page.get_by_role("link", name="Phrase bank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phrase bank", timeout=30_000)
    # the lesson index links the handouts and the handouts notebook, which links every handout
    page.goto(app_server.url(INDEX_NAME), timeout=SLOW_MS)
    page.get_by_role("link", name="Glossary").first.wait_for(timeout=SLOW_MS)
    page.screenshot(path=str(artifacts / "app-index-handouts.png"), full_page=True)
    page.get_by_role("link", name="all handouts").click()
    page.wait_for_url("**/handouts.ipynb", timeout=SLOW_MS)
    page.get_by_role("link", name="Glossary").first.wait_for(timeout=SLOW_MS)
    page.get_by_role("link", name="Glossary").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary", timeout=30_000)
    assert page.get_by_text(text(cur.glossary["retainer"].definition).split(".")[0]).count() == 1


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_job_aid_prints_on_one_page(app_server, browser, artifacts, paper):
    page = browser.new_page()
    page.goto(f"{app_server.base}/voila/files/handouts/job-aid.html", timeout=60_000)
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, print_background=True)
    assert _pages(pdf) == 1
    (artifacts / f"job-aid-{paper.lower()}.pdf").write_bytes(pdf)
    size = {"A4": (794, 1123), "Letter": (816, 1056)}[paper]  # CSS pixels of the sheet
    page.set_viewport_size({"width": size[0], "height": size[1]})
    shot = artifacts / f"job-aid-print-{paper.lower()}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
