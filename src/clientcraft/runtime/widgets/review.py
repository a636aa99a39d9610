"""Review sets in the notebook: when to take one, and, from the learner's first tries, which advice to revisit.

A first try is an answer with ``attempt == 1``. Where a first try earned less than full credit, the advice
behind the best option at that step is marked to revisit; where it earned full credit, that advice counts as
applied. Everything is read from the response log, so the summary survives closing the notebook.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import ipywidgets as w

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.schema import ReviewSet
from clientcraft.rendering import strings as t
from clientcraft.rendering.course import lesson_path
from clientcraft.rendering.html import fragment, widget
from clientcraft.runtime.identity import current_identity, local_time, on_identity_change
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


def _lesson_href(cur: Curriculum, lesson_id: str) -> str:
    lesson = cur.lessons[lesson_id]
    return lesson_path(lesson.order, lesson.id).split("/", 1)[1]


def summary_html(cur: Curriculum, result: ReviewResult, lang: str = "en") -> str:
    """The learner-facing summary: how many are done, the advice to revisit with its lesson, and what went well."""
    revisit = []
    for v in result.revisit:
        rec = cur.recommendations[v.recommendation]
        lesson = cur.lessons[rec.lesson]
        revisit.append((rec, v.missed, _lesson_href(cur, lesson.id), lesson.order, lesson.title))
    applied = [cur.recommendations[r] for r in result.applied]
    return _toolkit("review_summary", len(result.answered), len(result.scenarios), revisit, applied, lang)


def _toolkit(macro: str, *args, **kwargs) -> str:
    return fragment("toolkit.html.j2", macro, *args, **kwargs)


class ReviewSummary(UsesResponseLog):
    """The "what to revisit" box at the end of a review notebook; it re-reads the log after every answer."""

    def __init__(self, cur: Curriculum, review_id: str, *, learner: str | None = None, log=None, lang: str = "en"):
        self.cur, self.rs, self.lang = cur, cur.get("review_sets", review_id), lang
        self._learner, self._log = learner, log
        self.body = w.HTML()
        self.widget = self.body  # re-read after every answer in this kernel (track) and when the learner changes
        self.result = ReviewResult(tuple(self.rs.scenarios))
        track(self)
        if learner is None:
            on_identity_change(self.refresh)  # in the app the page runs before the browser says who it is
        self.refresh()

    def refresh(self) -> None:
        """Read the log again and redraw."""
        learner = self._learner
        if learner is None:
            ident = current_identity()
            learner = ident.learner_id if ident else None
        if learner is None:
            self.body.value = widget("para", t.REVIEW_NAME_FIRST)
            return
        try:
            rows = self.log.rows(learner_id=learner)
        except ClientcraftError as exc:
            self.body.value = widget("alert", t.REVIEW_UNREADABLE.format(reason=exc))
            return
        self.result = review_result(self.cur, self.rs, rows)
        self.body.value = summary_html(self.cur, self.result, self.lang)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def timing_html(cur: Curriculum, rs: ReviewSet, rows: list[dict[str, Any]] | None, now: datetime | None = None,
                lang: str = "en") -> str:
    """When to take a review set (from the learner's last activity in the lesson it follows), and the learner's
    action plan as a reminder."""
    from .saved import latest_action_plan

    now = now or datetime.now(timezone.utc)
    if rs.after_lesson and rs.wait_days:
        lesson = cur.lessons[rs.after_lesson]
        last = max((r["timestamp"] for r in rows or [] if r.get("lesson") == lesson.id), default=None)
        if last is None:
            out = _toolkit("review_timing", "wait", lesson.title, rs.wait_days, None, None, lang)
        elif now < last + timedelta(days=rs.wait_days):
            ready = last + timedelta(days=rs.wait_days)
            out = _toolkit("review_timing", "soon", lesson.title, rs.wait_days, local_time(last, t.DATE),
                           local_time(ready, t.DATE), lang)
        else:
            out = _toolkit("review_timing", "good", lesson.title, (now - last).days, None, None, lang)
    else:
        out = _toolkit("review_timing", "mixed", None, 0, None, None, lang)
    plan = latest_action_plan(cur, rows or [])
    return out + (_toolkit("plan_reminder", plan, local_time(plan.saved_at, t.DATE)) if plan is not None else "")


class ReviewTiming(UsesResponseLog):
    """The note at the top of a review notebook: when to take it, and the learner's action plan."""

    def __init__(self, cur: Curriculum, review_id: str, *, learner: str | None = None, log=None, lang: str = "en"):
        self.cur, self.rs, self.lang, self._log, self._learner = cur, cur.get("review_sets", review_id), lang, log, learner
        self.widget = w.HTML()
        if learner is None:
            on_identity_change(self.refresh)  # in the app the page runs before the browser says who it is
        self.refresh()

    def refresh(self) -> None:
        """Read the learner's log rows again and redraw the note."""
        learner, rows = self._learner, None
        if learner is None:
            ident = current_identity()
            learner = ident.learner_id if ident else None
        if learner is not None:
            try:
                rows = self.log.rows(learner_id=learner)
            except ClientcraftError:
                rows = None
        self.widget.value = timing_html(self.cur, self.rs, rows, lang=self.lang)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
