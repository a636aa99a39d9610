"""The learner's summary of one graded item, shown by the hidden test and therefore in their feedback."""

from __future__ import annotations

import html
from typing import Any

from clientcraft.core.branching import ItemScore


def item_summary_html(key: dict[str, Any], result: ItemScore, *, points: float = 1.0,
                      problem: str | None = None) -> str:
    """One learner's summary of one item: score, and for each step on their path their choice, the
    consequence and the coaching. All text is HTML-escaped."""
    esc = html.escape
    earned = result.credit * points
    parts = [f"<div class='clientcraft-item-summary' data-item='{esc(key['id'])}'>",
             f"<h4>{esc(key['title'])}: {earned:g} / {points:g}</h4>"]
    if problem:
        parts.append(f"<p><b>Note:</b> {esc(problem)}</p>")
    for step, option in result.path:
        st = key["steps"][step]
        parts.append(f"<p><b>{esc(st['prompt'])}</b></p>")
        if option is None:
            note = " (the saved choice was not one of the options)" if step in result.invalid else ""
            parts.append(f"<p>No answer{note}; this step counts 0.</p>")
            continue
        opt = st["options"][option]
        parts.append(
            f"<p>You chose {esc(option.upper())}: {esc(opt['text'])}</p>"
            f"<p><i>What happened:</i> {esc(opt['consequence'])}</p>"
            f"<p><i>Coaching:</i> {esc(opt['coaching'])}</p>"
        )
    parts.append("</div>")
    return "\n".join(parts)
