"""The handout pages pass axe-core's WCAG 2.2 A/AA rules in Chromium, on screen and in print layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.rendering.handouts import PAGES, render_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing (run 'npm ci' or ./run test to install axe-core)")
    folder = tmp_path_factory.mktemp("handouts")
    cur = load_curriculum()
    for name in PAGES:
        (folder / name).write_text(render_page(cur, name), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("media", ["screen", "print"])
def test_handout_has_no_wcag_violations(pages, browser, name, media):
    page = browser.new_page()
    page.emulate_media(media=media)
    page.goto((pages / name).as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert not problems, problems
    assert len(result["passes"]) >= 5  # axe really ran its rules
