"""Instructor plots: item map, distractor bars, mastery heatmap, score distribution and pre/post.

Every plot is a titled matplotlib figure in the colour-blind-safe Okabe-Ito palette (heatmaps use ``cividis``)
returned with alt text computed from the plotted numbers (so it states them correctly, including whether a value
rose or fell) and with those numbers as a table (``Plot.data``); figures are built without pyplot, so no global
state or display backend is involved.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from clientcraft.rendering.html import fragment

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
"""The Okabe-Ito colour-blind-safe palette."""

CYCLE = [OKABE_ITO[c] for c in ("blue", "orange", "green", "purple", "sky_blue", "vermillion", "yellow")]


@dataclass
class Plot:
    """A figure, its title, its alt text (a sentence or two saying what the figure shows) and the plotted numbers
    as a table, for readers who cannot see the figure or want the exact values."""

    name: str
    title: str
    alt: str
    figure: Figure = field(repr=False)
    data: pd.DataFrame | None = field(default=None, repr=False)

    def png(self, dpi: int = 110) -> bytes:
        """The figure as PNG bytes."""
        buf = io.BytesIO()
        FigureCanvasAgg(self.figure)
        self.figure.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
        return buf.getvalue()

    def save(self, path: Path | str, dpi: int = 110) -> Path:
        """Write the PNG to ``path``."""
        path = Path(path)
        path.write_bytes(self.png(dpi))
        return path

    @property
    def png_base64(self) -> str:
        """The PNG, base64-encoded (for a data URI)."""
        return base64.b64encode(self.png()).decode("ascii")

    def img_tag(self) -> str:
        """A self-contained ``<img>`` element (PNG as a data URI) with the alt text."""
        return fragment("figure.html.j2", "img", self.png_base64, self.alt)

    def _repr_html_(self) -> str:
        return fragment("figure.html.j2", "figure", self.png_base64, self.alt, self.title)


def change(before: float, after: float, unit: str = "%", digits: int = 1) -> str:
    """Words for a change between two numbers as they are shown: 'rose from 50.0% to 62.5%', 'fell from ...',
    or 'stayed at ...' when both round to the same figure."""
    a, b = f"{before:.{digits}f}{unit}", f"{after:.{digits}f}{unit}"
    if a == b:
        return f"stayed at {a}"
    return f"{'rose' if after > before else 'fell'} from {a} to {b}"


def _figure(width: float = 7.5, height: float = 4.5) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def item_map(items: pd.DataFrame) -> Plot:
    """Facility (x) against item-rest discrimination (y); items flagged for review are drawn as orange-red
    triangles and labelled."""
    title = "Item map: how easy each item is and how well it separates stronger from weaker learners"
    fig = _figure()
    ax = fig.add_subplot()
    flagged = items["review"].fillna("").str.len() > 0
    y = items["disc_item_rest"].fillna(0.0)
    ax.axhspan(-1, 0.2, color=OKABE_ITO["yellow"], alpha=0.18, lw=0)
    ax.axhline(0, color=OKABE_ITO["black"], lw=0.8)
    ax.scatter(items.loc[~flagged, "facility"], y[~flagged], color=OKABE_ITO["blue"], marker="o", s=36,
               label="fine")
    ax.scatter(items.loc[flagged, "facility"], y[flagged], color=OKABE_ITO["vermillion"], marker="^", s=48,
               label="review")
    for item in items.index[flagged][:25]:
        ax.annotate(str(item), (items.loc[item, "facility"], y[item]), fontsize=7, xytext=(3, 3),
                    textcoords="offset points")
    ax.set(xlim=(-0.02, 1.02), ylim=(min(-0.3, float(y.min()) - 0.05), max(1.0, float(y.max()) + 0.05)),
           xlabel="facility (share of credit earned)", ylabel="discrimination (item-rest correlation)", title=title)
    ax.title.set_fontsize(10)
    ax.legend(loc="lower left", fontsize=8)
    names = ", ".join(map(str, items.index[flagged][:10])) + (" and more" if flagged.sum() > 10 else "")
    alt = (f"Scatter plot of {len(items)} items. Facility ranges from {items['facility'].min():.2f} to "
           f"{items['facility'].max():.2f}; item-rest discrimination from {y.min():.2f} to {y.max():.2f}. "
           + (f"{int(flagged.sum())} item(s) flagged for review: {names}." if flagged.any()
              else "No item is flagged for review."))
    data = pd.DataFrame({"facility": items["facility"], "disc_item_rest": y, "review": items["review"].fillna("")})
    return Plot("item_map", title, alt, fig, data)


def distractor_bars(distractors: pd.DataFrame, items: list[str] | None = None, max_items: int = 6) -> Plot:
    """For up to ``max_items`` items (default: those with a suspected miskey, then the most chosen wrong
    options), the share of the upper group, everyone and the lower group choosing each option."""
    if items is None:
        wrong = distractors[~distractors["key"]]
        suspects = list(wrong.index[wrong["miskey_suspect"]].get_level_values("item").unique())
        popular = list(wrong["share"].groupby(level="item").max().sort_values(ascending=False).index)
        items = list(dict.fromkeys(suspects + popular))[:max_items]
    items = items[:max_items]
    title = "Distractors: who chooses each option (upper 27%, everyone, lower 27%)"
    cols = min(3, max(len(items), 1))
    rows = max(1, int(np.ceil(len(items) / cols)))
    fig = _figure(3.2 * cols, 2.8 * rows + 0.4)
    fig.suptitle(title, fontsize=10)
    series = [("share_upper", "upper 27%", OKABE_ITO["blue"], ""), ("share", "everyone", OKABE_ITO["orange"], "//"),
              ("share_lower", "lower 27%", OKABE_ITO["sky_blue"], "..")]
    for k, item in enumerate(items):
        ax = fig.add_subplot(rows, cols, k + 1)
        d = distractors.loc[item]
        x = np.arange(len(d))
        for j, (col, label, colour, hatch) in enumerate(series):
            ax.bar(x + (j - 1) * 0.27, d[col].fillna(0), width=0.27, color=colour, hatch=hatch, label=label,
                   edgecolor="white")
        ax.set_xticks(x, [f"{o}{' (key)' if key else ''}" for o, key in zip(d.index, d["key"])], fontsize=7)
        ax.set_ylim(0, 1)
        ax.set_title(str(item), fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        if k == 0:
            ax.legend(fontsize=6)
    parts = []
    for item in items:
        d = distractors.loc[item]
        wrong = d[~d["key"]]
        if len(wrong) and wrong["n"].sum():
            top = wrong["share"].idxmax()
            parts.append(f"{item}: most chosen wrong option {top} ({wrong.loc[top, 'share']:.0%})")
    alt = (f"Grouped bar charts for {len(items)} item(s) showing each option's share among the upper group, "
           f"everyone and the lower group. " + "; ".join(parts) + ".")
    data = distractors.loc[items, ["key", "share_upper", "share", "share_lower"]] if items else None
    return Plot("distractor_bars", title, alt, fig, data)


def mastery_heatmap(matrix: pd.DataFrame, max_learners: int = 60) -> Plot:
    """Learners x recommendations mean first-attempt credit (dark = low, yellow = high); with many learners an
    evenly spaced sample of learners, ranked by overall mastery, is shown."""
    ranked = matrix.loc[matrix.mean(axis=1).sort_values().index]
    shown = ranked.iloc[np.unique(np.linspace(0, len(ranked) - 1, min(max_learners, len(ranked))).astype(int))] \
        if len(ranked) else ranked
    title = "Mastery per recommendation (mean first-attempt credit)"
    fig = _figure(max(6.0, 0.35 * shown.shape[1] + 3), max(3.5, 0.08 * len(shown) + 1.5))
    ax = fig.add_subplot()
    im = ax.imshow(shown.to_numpy(dtype=float), aspect="auto", cmap="cividis", vmin=0, vmax=1,
                   interpolation="nearest")
    ax.set_xticks(np.arange(shown.shape[1]), [str(c) for c in shown.columns], rotation=60, ha="right", fontsize=7)
    if len(shown) <= 40:
        ax.set_yticks(np.arange(len(shown)), [str(i) for i in shown.index], fontsize=6)
    else:
        ax.set_yticks([])
    ax.set(xlabel="recommendation", ylabel=f"learners ({len(shown)} of {len(matrix)}, weakest at the top)")
    ax.set_title(title, fontsize=10)
    fig.colorbar(im, ax=ax, label="mean credit share")
    col_means = matrix.mean(axis=0)
    alt = (f"Heatmap of {len(matrix)} learners by {matrix.shape[1]} recommendations, colour showing mean "
           f"first-attempt credit from 0 (dark blue) to 1 (yellow). "
           + (f"Lowest cohort mastery: {col_means.idxmin()} ({col_means.min():.2f}); highest: "
              f"{col_means.idxmax()} ({col_means.max():.2f})." if len(col_means.dropna()) else ""))
    return Plot("mastery_heatmap", title, alt, fig, shown.rename_axis(index="learner", columns=None))


def score_distribution(scores: pd.DataFrame) -> Plot:
    """Histogram of learners' percent scores, one outlined histogram per cohort."""
    title = "Score distribution by cohort"
    fig = _figure()
    ax = fig.add_subplot()
    bins = np.linspace(0, 100, 21)
    parts = []
    for k, (cohort, group) in enumerate(scores.groupby("cohort", observed=True)):
        label = cohort or "(no cohort)"
        ax.hist(group["percent"], bins=bins, histtype="step", lw=2, color=CYCLE[k % len(CYCLE)],
                linestyle=["-", "--", ":", "-."][k % 4], label=f"{label} (n={len(group)})")
        parts.append(f"{label}: {len(group)} learners, median {group['percent'].median():.0f}%")
    ax.set(xlabel="score (%)", ylabel="learners", xlim=(0, 100), title=title)
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8)
    alt = "Histogram of learners' scores in percent by cohort. " + "; ".join(parts) + "."
    bands = pd.cut(scores["percent"].clip(0, 100), bins=bins, include_lowest=True, right=False)
    data = pd.crosstab(bands, scores["cohort"].fillna("").replace("", "(no cohort)"))
    data.index = [f"{int(b.left)}–{int(b.right)}%" for b in data.index]
    return Plot("score_distribution", title, alt, fig, data.rename_axis(index="score_band", columns=None))


def prepost_plot(learners: pd.DataFrame, summary: pd.Series) -> Plot:
    """Each learner's pre-test against post-test percent; points above the diagonal improved."""
    title = "Before and after: baseline against final score"
    fig = _figure(5.5, 5.0)
    ax = fig.add_subplot()
    ax.plot([0, 100], [0, 100], color=OKABE_ITO["black"], lw=0.8, linestyle="--", label="no change")
    jitter = np.random.default_rng(0).uniform(-0.8, 0.8, size=(2, len(learners)))
    ax.scatter(learners["pre_pct"] + jitter[0], learners["post_pct"] + jitter[1], s=10, alpha=0.5,
               color=OKABE_ITO["blue"], label="learner")
    ax.scatter([summary["mean_pre_pct"]], [summary["mean_post_pct"]], s=120, marker="D",
               color=OKABE_ITO["vermillion"], label="class mean", zorder=3)
    ax.set(xlim=(-2, 102), ylim=(-2, 102), xlabel="baseline score (%)", ylabel="final score (%)", title=title)
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, loc="lower right")
    improved = int((learners["post_pct"] > learners["pre_pct"]).sum())
    worse = int((learners["post_pct"] < learners["pre_pct"]).sum())
    alt = (f"Scatter plot of {len(learners)} learners' baseline against final scores. The class mean "
           f"{change(summary['mean_pre_pct'], summary['mean_post_pct'])} (normalized gain g = "
           f"{summary['g_class']:.2f}); {improved} learner(s) scored higher at the end, {worse} lower and "
           f"{len(learners) - improved - worse} the same.")
    return Plot("prepost", title, alt, fig, learners[["pre_pct", "post_pct"]])
