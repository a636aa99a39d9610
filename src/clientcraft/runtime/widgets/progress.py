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


def learner_rows(learner: str | None = None, log=None) -> list[dict[str, Any]] | None:
    """The log rows of ``learner`` (default: who is answering in this kernel), or None if nobody is known yet."""
    from clientcraft.runtime.identity import current_identity
    from clientcraft.runtime.responselog import get_log

    if learner is None:
        ident = current_identity()
        learner = ident.learner_id if ident else None
    if learner is None:
        return None
    return (log or get_log()).rows(learner_id=learner)


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
    """The learner's progress in one lesson (one line and what is left) or in every lesson (one line each),
    read from the log again after every answer in this kernel and whenever the learner changes."""

    def __init__(self, cur: Curriculum, lesson_id: str | None = None, *, learner: str | None = None,
                 log=None, lang: str = "en", audience: str | None = None):
        import ipywidgets as w

        if lesson_id is not None:
            cur.get("lessons", lesson_id)  # unknown lesson: fail now, naming it
        self.cur, self.lesson_id, self.lang, self.audience = cur, lesson_id, lang, audience
        self._learner, self._log = learner, log
        self.widget = w.HTML()
        self.progress: list[LessonProgress] = []
        track(self)
        if learner is None:
            from clientcraft.runtime.identity import on_identity_change

            on_identity_change(self.refresh)
        self.refresh()

    @property
    def html(self) -> str:
        """What the display shows (HTML)."""
        return self.widget.value

    def refresh(self) -> None:
        """Read the log again and redraw."""
        from clientcraft.core.errors import ClientcraftError

        heading = t.PROGRESS_LESSON if self.lesson_id else t.PROGRESS_COURSE
        try:
            rows = learner_rows(self._learner, self._log)
        except ClientcraftError as exc:
            self.widget.value = widget("progress_message", heading, t.PROGRESS_UNREADABLE.format(reason=exc), True)
            return
        ids = [self.lesson_id] if self.lesson_id else None
        self.progress = learner_progress(self.cur, rows or [], ids, self.lang, self.audience)
        if rows is None:
            self.widget.value = widget("progress_message", heading, t.PROGRESS_NAME_FIRST)
        elif self.lesson_id:
            (p,) = self.progress
            todo = [t.PROGRESS_TODO_SCENARIO.format(title=text(self.cur.scenario(sid).title, self.lang))
                    for sid in p.scenarios if sid not in p.finished]
            if not p.reflected:
                todo.append(t.PROGRESS_TODO_REFLECTION)
            self.widget.value = widget("progress_lesson", p, todo) + self._plan_html(rows)
        else:
            done, total = sum(p.steps_done for p in self.progress), sum(p.steps_total for p in self.progress)
            self.widget.value = widget("progress_course", self.progress, done, total) + self._plan_html(rows)

    def _plan_html(self, rows: list[dict[str, Any]]) -> str:
        """The learner's saved action plan, shown back (marked when it comes from an earlier session)."""
        from clientcraft.rendering.html import fragment

        from .saved import latest_action_plan

        plan = latest_action_plan(self.cur, rows)
        if plan is None:
            return ""
        from clientcraft.runtime.identity import local_time

        return fragment("toolkit.html.j2", "saved_plan", plan, plan.saved_at < SESSION_STARTED,
                        local_time(plan.saved_at, t.DATE))

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class LessonIndex:
    """The app's lesson list: each lesson's number, title (a link to it), length and the learner's progress."""

    def __init__(self, cur: Curriculum, *, learner: str | None = None, log=None, lang: str = "en",
                 audience: str | None = None):
        import ipywidgets as w

        from clientcraft.rendering.course import lesson_path

        self.cur, self.lang, self._learner, self._log, self.audience = cur, lang, learner, log, audience
        self.links = {ls.id: lesson_path(ls.order, ls.id).split("/", 1)[1] for ls in cur.lessons_in_order()}
        self.widget = w.HTML()
        self.progress: list[LessonProgress] = []
        if learner is None:
            from clientcraft.runtime.identity import on_identity_change

            on_identity_change(self.refresh)
        track(self)
        self.refresh()

    def refresh(self) -> None:
        """Read the learner's progress again and redraw the list."""
        from clientcraft.core.errors import ClientcraftError

        try:
            rows = learner_rows(self._learner, self._log)
        except ClientcraftError:
            rows = None
        self.progress = learner_progress(self.cur, rows or [], lang=self.lang, audience=self.audience)
        index = []
        for p in self.progress:
            if rows is None:
                state = ""
            elif p.complete:
                state = t.INDEX_DONE
            elif p.steps_done:
                state = t.PROGRESS_STEPS.format(done=p.steps_done, total=p.steps_total)
            else:
                state = t.INDEX_NOT_STARTED
            index.append((self.cur.lessons[p.lesson_id], self.links[p.lesson_id], p.title, state))
        self.widget.value = widget("lesson_index", index)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
