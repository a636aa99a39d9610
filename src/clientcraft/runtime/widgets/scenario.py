"""The scenario widget: a client situation, a choice per step, then the consequence and the coaching.

One class serves practice (retries, feedback, answers go to the response log) and assessment (no feedback
before grading, no retries, answers go to a recorder the caller supplies). It works without a running
frontend: set ``choice.value``, call ``submit_button.click()``, then read the HTML widgets.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Literal

import ipywidgets as w

from clientcraft.core.branching import Graph, ItemScore, score, walk
from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.records import Event, path_text
from clientcraft.core.schema import Option, Scenario, Step, text
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import recommendations, widget
from clientcraft.runtime.identity import Identity, IdentityPrompt, current_identity
from clientcraft.runtime.logaccess import UsesResponseLog

from .progress import refresh_all, scenario_history

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
        self._steps = {st.id: st for st in scenario.steps}
        self._graph = Graph.of_scenario(scenario)
        self.events: list[Event] = []
        self.path: list[tuple[str, str]] = []
        self.finished = False
        self._current: Step = scenario.steps[0]
        self._answered: Option | None = None
        self._started = time.monotonic()
        self._local_attempts: dict[str, int] = {}

        sc = scenario
        self.header = w.HTML(widget("scenario_head", sc, language))
        self.history = w.HTML()
        self.narrative = w.HTML()
        self.prompt = w.HTML()
        self.choice = w.RadioButtons(options=[], value=None, layout=w.Layout(width="100%"),
                                     style={"description_width": "initial"})
        self.submit_button = w.Button(description=t.SCENARIO_SUBMIT, button_style="primary", disabled=True,
                                      tooltip=t.SCENARIO_SUBMIT_TIP, icon="check")
        self.feedback = w.HTML()
        self.retry_button = w.Button(description=t.SCENARIO_RETRY, tooltip=t.SCENARIO_RETRY_TIP)
        self.continue_button = w.Button(description=t.SCENARIO_CONTINUE, button_style="info",
                                        tooltip=t.SCENARIO_CONTINUE_TIP)
        self.restart_button = w.Button(description=t.SCENARIO_RESTART, tooltip=t.SCENARIO_RESTART_TIP)
        self.summary = w.HTML()
        self.prompt_box = w.VBox()
        self.actions = w.HBox([self.retry_button, self.continue_button, self.restart_button])
        self.choice.observe(self._on_choice, names="value")
        self.submit_button.on_click(lambda _b: self.submit())
        self.retry_button.on_click(lambda _b: self.retry())
        self.continue_button.on_click(lambda _b: self.proceed())
        self.restart_button.on_click(lambda _b: self.restart())
        self.widget = w.VBox(
            [self.header, self.history, self.prompt_box, self.narrative, self.prompt, self.choice,
             self.submit_button, self.feedback, self.actions, self.summary],
            layout=w.Layout(border="1px solid #bbb", padding="10px", margin="12px 0"),
        )
        self.widget.add_class("cc-scenario")
        self._show_step(self._current)
        self._show_history()

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

    # -- display ---------------------------------------------------------------------------------------
    def _show_step(self, step: Step) -> None:
        self._current, self._answered = step, None
        is_first = step.id == self.scenario.steps[0].id
        self.narrative.value = "" if is_first or step.narrative is None else widget("narrative", step, self.lang)
        n = [st.id for st in self.scenario.steps].index(step.id) + 1
        decision = len(self.path) + 1 if len(self.scenario.steps) > 1 else None
        self.prompt.value = widget("prompt", f"cc-{self.scenario.id}-{n}", step, self.lang, decision)
        self.choice.unobserve(self._on_choice, names="value")
        self.choice.options = [(text(o.text, self.lang), o.id) for o in step.options]
        self.choice.value = None
        self.choice.description = t.SCENARIO_CHOICE
        self.choice.disabled = False
        self.choice.observe(self._on_choice, names="value")
        self.submit_button.disabled = True
        self.feedback.value = ""
        self.summary.value = ""
        self._set_actions()
        self._started = time.monotonic()

    def _set_actions(self) -> None:
        answered = self._answered is not None
        self.retry_button.layout.display = None if (answered and self.allow_retry and not self.finished) or \
            (self.finished and self.allow_retry and answered) else "none"
        can_go_on = answered and self._leads_to() is not None and self.show_feedback
        self.continue_button.layout.display = None if can_go_on else "none"
        self.restart_button.layout.display = None if (self.finished and self.mode == "practice") else "none"

    def _show_history(self) -> None:
        if self.mode != "practice" or self.identity_or_none() is None:
            self.history.value = ""
            return
        try:
            rows = self.log.rows(learner_id=self.identity_or_none().learner_id, scenario=self.scenario.id)
        except ClientcraftError:
            return
        hist = scenario_history(self.scenario, rows)
        if hist.finished:
            last = hist.finished_at[-1].strftime(t.DATE)
            self.history.value = widget("done_before", last)
        elif hist.answers:
            self.history.value = widget("started_before")

    def identity_or_none(self) -> Identity | None:
        """The learner answering, if known (asks nobody)."""
        if self.identity is None and self.mode == "practice":
            self.identity = current_identity()
        return self.identity

    def _on_choice(self, change) -> None:
        self.submit_button.disabled = change["new"] is None or self._answered is not None

    # -- actions ---------------------------------------------------------------------------------------
    def submit(self) -> Event | None:
        """Record the selected option at the current step and show what happens; the recorded event."""
        if self._answered is not None:
            return None
        option_id = self.choice.value
        if option_id is None:
            self.feedback.value = widget("alert", t.SCENARIO_CHOOSE_FIRST)
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
            self.feedback.value = widget("alert", t.SCENARIO_NOT_SAVED.format(reason=exc), error=True)
            return None
        self._local_attempts[step.id] = attempt
        self.events.append(ev)
        self._answered = option
        self.choice.disabled = True
        self.submit_button.disabled = True
        if self._leads_to() is None:
            self.path.append((step.id, option.id))
            self.finished = True
        if self.show_feedback:
            self.feedback.value = self._feedbackwidget(option, attempt)
        else:
            self.feedback.value = widget("status", t.SCENARIO_SAVED, "cc-saved")
        if self.finished:
            self.summary.value = self._summarywidget()
        elif not self.show_feedback:
            self.proceed()
            self.feedback.value = widget("status", t.SCENARIO_SAVED, "cc-saved")
        self._set_actions()
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

    def proceed(self) -> None:
        """Go on to the step the answered option leads to."""
        following = self._leads_to()
        if following is None:
            return
        self.path.append((self._current.id, self._answered.id))
        self._show_step(self._steps[following])

    def restart(self) -> None:
        """Play the scenario again from its first step (practice)."""
        if self.mode != "practice":
            return
        self.path, self.finished = [], False
        self._show_step(self.scenario.steps[0])

    def _ask_identity(self) -> None:
        def saved(ident: Identity) -> None:
            self.identity = ident
            self.prompt_box.children = ()
            self.submit()

        prompt = IdentityPrompt(on_saved=saved)
        self.prompt_box.children = (prompt.widget,)
        self.feedback.value = widget("alert", t.SCENARIO_NAME_FIRST)

    # -- feedback --------------------------------------------------------------------------------------
    def _feedbackwidget(self, option: Option, attempt: int) -> str:
        if option.credit >= 1:
            verdict, cls = t.VERDICT_GOOD, "cc-good"
        elif option.credit > 0:
            verdict, cls = t.VERDICT_PARTIAL, "cc-partial"
        else:
            verdict, cls = t.VERDICT_POOR, "cc-poor"
        recs = recommendations(self.cur, option.recommendations or self.scenario.recommendations, self.lang)
        return widget("feedback", verdict, cls, attempt, option, recs, self.lang)

    def _summarywidget(self) -> str:
        steps = [(self._steps[s], self._option(s, o)) for s, o in self.path]
        head = t.PATH_HEAD if len(self.scenario.steps) > 1 else t.ANSWER_HEAD
        percent = round(self.score() * 100) if self.show_feedback else None
        return widget("path_summary", head, steps, self.lang, percent)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
