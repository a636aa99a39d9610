"""The instructor report: one self-contained HTML file (plots embedded as PNG data, no external resources).

All text that comes from data (learner ids, reflections, item and option ids) is HTML-escaped; with
``pseudonymise`` learner ids are replaced by stable salted pseudonyms before anything is computed.
"""

from __future__ import annotations

import hashlib
import html
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from .analysis import CohortAnalysis
from .learners import mastery_matrix, prepost_by_cohort
from .plots import Plot, distractor_bars, item_map, mastery_heatmap, prepost_plot, score_distribution
from .table import Responses

ITEM_COLUMNS = ["n", "facility", "sd_sample", "disc_item_rest", "r_item_total", "disc_efficiency",
                "effective_weight_pct", "alpha_if_deleted", "d_upper_lower_27", "review"]

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1a1a1a;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .5em;
text-align:right}th{background:#eef4fa}td:first-child,th:first-child{text-align:left}
img{max-width:100%;height:auto}.note{color:#444;font-size:.9em}.review{color:#D55E00;font-weight:600}
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


def _table(frame: pd.DataFrame, digits: int = 3, index: bool = True) -> str:
    shown = frame.copy()
    for col in shown.columns:
        if pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: _cell(v, digits)).astype(object)
    return shown.to_html(escape=True, index=index, na_rep="–", border=0)


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
    """The report as one HTML string."""
    esc = html.escape
    plots = {p.name: p for p in report_plots(result)}
    t = result.responses
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>"
           f"<style>{CSS}</style></head><body><h1>{esc(title)}</h1>",
           f"<p class='note'>Source: {esc(source or 'response table')}. Generated "
           f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. {t['learner'].nunique()} learners, {len(t)} answers; "
           f"item analysis on: {esc(result.analysed)}.</p>"]
    if result.problems:
        shown = "".join(f"<li>{esc(str(p))}</li>" for p in result.problems[:20])
        more = f"<li>… and {len(result.problems) - 20} more</li>" if len(result.problems) > 20 else ""
        out.append(f"<h2>Rows left out</h2><p>{len(result.problems)} row(s) could not be used:</p>"
                   f"<ul>{shown}{more}</ul>")
    if result.test is not None:
        out.append("<h2>Test summary</h2>" + _table(result.test.to_frame("value")))
        out.append("<p class='note'>SD is the sample SD (n−1); alpha is Cronbach's alpha (Moodle's CIC/100); "
                   "KR-20 uses population variances and is given only when every item is right-or-wrong.</p>")
    if result.items is not None:
        out.append("<h2>Items</h2>" + plots["item_map"].img_tag())
        items = result.items[ITEM_COLUMNS]
        flagged = items[items["review"] != ""]
        out.append(f"<p>{len(flagged)} of {len(items)} item(s) flagged for review.</p>" + _table(items))
        out.append("<p class='note'>disc_item_rest: correlation of the item with the total of the other items "
                   "(Moodle's discrimination index/100); disc_efficiency: that covariance over its maximum; "
                   "d_upper_lower_27: facility in the upper 27% minus the lower 27% (ties at a cut go to the "
                   "higher group). Missing answers count 0.</p>")
    if result.distractors is not None:
        out.append("<h2>Distractors</h2>" + plots["distractor_bars"].img_tag())
        sus = result.distractors[result.distractors["miskey_suspect"]]
        if len(sus):
            out.append("<p class='review'>Possible miskeys: options chosen by more of the upper group than the "
                       "key.</p>" + _table(sus[["n", "share", "share_upper", "share_lower", "r_option_rest"]]))
    if result.misconceptions is not None and len(result.misconceptions):
        out.append("<h2>Most common mistakes</h2>" + _table(result.misconceptions.head(15), index=False))
        if result.misconceptions_by_lesson is not None:
            top = result.misconceptions_by_lesson.groupby("lesson", sort=False).head(3)
            out.append("<h3>Per lesson (top 3)</h3>" + _table(top, index=False))
        if result.misconceptions_by_recommendation is not None:
            top = result.misconceptions_by_recommendation.groupby("recommendation", sort=False).head(2)
            out.append("<h3>Per recommendation (top 2)</h3>" + _table(top, index=False))
    if result.scores is not None:
        out.append("<h2>Scores and cohorts</h2>" + plots["score_distribution"].img_tag())
        if result.cohorts is not None:
            p = result.cohorts.attrs.get("anova_p", float("nan"))
            out.append(_table(result.cohorts) + (f"<p class='note'>One-way ANOVA across cohorts: p = {p:.3g}.</p>"
                                                 if not np.isnan(p) else ""))
    if "mastery_heatmap" in plots:
        m = result.mastery
        per_rec = m.groupby("recommendation").agg(learners=("learner", "size"), mean_mastery=("mastery", "mean"),
                                                   share_mastered=("mastered", "mean"))
        out.append("<h2>Mastery per recommendation</h2>" + plots["mastery_heatmap"].img_tag() + _table(per_rec))
    if result.practice is not None:
        out.append("<h2>Practice: attempts to success</h2>" + _table(result.practice))
    if result.time is not None and len(result.time):
        q = result.time["minutes"].quantile([0.25, 0.5, 0.75])
        out.append(f"<h2>Time on task</h2><p>Median {q[0.5]:.0f} minutes answering (quartiles {q[0.25]:.0f}–"
                   f"{q[0.75]:.0f}).</p>")
    if result.prepost is not None:
        out.append("<h2>Before and after</h2>" + plots["prepost"].img_tag() + _table(result.prepost.summary.to_frame(
            "value")) + _table(prepost_by_cohort(result.prepost)) + "<p class='note'>g_class: Hake's normalized gain of the class means; g_ave: mean of the "
                        "learners' own gains (undefined for a learner at 100% before).</p>")
    if len(result.reflections):
        recent = result.reflections.sort_values("timestamp", ascending=False).head(max_reflections)
        quotes = "".join(f"<blockquote><p>{esc(str(r.text))}</p><footer>{esc(str(r.learner))}, "
                         f"{esc(str(r.lesson))}</footer></blockquote>" for r in recent.itertuples())
        out.append(f"<h2>Recent reflections</h2>{quotes}")
    out.append("</body></html>")
    return "\n".join(out)


def write_report(result: CohortAnalysis, path: Path | str, **kwargs) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8)."""
    path = Path(path)
    path.write_text(render_report(result, **kwargs), encoding="utf-8")
    return path
