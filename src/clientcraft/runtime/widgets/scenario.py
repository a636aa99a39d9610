"""The scenario widget: a client situation, a choice per step, then the consequence and the coaching.

One class serves practice (retries, feedback, answers go to the response log) and assessment (no feedback
before grading, no retries, answers go to a recorder the caller supplies). On screen it is one
:class:`ScenarioView` (an anywidget: the decision is a native radio group named by its question, so it takes one
Tab stop and arrow keys move the choice; focus moves to the feedback after Submit) plus a slot where the name
form appears if nobody is known yet. It works without a running front end: set ``view.value``, call
:meth:`ScenarioWidget.submit`, then read the view's HTML traits.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Literal

import anywidget
import ipywidgets as w
import traitlets

from clientcraft.core.branching import Graph, ItemScore, score, walk
from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.records import Event, path_text
from clientcraft.core.schema import Option, Scenario, Step, text
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import recommendations, widget
from clientcraft.runtime.identity import Identity, current_identity, local_time, on_identity_change
from clientcraft.runtime.logaccess import UsesResponseLog

from .frontend import STYLES, front_end
from .progress import refresh_all, scenario_history

def labels() -> dict[str, str]:
    """Interface text the scenario view's front end shows, in the active language (from the strings module)."""
    return {"submit": t.SCENARIO_SUBMIT, "retry": t.SCENARIO_RETRY, "continue": t.SCENARIO_CONTINUE,
            "restart": t.SCENARIO_RESTART, "feedback": t.SCENARIO_FEEDBACK, "choose_first": t.SCENARIO_CHOOSE_FIRST}


class ScenarioView(anywidget.AnyWidget):
    """What the learner sees of a scenario: its text, the current decision, the feedback and the next actions."""

    _esm = front_end("scenario.js")
    _css = STYLES

    title = traitlets.Unicode("").tag(sync=True)
    head_html = traitlets.Unicode("").tag(sync=True)
    history_html = traitlets.Unicode("").tag(sync=True)
    narrative_html = traitlets.Unicode("").tag(sync=True)
    prompt_html = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.Dict()).tag(sync=True)
    step_key = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    locked = traitlets.Bool(False).tag(sync=True)
    feedback_html = traitlets.Unicode("").tag(sync=True)
    actions = traitlets.List(traitlets.Unicode()).tag(sync=True)
    summary_html = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    focus = traitlets.Unicode("").tag(sync=True)
    focus_seq = traitlets.Int(0).tag(sync=True)

    def move_focus(self, where: str) -> None:
        """Ask the page to move keyboard focus to 'feedback', 'step' (the new decision) or 'choice'."""
        self.focus = where
        self.focus_seq += 1


Recorder = Callable[[Event], Any]
"""Receives each answer as an :class:`Event`; raising a ClientcraftError keeps the answer on screen unsaved."""


class ScenarioWidget(UsesResponseLog):
    """An interactive scenario built from a :class:`Scenario` model.

    ``mode`` is "practice" (default recorder: the response log; feedback and retries on) or "assessment"
    (feedback and retries off unless asked; ``recorder`` is required). ``path`` lists the (step, option)
    choices the learner moved forward with; ``events`` the events recorded by this widget.
    """

    def __init__(self, scenario: Scenario, cur: Curriculum, *, mode: Literal["practice", "assessment"] = "practice",
                 recorder: Recorder | None = None, show_feedback: bool | None = None,
                 allow_retry: bool | None = None, identity: Identity | None = None, log=None,
                 language: str = "en"):
        if mode not in ("practice", "assessment"):
            raise ClientcraftError(f"scenario {scenario.id}: mode must be 'practice' or 'assessment', not {mode!r}")
        if mode == "assessment" and recorder is None:
            raise ClientcraftError(f"scenario {scenario.id}: assessment mode needs a recorder for the answers")
        self.scenario, self.cur, self.mode, self.lang = scenario, cur, mode, language
        self.show_feedback = (mode == "practice") if show_feedback is None else show_feedback
        self.allow_retry = (mode == "practice" and self.show_feedback) if allow_retry is None else allow_retry
        self._log = log
        self._uses_log = recorder is None
        self.recorder: Recorder = recorder or (lambda ev: self.log.record(ev))
        self.identity = identity
        self._waiting_for_name = False
        self._steps = {st.id: st for st in scenario.steps}
        self._graph = Graph.of_scenario(scenario)
        self.events: list[Event] = []
        self.path: list[tuple[str, str]] = []
        self.finished = False
        self._current: Step = scenario.steps[0]
        self._answered: Option | None = None
        self._started = time.monotonic()
        self._local_attempts: dict[str, int] = {}

        self.view = ScenarioView(title=text(scenario.title, language), head_html=self._head_html(),
                                 labels=labels())
        self.view.on_msg(self._on_message)
        self.widget = w.VBox([self.view])  # the name form joins the view here when needed (no empty box kept)
        self.widget.add_class("cc-scenario")
        self._show_step(self._current)
        self._show_history()
        if mode == "practice" and identity is None:
            on_identity_change(self._identity_changed)

    def _on_message(self, _view, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "submit":
            chosen = content.get("value")
            if isinstance(chosen, str) and chosen in {o.id for o in self._current.options}:
                self.view.value = chosen  # what the learner saw checked when pressing Submit
            self.submit()
        elif kind == "action":
            {"retry": self.retry, "continue": self.proceed, "restart": self.restart}.get(
                content.get("name"), lambda: None)()

    # -- state from outside ---------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        """The step on screen."""
        return self._current

    def result(self) -> ItemScore:
        """The branching rule's result for the path taken so far (a step still to answer counts 0)."""
        return score(self._graph, dict(self.path))

    def score(self) -> float:
        """The credit of the path taken so far, by the branching rule."""
        return self.result().credit

    def path_string(self) -> str:
        """The path taken, as path text (the per-item export's ``path``)."""
        return path_text(self.result().options)

    def _leads_to(self) -> str | None:
        """The step the answered option leads to; None when nothing is answered or the answer ends the scenario."""
        if self._answered is None:
            return None
        return walk(self._graph, dict(self.path) | {self._current.id: self._answered.id}).current

    def _option(self, step_id: str, option_id: str) -> Option:
        return next(o for o in self._steps[step_id].options if o.id == option_id)

    @property
    def available_actions(self) -> list[str]:
        """The buttons shown after an answer: some of 'retry', 'continue', 'restart'."""
        return list(self.view.actions)

    # -- display ---------------------------------------------------------------------------------------
    def _show_step(self, step: Step) -> None:
        self._current, self._answered = step, None
        is_first = step.id == self.scenario.steps[0].id
        v = self.view
        with v.hold_sync():
            v.narrative_html = "" if is_first else self._narrative_html(step)
            v.prompt_html = self._prompt_html(step)
            v.options = [{"id": o.id, "label": text(o.text, self.lang)} for o in step.options]
            v.step_key = f"{step.id}:{len(self.path)}:{len(self.events)}"
            v.value = None
            v.locked = False
            v.feedback_html = ""
            v.summary_html = ""
        self._set_actions()
        self._started = time.monotonic()

    def _set_actions(self) -> None:
        answered = self._answered is not None
        shown = []
        if answered and self.allow_retry:
            shown.append("retry")
        if answered and self._leads_to() is not None and self.show_feedback:
            shown.append("continue")
        if self.finished and self.mode == "practice":
            shown.append("restart")
        self.view.actions = shown

    def _show_history(self) -> None:
        if self.mode != "practice" or self.identity_or_none() is None:
            self.view.history_html = ""
            return
        try:
            rows = self.log.rows(learner_id=self.identity_or_none().learner_id, scenario=self.scenario.id)
        except ClientcraftError:
            return
        self.view.history_html = self._history_html(scenario_history(self.scenario, rows))

    def identity_or_none(self) -> Identity | None:
        """The learner answering, if known (asks nobody): the identity given, else this kernel's learner."""
        if self.identity is None and self.mode == "practice":
            return current_identity()
        return self.identity

    def _identity_changed(self) -> None:
        self._show_history()
        if self._waiting_for_name and self.identity_or_none() is not None:
            self._waiting_for_name = False
            self.widget.children = (self.view,)
            self.submit()

    # -- actions ---------------------------------------------------------------------------------------
    def submit(self) -> Event | None:
        """Record the selected option at the current step and show what happens; the recorded event."""
        if self._answered is not None:
            return None
        option_id = self.view.value
        if option_id is None or option_id not in {o.id for o in self._current.options}:
            self.view.feedback_html = widget("alert", t.SCENARIO_CHOOSE_FIRST)
            return None
        ident = self.identity_or_none()
        if ident is None and self.mode == "practice":
            self._ask_identity()
            return None
        step = self._current
        option = self._option(step.id, option_id)
        seconds = round(time.monotonic() - self._started, 3)
        try:
            attempt = self._attempt(ident, step.id)
            ev = Event(
                learner_id=ident.learner_id if ident else "assessment",
                cohort=ident.cohort if ident else "",
                lesson=self.scenario.lesson, scenario=self.scenario.id, step=step.id, option=option.id,
                credit=option.credit if self.mode == "practice" else None, attempt=attempt, seconds=seconds,
                mode=self.mode, language=self.lang, kind="choice",
                misconception=option.misconception if self.mode == "practice" else None,
                recommendations=option.recommendations if self.mode == "practice" else [],
            )
            self.recorder(ev)
        except ClientcraftError as exc:
            self.view.feedback_html = widget("alert", t.SCENARIO_NOT_SAVED.format(reason=exc), error=True)
            return None
        self._local_attempts[step.id] = attempt
        self.events.append(ev)
        self._answered = option
        self.view.locked = True
        if self._leads_to() is None:
            self.path.append((step.id, option.id))
            self.finished = True
        saved = widget("status", t.SCENARIO_SAVED, "cc-saved")
        self.view.feedback_html = self._feedback_html(option, attempt) if self.show_feedback else saved
        if self.finished:
            self.view.summary_html = self._summary_html()
        elif not self.show_feedback:
            self.proceed()
            self.view.feedback_html = saved
        self._set_actions()
        self.view.move_focus("feedback")
        if self.mode == "practice":
            refresh_all()
        return ev

    def _attempt(self, ident: Identity | None, step_id: str) -> int:
        if self._uses_log and ident is not None:
            try:
                return self.log.next_attempt(ident.learner_id, self.scenario.id, step_id)
            except ClientcraftError:
                pass
        return self._local_attempts.get(step_id, 0) + 1

    def retry(self) -> None:
        """Choose again at the current step (practice); a finished scenario becomes unfinished again."""
        if not self.allow_retry or self._answered is None:
            return
        if self.finished:
            self.path.pop()
            self.finished = False
        self._show_step(self._current)
        self.view.move_focus("choice")

    def proceed(self) -> None:
        """Go on to the step the answered option leads to."""
        following = self._leads_to()
        if following is None:
            return
        self.path.append((self._current.id, self._answered.id))
        self._show_step(self._steps[following])
        self.view.move_focus("step")

    def restart(self) -> None:
        """Play the scenario again from its first step (practice)."""
        if self.mode != "practice":
            return
        self.path, self.finished = [], False
        self._show_step(self.scenario.steps[0])
        self.view.move_focus("step")

    def _ask_identity(self) -> None:
        from .identity import identity_widget

        self._waiting_for_name = True
        self.widget.children = (self.view, identity_widget())  # the name form below the view
        self.view.feedback_html = widget("alert", t.SCENARIO_NAME_FIRST)
        self.view.move_focus("feedback")

    # -- HTML of the view's parts (templates: content Markdown rendered safely, everything else escaped) -------
    def _head_html(self) -> str:
        return widget("scenario_situation", self.scenario, self.lang)

    def _narrative_html(self, step: Step) -> str:
        return "" if step.narrative is None else widget("narrative", step, self.lang)

    def _prompt_html(self, step: Step) -> str:
        decision = len(self.path) + 1 if len(self.scenario.steps) > 1 else None
        return widget("question", step, self.lang, decision)

    @staticmethod
    def _history_html(hist) -> str:
        if hist.finished:
            return widget("done_before", local_time(hist.finished_at[-1], t.DATE))
        return widget("started_before") if hist.answers else ""

    def _feedback_html(self, option: Option, attempt: int) -> str:
        if option.credit >= 1:
            verdict, cls = t.VERDICT_GOOD, "cc-good"
        elif option.credit > 0:
            verdict, cls = t.VERDICT_PARTIAL, "cc-partial"
        else:
            verdict, cls = t.VERDICT_POOR, "cc-poor"
        recs = recommendations(self.cur, option.recommendations or self.scenario.recommendations, self.lang)
        return widget("feedback", verdict, cls, attempt, option, recs, self.lang)

    def _summary_html(self) -> str:
        steps = [(self._steps[s], self._option(s, o)) for s, o in self.path]
        head = t.PATH_HEAD if len(self.scenario.steps) > 1 else t.ANSWER_HEAD
        percent = round(self.score() * 100) if self.show_feedback else None
        return widget("path_summary", head, steps, self.lang, percent)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
