"""The HTML report: self-contained, every plot embedded with alt text, learner text escaped, ids hidden."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from clientcraft.analytics.analysis import analyse
from clientcraft.analytics.report import pseudonym, pseudonymise, render_report, write_report
from clientcraft.analytics.simulate import simulate_cohort
from clientcraft.analytics.table import Responses

EVIL = '<script>alert("x")</script> & "quotes"'


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        for key in ("href", "src"):
            if key in attrs:
                self.links.append(attrs[key])


@pytest.fixture(scope="module")
def data():
    cohort = simulate_cohort(120, 10, seed=11)
    reflections = pd.DataFrame({"learner": ["L001", "L002"], "cohort": ["cohort-1", "cohort-2"],
                                "lesson": ["lesson-1", "lesson-2"], "text": [EVIL, "I listen first now."],
                                "timestamp": pd.to_datetime(["2026-02-01", "2026-02-02"], utc=True)})
    return Responses(table=cohort.responses, reflections=reflections, source="simulated")


@pytest.fixture(scope="module")
def page(data):
    return render_report(analyse(data), title="Spring <cohort>", source="simulated")


def test_self_contained_with_every_plot_and_alt_text(page):
    parser = Images()
    parser.feed(page)
    assert len(parser.images) == 5
    assert all(img["src"].startswith("data:image/png;base64,") and len(img["alt"]) > 60 for img in parser.images)
    assert all(link.startswith("data:") for link in parser.links)  # nothing fetched from elsewhere
    assert "<h2>Items</h2>" in page and "<h2>Before and after</h2>" in page and "g_class" in page


def test_learner_text_and_titles_are_escaped(page):
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;" in page
    assert "Spring &lt;cohort&gt;" in page


def test_pseudonymised_report_has_no_learner_ids(data):
    hidden = pseudonymise(data, salt="s3cret")
    page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", render_report(analyse(hidden)))
    assert not re.search(r"\bL\d{3}\b", page)
    assert pseudonym("L001", "s3cret") in page  # the reflection's author, under a pseudonym
    assert pseudonym("L001", "s3cret") == pseudonym("L001", "s3cret") != pseudonym("L001", "other")
    assert hidden.table["learner"].nunique() == data.table["learner"].nunique()


def test_rows_left_out_are_listed(data, tmp_path):
    from clientcraft.analytics.table import RowProblem

    flawed = Responses(table=data.table, problems=[RowProblem("log.csv", 7, "credit", "lots", "is not a number")])
    path = write_report(analyse(flawed), tmp_path / "r.html")
    assert "log.csv: row 7: credit=&#39;lots&#39;: is not a number" in path.read_text(encoding="utf-8")
