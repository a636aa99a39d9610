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
    assert "<h2>Items</h2>" in page and "<h2>Before and after</h2>" in page and "Gain of the class means (g)" in page


def test_column_headers_are_words_not_internal_names(page):
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page)
    assert "Discrimination (item against the rest)" in headers and "Reliability (KR-20)" in page
    internal = {"disc_item_rest", "kr20_pop", "sd_sample", "d_upper_lower_27", "g_class", "mean_pre_pct",
                "share_upper", "effective_weight_pct", "alpha_if_deleted", "r_item_total"}
    assert not internal & set(headers) and not any(name in page for name in internal)


def test_every_figure_has_its_numbers_as_a_table(page):
    figures = page.count("<img ")
    tables = page.count("<summary>The numbers in this figure, as a table</summary>")
    assert figures == tables == 5


def test_no_absolute_paths_in_the_report(data, tmp_path):
    from clientcraft.analytics.table import RowProblem

    where = str(tmp_path / "exports" / "grades.csv")
    flawed = Responses(table=data.table, problems=[RowProblem(where, 3, "credit", "x", "is not a number")],
                       source=where)
    page = render_report(analyse(flawed), source=f"sqlite:///{tmp_path}/responses.sqlite")
    assert str(tmp_path) not in page
    assert "sqlite database responses.sqlite" in page and "grades.csv: row 3" in page


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
