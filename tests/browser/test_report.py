"""The instructor report in a real browser: tables fit the page, every figure has alt text and a data table, and
axe-core finds no critical or serious violation. Screenshots at 800 and 1280 px are saved."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, screenshots

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    import pandas as pd

    from clientcraft.analytics.analysis import analyse
    from clientcraft.analytics.report import write_report
    from clientcraft.analytics.simulate import simulate_cohort
    from clientcraft.analytics.table import Responses

    cohort = simulate_cohort(200, 12, seed=5)
    reflections = pd.DataFrame({"learner": ["L001"], "cohort": ["cohort-1"], "lesson": ["lesson-1"],
                                "text": ["I ask what they pictured first."],
                                "timestamp": pd.to_datetime(["2026-02-01"], utc=True)})
    data = Responses(table=cohort.responses, reflections=reflections, source="simulated")
    return write_report(analyse(data), tmp_path_factory.mktemp("report") / "report.html", title="Spring cohort",
                        source="simulated")


def test_report_tables_fit_and_axe_finds_nothing_serious(report_file, new_context, artifacts):
    page = new_context(1280, 900).new_page()
    page.goto(report_file.as_uri())
    page.locator("h1").wait_for()
    for width in (800, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("""() => {
            const main = document.querySelector('main').getBoundingClientRect();
            const wide = [...document.querySelectorAll('main > .table-wrap > table, main > table')]
              .filter((t) => t.getBoundingClientRect().right > main.right + 1).map((t) => t.innerText.slice(0, 40));
            return {page: document.documentElement.scrollWidth > window.innerWidth + 1, wide};
        }""")
        assert overflow == {"page": False, "wide": []}, width
    assert page.locator("img:not([alt])").count() == 0
    assert page.locator("img").count() == page.get_by_text("The numbers in this figure, as a table").count() > 0
    page.set_viewport_size({"width": 390, "height": 900})  # a phone: wide tables scroll inside their box only
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshots(page, artifacts, "report")
    assert axe_violations(page, artifacts, "report") == []
