"""Review sets in the notebook: when to take one, and, from the learner's first tries, which advice to revisit.

A first try is an answer with ``attempt == 1``. Where a first try earned less than full credit, the advice
behind the best option at that step is marked to revisit; where it earned full credit, that advice counts as
applied. Everything is read from the response log, so the summary survives closing the notebook.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import ipywidgets as w

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.loader import Curriculum
from clientcraft.core.schema import ReviewSet
from clientcraft.rendering.html import esc, inline
from clientcraft.runtime.identity import current_identity
from clientcraft.runtime.logaccess import UsesResponseLog

from .progress import track


@dataclass(frozen=True)
class Revisit:
    """One piece of advice and how the learner's first tries went where it was the best answer."""

    recommendation: str
    lesson: str
    missed: int
    applied: int


@dataclass
class ReviewResult:
    """What the log says about one learner and one review set."""

    scenarios: tuple[str, ...]
    answered: tuple[str, ...] = ()
    first_try_credit: dict[str, float] = field(default_factory=dict)
    revisit: list[Revisit] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)


def review_result(cur: Curriculum, rs: ReviewSet, rows: list[dict[str, Any]]) -> ReviewResult:
    """The learner's first tries on a review set's scenarios, and the advice to revisit (most missed first)."""
    missed: Counter[str] = Counter()
    applied: Counter[str] = Counter()
    answered: list[str] = []
    credit: dict[str, float] = {}
    for sid in rs.scenarios:
        sc = cur.scenario(sid)
        first: dict[str, dict[str, Any]] = {}
        for r in rows:
            if r.get("scenario") == sid and r.get("kind") == "choice" and r.get("attempt") == 1:
                first.setdefault(r.get("step"), r)
        if not first:
            continue
        answered.append(sid)
        credits = []
        for st in sc.steps:
            row = first.get(st.id)
            if row is None or row.get("credit") is None:
                continue
            credits.append(float(row["credit"]))
            best = next(o for o in st.options if o.credit == 1)
            for rid in best.recommendations:
                (applied if row["credit"] >= 1 else missed)[rid] += 1
        if credits:
            credit[sid] = sum(credits) / len(credits)
    order = [r for r in cur.recommendations if r in missed]
    revisit = sorted((Revisit(r, cur.recommendations[r].lesson, missed[r], applied[r]) for r in order),
                     key=lambda v: (-v.missed, order.index(v.recommendation)))
    strong = [r for r in cur.recommendations if applied[r] and not missed[r]]
    return ReviewResult(tuple(rs.scenarios), tuple(answered), credit, revisit, strong)


def _lesson_link(cur: Curriculum, lesson_id: str, lang: str) -> str:
    from clientcraft.rendering.lessons import lesson_path

    lesson = cur.lessons[lesson_id]
    name = lesson_path(lesson.order, lesson.id).split("/", 1)[1]
    return f'<a href="{esc(name)}">Lesson {lesson.order}: {inline(lesson.title, lang)}</a>'


def summary_html(cur: Curriculum, result: ReviewResult, lang: str = "en") -> str:
    """The learner-facing summary: how many are done, the advice to revisit with its lesson, and what went well."""
    total, done = len(result.scenarios), len(result.answered)
    parts = [f"<p><b>{done} of {total}</b> scenarios answered.</p>"]
    if not done:
        parts.append("<p>Answer the scenarios above; this summary then shows which advice to revisit.</p>")
        return "".join(parts)
    if result.revisit:
        items = []
        for v in result.revisit:
            rec = cur.recommendations[v.recommendation]
            times = "once" if v.missed == 1 else f"{v.missed} times"
            items.append(f"<li><b>{inline(rec.action, lang)}</b><br><small>Missed on a first try {times}. "
                         f"Revisit: {_lesson_link(cur, rec.lesson, lang)}</small></li>")
        parts.append("<p>Advice to revisit (your first try missed it; read the lesson part again, then try the "
                     f"scenario once more):</p><ul>{''.join(items)}</ul>")
    else:
        parts.append("<p>Every first try so far was the best answer. Nothing to revisit.</p>")
    if result.applied:
        good = "".join(f"<li>{inline(cur.recommendations[r].action, lang)}</li>" for r in result.applied)
        parts.append(f"<details><summary>Advice you applied well ({len(result.applied)})</summary><ul>{good}</ul>"
                     "</details>")
    if done < total:
        parts.append(f"<p>{total - done} still to answer.</p>")
    return "".join(parts)


class ReviewSummary(UsesResponseLog):
    """The "what to revisit" box at the end of a review notebook; it re-reads the log after every answer."""

    def __init__(self, cur: Curriculum, review_id: str, *, learner: str | None = None, log=None, lang: str = "en"):
        self.cur, self.rs, self.lang = cur, cur.get("review_sets", review_id), lang
        self._learner, self._log = learner, log
        self.body = w.HTML()
        self.refresh_button = w.Button(description="Refresh", tooltip="Read your answers again",
                                       layout=w.Layout(width="auto"))
        me = weakref.ref(self)
        self.refresh_button.on_click(lambda _b: (view := me()) is not None and view.refresh())
        self.widget = w.VBox([self.body, self.refresh_button], layout=w.Layout(border="1px solid #ddd", padding="6px"))
        self.result = ReviewResult(tuple(self.rs.scenarios))
        track(self)
        self.refresh()

    def refresh(self) -> None:
        """Read the log again and redraw."""
        learner = self._learner
        if learner is None:
            ident = current_identity()
            learner = ident.learner_id if ident else None
        if learner is None:
            self.body.value = "<p>Enter your name at the top to see which advice to revisit.</p>"
            return
        try:
            rows = self.log.rows(learner_id=learner)
        except ClientcraftError as exc:
            self.body.value = f'<p role="alert">Your answers cannot be read right now: {esc(str(exc))}</p>'
            return
        self.result = review_result(self.cur, self.rs, rows)
        self.body.value = summary_html(self.cur, self.result, self.lang)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def timing_html(cur: Curriculum, rs: ReviewSet, rows: list[dict[str, Any]] | None, now: datetime | None = None,
                lang: str = "en") -> str:
    """When to take a review set (from the learner's last activity in the lesson it follows), and the learner's
    action plan as a reminder."""
    from .forms import latest_action_plan

    now = now or datetime.now(timezone.utc)
    parts: list[str] = []
    if rs.after_lesson and rs.wait_days:
        lesson = cur.lessons[rs.after_lesson]
        title = inline(lesson.title, lang)
        last = max((r["timestamp"] for r in rows or [] if r.get("lesson") == lesson.id), default=None)
        if last is None:
            parts.append(f"<p>This review works best about {rs.wait_days} days after you finish "
                         f"<i>{title}</i>.</p>")
        else:
            ready = last + timedelta(days=rs.wait_days)
            if now < ready:
                parts.append(f"<p>You last worked on <i>{title}</i> on {last:%d %b %Y}. This review works best from "
                             f"<b>{ready:%d %b %Y}</b>. You can take it now, but after a gap it does more for "
                             "you.</p>")
            else:
                parts.append(f"<p>Good timing: {(now - last).days} days since you last worked on <i>{title}</i>.</p>")
    else:
        parts.append("<p>The scenarios below are new, and the lessons they come from are mixed. Decide what kind "
                     "of situation each one is before you choose.</p>")
    plan = latest_action_plan(cur, rows or [])
    if plan is not None:
        when = f" <i>When:</i> {esc(plan.when)}" if plan.when else ""
        parts.append(f'<div class="cc-plan-reminder"><p><b>Your action plan</b> (saved {plan.saved_at:%d %b %Y}): '
                     f"{esc(plan.change)}{when}</p><p>Have you done it yet? If not, what is in the way?</p></div>")
    return "".join(parts)


class ReviewTiming(UsesResponseLog):
    """The note at the top of a review notebook: when to take it, and the learner's action plan."""

    def __init__(self, cur: Curriculum, review_id: str, *, learner: str | None = None, log=None, lang: str = "en"):
        self.cur, self.rs, self.lang, self._log = cur, cur.get("review_sets", review_id), lang, log
        rows = None
        if learner is None:
            ident = current_identity()
            learner = ident.learner_id if ident else None
        if learner is not None:
            try:
                rows = self.log.rows(learner_id=learner)
            except ClientcraftError:
                rows = None
        self.widget = w.HTML(timing_html(cur, self.rs, rows, lang=lang))

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
