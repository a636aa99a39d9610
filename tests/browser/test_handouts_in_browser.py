"""The handouts in a real browser: reachable from a lesson and from the app's index (Voila), and the job aid
prints on one page of A4 and of Letter paper in Chromium; screenshots of the printed page go to the artifacts."""

from __future__ import annotations

import re

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_job_aid_is_reachable_from_a_lesson_and_the_index(voila_server, browser, artifacts):
    from playwright.sync_api import expect

    cur = load_curriculum()
    lesson = cur.lessons_in_order()[1]
    page = browser.new_page()
    page.goto(f"{voila_server}/voila/render/{lesson.order:02d}-{lesson.id}.ipynb", timeout=90_000)
    link = page.get_by_role("link", name="Job aid (one page)").first
    link.wait_for(timeout=90_000)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Difficult client? The moves on one page", timeout=30_000)
    assert page.url.endswith("/voila/files/handouts/job-aid.html")
    page.get_by_role("link", name="Phrase bank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phrase bank", timeout=30_000)
    # the app's index lists the handouts notebook (not the folder of pages), which links every handout
    page.goto(f"{voila_server}/", timeout=60_000)
    entry = page.get_by_text("handouts.ipynb", exact=True)
    entry.wait_for(timeout=60_000)
    assert page.get_by_text("handouts", exact=True).count() == 0
    page.screenshot(path=str(artifacts / "app-index.png"))
    with page.context.expect_page(timeout=60_000) as opened:  # the index opens notebooks in a new tab
        entry.dblclick()
    index = opened.value
    index.get_by_role("link", name="Glossary").first.wait_for(timeout=90_000)
    index.get_by_role("link", name="Glossary").first.click()
    expect(index.get_by_role("heading", level=1)).to_have_text("Glossary", timeout=30_000)
    assert index.get_by_text(text(cur.glossary["retainer"].definition).split(".")[0]).count() == 1


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_job_aid_prints_on_one_page(voila_server, browser, artifacts, paper):
    page = browser.new_page()
    page.goto(f"{voila_server}/voila/files/handouts/job-aid.html", timeout=60_000)
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, print_background=True)
    assert _pages(pdf) == 1
    (artifacts / f"job-aid-{paper.lower()}.pdf").write_bytes(pdf)
    size = {"A4": (794, 1123), "Letter": (816, 1056)}[paper]  # CSS pixels of the sheet
    page.set_viewport_size({"width": size[0], "height": size[1]})
    shot = artifacts / f"job-aid-print-{paper.lower()}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")
