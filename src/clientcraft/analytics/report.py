"""The instructor report: one self-contained HTML file (plots embedded as PNG data, no external resources).

All text that comes from data (learner ids, reflections, item and option ids) is HTML-escaped; with
``pseudonymise`` learner ids are replaced by stable salted pseudonyms before anything is computed. Tables show
their column headers in words (:func:`columns`), every figure comes with its alt text and its numbers as a table, and
no file path or database location is printed beyond a file name.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
from markupsafe import Markup

from clientcraft.rendering import strings
from clientcraft.rendering.html import render

from .analysis import CohortAnalysis
from .learners import mastery_matrix, prepost_by_cohort
from .plots import Plot, distractor_bars, item_map, mastery_heatmap, prepost_plot, score_distribution
from .table import Responses

ITEM_COLUMNS = ["n", "facility", "disc_item_rest", "alpha_if_deleted", "d_upper_lower_27", "review"]
"""The item table's columns (the ones that decide whether an item needs review)."""
MORE_ITEM_COLUMNS = ["sd_sample", "r_item_total", "disc_efficiency", "effective_weight_pct"]
"""Further item statistics, in a folded table under the first."""

def columns() -> dict[str, str]:
    """Column (and row) names of the analysis tables, in words for the report (in the active language)."""
    return {name[len("COLUMN_"):].lower(): getattr(strings, name) for name in strings.names()
            if name.startswith("COLUMN_")}

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1a1a1a;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
.table-wrap{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0;max-width:100%}
th,td{border:1px solid #ccc;padding:.25em .45em;text-align:right}
td{overflow-wrap:anywhere}tbody th{min-width:5.5em}
thead th{background:#eef4fa;vertical-align:bottom;font-weight:600;hyphens:auto;overflow-wrap:normal}
td:first-child,th:first-child,tbody th{text-align:left}
img{max-width:100%;height:auto}.note{color:#3c4043;font-size:.9em}.review{color:#a03c00;font-weight:600}
details{margin:.3em 0 1em}summary{cursor:pointer;color:#0b57d0;text-decoration:underline;padding:.2em 0}
blockquote{border-left:4px solid #56B4E9;margin:.5em 0;padding:.2em .8em;background:#f6fafd}
"""


def pseudonym(learner: str, salt: str = "") -> str:
    """A stable pseudonym for a learner id (the same id and salt always give the same pseudonym)."""
    return "P-" + hashlib.sha256(f"{salt}\x00{learner}".encode()).hexdigest()[:10]


def pseudonymise(data: Responses, salt: str = "") -> Responses:
    """A copy of the responses with every learner id replaced by :func:`pseudonym`."""
    def relabel(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or "learner" not in frame:
            return frame
        codes, uniques = pd.factorize(frame["learner"])
        names = np.array([pseudonym(str(u), salt) for u in uniques], dtype=object)  # per learner, not per row
        return frame.assign(learner=names[codes])

    return Responses(table=relabel(data.table), reflections=relabel(data.reflections),
                     problems=list(data.problems), source=data.source)


def _cell(value: object, digits: int) -> object:
    """Whole numbers without decimals (counts), other numbers rounded to ``digits``."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)) and np.isfinite(value):
        return f"{int(value):,}" if float(value).is_integer() and abs(value) >= 1 else f"{value:.{digits}f}"
    return value


def _worded(name: object) -> object:
    return columns().get(name, name) if isinstance(name, str) else name


def _shown(frame: pd.DataFrame, digits: int = 3, *, worded_rows: bool = False) -> pd.DataFrame:
    """A copy for display: counts without decimals, other numbers rounded to ``digits``, column and index names
    in words (``worded_rows``: the row labels too, for tables of named figures)."""
    shown = frame.copy()
    for col in shown.columns:
        if pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: _cell(v, digits)).astype(object)
        elif pd.api.types.is_bool_dtype(shown[col]):
            shown[col] = shown[col].map({True: "yes", False: ""}).astype(object)
    shown.columns = [_worded(c) for c in shown.columns]
    shown.index = shown.index.set_names([_worded(n) for n in shown.index.names])
    if worded_rows:
        shown.index = [_worded(i) for i in shown.index]
    if shown.index.nlevels == 1 and shown.index.name:  # the row labels' name heads their column, on one row
        shown.columns.name, shown.index.name = shown.index.name, None
    return shown


_PATH = re.compile(r"(?<![\w.:])(?:[A-Za-z]:)?[\\/](?:[^\\/\s:'\"]+[\\/])+")


def without_paths(message: str) -> str:
    """``message`` with the folders of any absolute file path left out (the file name stays)."""
    return _PATH.sub("", message)


def source_label(source: str) -> str:
    """What the report says about where the data came from: a file name or a database's name, never a path,
    host or password."""
    if not source:
        return ""
    parts = urlsplit(source)
    if parts.scheme and "://" in source:
        name = Path(parts.path).name or parts.scheme
        return f"{parts.scheme.split('+')[0]} database {name}"
    return Path(source).name or source


def report_plots(result: CohortAnalysis) -> list[Plot]:
    """Every plot the analysis supports, in report order."""
    plots = []
    if result.items is not None:
        plots.append(item_map(result.items))
    if result.distractors is not None:
        plots.append(distractor_bars(result.distractors))
    if result.scores is not None:
        plots.append(score_distribution(result.scores))
    if result.mastery is not None and len(result.mastery):
        plots.append(mastery_heatmap(mastery_matrix(result.mastery)))
    if result.prepost is not None:
        plots.append(prepost_plot(result.prepost.learners, result.prepost.summary))
    return plots


def render_report(result: CohortAnalysis, *, title: str = "Cohort report", source: str = "",
                  max_reflections: int = 30) -> str:
    """The report as one HTML string (template ``report.html.j2``)."""
    t = result.responses
    context: dict[str, object] = {
        "title": title, "source": source_label(source), "css": Markup(CSS), "result": result,
        "problems": [without_paths(str(p)) for p in result.problems],
        "generated": f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M}", "learners": t["learner"].nunique(),
        "answers": len(t), "plots": {p.name: p for p in report_plots(result)}, "figure_data": {},
        "test_table": None, "items": None, "more_items": None, "flagged": 0, "suspects": None, "mistakes": None,
        "mistakes_by_lesson": None, "mistakes_by_recommendation": None, "anova_p": None, "mastery": None,
        "minutes": None, "prepost_summary": None, "prepost_by_cohort": None, "reflections": [],
        "cohorts": None, "practice": None,
    }
    if result.test is not None:
        context["test_table"] = _shown(result.test.to_frame("value"), worded_rows=True)
    if result.items is not None:
        items = result.items[ITEM_COLUMNS]
        context.update(items=_shown(items), more_items=_shown(result.items[MORE_ITEM_COLUMNS]),
                       flagged=int((items["review"] != "").sum()))
    if result.distractors is not None:
        sus = result.distractors[result.distractors["miskey_suspect"]]
        if len(sus):
            context["suspects"] = _shown(sus[["n", "share", "share_upper", "share_lower", "r_option_rest"]])
    if result.misconceptions is not None and len(result.misconceptions):
        context["mistakes"] = _shown(result.misconceptions.head(15))
        if result.misconceptions_by_lesson is not None:
            by_lesson = result.misconceptions_by_lesson.groupby("lesson", sort=False).head(3)
            context["mistakes_by_lesson"] = _shown(by_lesson)
        if result.misconceptions_by_recommendation is not None:
            context["mistakes_by_recommendation"] = _shown(
                result.misconceptions_by_recommendation.groupby("recommendation", sort=False).head(2))
    if result.scores is not None and result.cohorts is not None:
        p = result.cohorts.attrs.get("anova_p", float("nan"))
        context.update(anova_p=None if np.isnan(p) else p, cohorts=_shown(result.cohorts))
    if "mastery_heatmap" in context["plots"]:
        m = result.mastery
        context["mastery"] = _shown(m.groupby("recommendation").agg(
            learners=("learner", "size"), mean_mastery=("mastery", "mean"), share_mastered=("mastered", "mean")))
    if result.practice is not None:
        context["practice"] = _shown(result.practice)
    if result.time is not None and len(result.time):
        q = result.time["minutes"].quantile([0.25, 0.5, 0.75])
        context["minutes"] = (q[0.25], q[0.5], q[0.75])
    if result.prepost is not None:
        context["prepost_summary"] = _shown(result.prepost.summary.to_frame("value"), worded_rows=True)
        context["prepost_by_cohort"] = _shown(prepost_by_cohort(result.prepost))
    context["figure_data"] = {name: _shown(p.data) for name, p in context["plots"].items() if p.data is not None}
    if len(result.reflections):
        context["reflections"] = list(result.reflections.sort_values("timestamp", ascending=False)
                                      .head(max_reflections).itertuples())
    return render("report.html.j2", **context)


def write_report(result: CohortAnalysis, path: Path | str, **kwargs) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8)."""
    path = Path(path)
    path.write_text(render_report(result, **kwargs), encoding="utf-8")
    return path
