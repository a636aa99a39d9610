"""Every plot renders to a PNG, is titled, uses the colour-blind-safe palette and carries alt text."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from clientcraft.analytics import plots
from clientcraft.analytics.analysis import analyse
from clientcraft.analytics.items import ScoreMatrix, item_statistics
from clientcraft.analytics.learners import mastery_matrix
from clientcraft.analytics.simulate import simulate_cohort

PNG = b"\x89PNG\r\n\x1a\n"
SAFE = {mcolors.to_hex(c) for c in plots.OKABE_ITO.values()}


@pytest.fixture(scope="module")
def result():
    return analyse(simulate_cohort(200, 12, seed=5).responses)


@pytest.fixture(scope="module")
def all_plots(result):
    return [plots.item_map(result.items), plots.distractor_bars(result.distractors),
            plots.mastery_heatmap(mastery_matrix(result.mastery)), plots.score_distribution(result.scores),
            plots.prepost_plot(result.prepost.learners, result.prepost.summary)]


def test_every_plot_written_to_png(all_plots, tmp_path):
    assert len({p.name for p in all_plots}) == 5
    for p in all_plots:
        path = p.save(tmp_path / f"{p.name}.png")
        data = path.read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000, p.name


def test_titles_and_alt_text(all_plots):
    for p in all_plots:
        shown = [ax.get_title() for ax in p.figure.axes] + [p.figure.get_suptitle()]
        assert p.title in shown, p.name
        assert len(p.alt) > 60 and p.alt.endswith("."), p.name
        assert 'alt="' in p.img_tag() and p.img_tag().startswith('<img src="data:image/png;base64,')


def test_alt_text_states_the_data(result, all_plots):
    by_name = {p.name: p for p in all_plots}
    assert f"{len(result.items)} items" in by_name["item_map"].alt
    assert f"g = {result.prepost.summary['g_class']:.2f}" in by_name["prepost"].alt
    assert "cohort-1: 100 learners" in by_name["score_distribution"].alt


def test_marks_and_lines_use_the_safe_palette(all_plots):
    for p in all_plots:
        for ax in p.figure.axes:
            for coll in ax.collections:
                colours = coll.get_facecolors() if hasattr(coll, "get_facecolors") else []
                if getattr(coll, "get_array", lambda: None)() is not None:
                    continue  # an image / colour-mapped collection: cividis
                for c in colours:
                    assert mcolors.to_hex(c[:3]) in SAFE, p.name
            for patch in ax.patches:
                if patch.get_facecolor()[3] > 0 and patch.get_width() < 1:  # bars, not the background span
                    assert mcolors.to_hex(patch.get_facecolor()[:3]) in SAFE | {"#ffffff"}, p.name
    heat = all_plots[2].figure.axes[0].images[0]
    assert heat.get_cmap().name == "cividis"


def test_item_map_with_undefined_discrimination(tmp_path):
    items = item_statistics(ScoreMatrix.from_frame(pd.DataFrame(np.ones((4, 3)), columns=list("abc"))))
    p = plots.item_map(items)
    assert "3 item(s) flagged" in p.alt
    assert p.save(tmp_path / "flat.png").read_bytes().startswith(PNG)


@pytest.mark.parametrize("pre,post,words", [(60.6, 56.6, "fell from 60.6% to 56.6%"),
                                            (50.0, 62.5, "rose from 50.0% to 62.5%"),
                                            (70.0, 70.04, "stayed at 70.0%")])
def test_prepost_alt_text_states_the_change_the_numbers_show(pre, post, words):
    """The alt text is generated from the numbers: a falling mean is never said to have risen."""
    from clientcraft.analytics.plots import prepost_plot

    learners = pd.DataFrame({"pre_pct": [pre - 5, pre + 5, pre], "post_pct": [post - 5, post + 5, post]})
    summary = pd.Series({"mean_pre_pct": pre, "mean_post_pct": post, "g_class": (post - pre) / (100 - pre)})
    plot = prepost_plot(learners, summary)
    assert f"The class mean {words} " in plot.alt
    higher = int((learners["post_pct"] > learners["pre_pct"]).sum())
    assert f"{higher} learner(s) scored higher at the end" in plot.alt
    assert plot.data.equals(learners[["pre_pct", "post_pct"]])
