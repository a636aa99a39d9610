"""Learner progress per lesson and across the curriculum, computed from the response log (never the notebook)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from clientcraft.core.branching import Graph, endings
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.schema import Scenario, text
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import widget


@dataclass(frozen=True)
class LessonProgress:
    """One lesson's practice scenarios (all and finished) and whether its reflection was saved."""

    lesson_id: str
    title: str
    scenarios: tuple[str, ...]
    finished: tuple[str, ...]
    reflected: bool

    @property
    def steps_total(self) -> int:
        """Things to do in the lesson: every practice scenario plus the reflection."""
        return len(self.scenarios) + 1

    @property
    def steps_done(self) -> int:
        """Things done: finished scenarios plus the reflection if saved."""
        return len(self.finished) + int(self.reflected)

    @property
    def complete(self) -> bool:
        """True when every scenario is finished and the reflection saved."""
        return self.steps_done == self.steps_total


@dataclass
class ScenarioHistory:
    """What the log says about one learner and one scenario."""

    answers: int = 0
    finished_at: list[datetime] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        """True once the learner reached an ending of the scenario at least once."""
        return bool(self.finished_at)


def scenario_history(sc: Scenario, rows: Iterable[dict[str, Any]]) -> ScenarioHistory:
    """The learner's history with ``sc`` from their log rows (rows of other scenarios are ignored)."""
    ends = endings(Graph.of_scenario(sc))
    hist = ScenarioHistory()
    for r in rows:
        if r.get("scenario") != sc.id or r.get("kind") != "choice":
            continue
        hist.answers += 1
        if (r.get("step"), r.get("option")) in ends:
            hist.finished_at.append(r["timestamp"])
    return hist


def learner_progress(cur: Curriculum, rows: list[dict[str, Any]], lesson_ids: Iterable[str] | None = None,
                     lang: str = "en", audience: str | None = None) -> list[LessonProgress]:
    """Progress in each lesson (default: all, in order) from one learner's log rows; with ``audience``, over
    that audience's track (its practice scenarios only)."""
    wanted = list(lesson_ids) if lesson_ids is not None else [ls.id for ls in cur.lessons_in_order()]
    reflected = {r["lesson"] for r in rows if r.get("kind") == "reflection" and r.get("step") in (None, "reflection")
                 and (r.get("text") or "").strip()}
    out = []
    for lid in wanted:
        lesson = cur.get("lessons", lid)
        scs = cur.scenarios_for(lid, "practice", audience)
        done = tuple(sc.id for sc in scs if scenario_history(sc, rows).finished)
        out.append(LessonProgress(lid, text(lesson.title, lang), tuple(sc.id for sc in scs), done, lid in reflected))
    return out


_live: "weakref.WeakSet[Any]" = weakref.WeakSet()
SESSION_STARTED = datetime.now(timezone.utc)
"""When this kernel session started: a plan saved before it is shown as coming from an earlier session."""


def track(view) -> None:
    """Refresh ``view`` (anything with a ``refresh()`` method) after each saved answer, while it is alive."""
    _live.add(view)


def refresh_all() -> None:
    """Re-read the log in every progress display of this kernel (called after each saved answer)."""
    for view in list(_live):
        view.refresh()


class ProgressWidget:
    """Progress bars for one lesson or for every lesson, with the learner's totals; re-reads the log on refresh."""

    def __init__(self, cur: Curriculum, lesson_id: str | None = None, *, learner: str | None = None,
                 log=None, lang: str = "en", audience: str | None = None):
        import ipywidgets as w

        if lesson_id is not None:
            cur.get("lessons", lesson_id)  # unknown lesson: fail now, naming it
        self.cur, self.lesson_id, self.lang, self.audience = cur, lesson_id, lang, audience
        self._learner, self._log = learner, log
        self.heading = w.HTML()
        self.bars = w.VBox()
        self.summary = w.HTML()
        self.refresh_button = w.Button(description=t.PROGRESS_REFRESH, tooltip=t.PROGRESS_REFRESH_TIP,
                                       layout=w.Layout(width="auto"))
        me = weakref.ref(self)  # the button must not keep this display alive after its cell is re-run
        self.refresh_button.on_click(lambda _b: (view := me()) is not None and view.refresh())
        self.widget = w.VBox([self.heading, self.bars, self.summary, self.refresh_button],
                             layout=w.Layout(border="1px solid #ddd", padding="6px"))
        self.progress: list[LessonProgress] = []
        _live.add(self)
        self.refresh()

    def _rows(self) -> list[dict[str, Any]] | None:
        from clientcraft.runtime.identity import current_identity
        from clientcraft.runtime.responselog import get_log

        learner = self._learner
        if learner is None:
            ident = current_identity()
            learner = ident.learner_id if ident else None
        if learner is None:
            return None
        log = self._log or get_log()
        return log.rows(learner_id=learner)

    def refresh(self) -> None:
        """Read the log again and redraw."""
        import ipywidgets as w

        from clientcraft.core.errors import ClientcraftError

        try:
            rows = self._rows()
        except ClientcraftError as exc:
            self.summary.value = widget("alert", t.PROGRESS_UNREADABLE.format(reason=exc))
            return
        ids = [self.lesson_id] if self.lesson_id else None
        self.progress = learner_progress(self.cur, rows or [], ids, self.lang, self.audience)
        self.heading.value = widget("heading",
                                      t.PROGRESS_LESSON if self.lesson_id else t.PROGRESS_COURSE)
        bars = []
        for p in self.progress:
            label = t.PROGRESS_STEPS.format(done=p.steps_done, total=p.steps_total)
            bar = w.IntProgress(value=p.steps_done, min=0, max=p.steps_total,
                                bar_style="success" if p.complete else "info",
                                description=p.title if not self.lesson_id else "",
                                tooltip=p.title,
                                style={"description_width": "18em"} if not self.lesson_id else {},
                                layout=w.Layout(width="36em" if not self.lesson_id else "20em"))
            bars.append(w.HBox([bar, w.HTML(widget("label", label))]))
        self.bars.children = tuple(bars)
        if rows is None:
            self.summary.value = widget("para", t.PROGRESS_NAME_FIRST)
            return
        done = sum(p.steps_done for p in self.progress)
        total = sum(p.steps_total for p in self.progress)
        items = []
        for p in self.progress:
            left = [sid for sid in p.scenarios if sid not in p.finished]
            if self.lesson_id:
                for sid in left:
                    items.append(t.PROGRESS_TODO_SCENARIO.format(title=text(self.cur.scenario(sid).title, self.lang)))
                if not p.reflected:
                    items.append(t.PROGRESS_TODO_REFLECTION)
        self.summary.value = widget("progress_summary", done, total, items) + self._plan_html(rows)

    def _plan_html(self, rows: list[dict[str, Any]]) -> str:
        """The learner's saved action plan, shown back (marked when it comes from an earlier session)."""
        from clientcraft.rendering.html import fragment

        from .saved import latest_action_plan

        plan = latest_action_plan(self.cur, rows)
        if plan is None:
            return ""
        return fragment("toolkit.html.j2", "saved_plan", plan, plan.saved_at < SESSION_STARTED)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
