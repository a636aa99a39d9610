"""The scenario widget: a client situation, a choice per step, then the consequence and the coaching.

One class serves practice (retries, feedback, answers go to the response log) and assessment (no feedback
before grading, no retries, answers go to a recorder the caller supplies). It works without a running
frontend: set ``choice.value``, call ``submit_button.click()``, then read the HTML widgets.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Literal

import ipywidgets as w

from clientcraft.core.errors import ClientcraftError
from clientcraft.runtime.identity import Identity, IdentityPrompt, current_identity
from clientcraft.core.loader import Curriculum
from clientcraft.runtime.logaccess import UsesResponseLog
from clientcraft.runtime.responselog import Event
from clientcraft.core.schema import Option, Scenario, Step, text
from .progress import refresh_all, scenario_history
from clientcraft.rendering.html import esc, inline, md, recommendation_html

STYLE = """<style>
.cc-feedback { border-left: 5px solid #888; padding: 4px 12px; margin: 6px 0; background: #f7f7f7; }
.cc-feedback.cc-good { border-color: #2e7d32; background: #eef7ee; }
.cc-feedback.cc-partial { border-color: #f9a825; background: #fdf8e6; }
.cc-feedback.cc-poor { border-color: #c62828; background: #fbeeee; }
.cc-label { font-weight: bold; margin-bottom: 0; }
.cc-citation { color: #555; }
.cc-summary { border-top: 1px solid #ccc; margin-top: 6px; }
.cc-scenario .widget-radio-box label { white-space: normal; line-height: 1.4; }
</style>"""
"""Styles of the scenario widget (colours are backed by words: the verdict is always written out)."""

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
        self.events: list[Event] = []
        self.path: list[tuple[str, str]] = []
        self.finished = False
        self._current: Step = scenario.steps[0]
        self._answered: Option | None = None
        self._started = time.monotonic()
        self._local_attempts: dict[str, int] = {}

        sc = scenario
        self.header = w.HTML(
            STYLE + f'<div class="cc-scenario-head"><h3>{inline(sc.title, language)}</h3>'
            f"<p><b>The client:</b> {esc(sc.persona.name)} &mdash; {inline(sc.persona.description, language)}</p>"
            f'<div class="cc-situation">{md(sc.situation, language)}</div></div>'
        )
        self.history = w.HTML()
        self.narrative = w.HTML()
        self.prompt = w.HTML()
        self.choice = w.RadioButtons(options=[], value=None, layout=w.Layout(width="100%"),
                                     style={"description_width": "initial"})
        self.submit_button = w.Button(description="Submit", button_style="primary", disabled=True,
                                      tooltip="Submit your choice", icon="check")
        self.feedback = w.HTML()
        self.retry_button = w.Button(description="Try another answer", tooltip="Choose again at this step")
        self.continue_button = w.Button(description="Continue", button_style="info",
                                        tooltip="Go on to what happens next")
        self.restart_button = w.Button(description="Start again", tooltip="Play the scenario again from the start")
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

    def score(self) -> float:
        """Mean credit of the steps on the path taken so far (scenario scoring convention)."""
        if not self.path:
            return 0.0
        return sum(self._option(s, o).credit for s, o in self.path) / len(self.path)

    def path_string(self) -> str:
        """Chosen option ids joined by '>' (the per-item export's ``path``)."""
        return ">".join(o for _s, o in self.path)

    def _option(self, step_id: str, option_id: str) -> Option:
        return next(o for o in self._steps[step_id].options if o.id == option_id)

    # -- display ---------------------------------------------------------------------------------------
    def _show_step(self, step: Step) -> None:
        self._current, self._answered = step, None
        is_first = step.id == self.scenario.steps[0].id
        self.narrative.value = "" if is_first or step.narrative is None else \
            f'<div class="cc-narrative">{md(step.narrative, self.lang)}</div>'
        n = [st.id for st in self.scenario.steps].index(step.id) + 1
        count = f" (decision {len(self.path) + 1})" if len(self.scenario.steps) > 1 else ""
        self.prompt.value = f'<p class="cc-prompt" id="cc-{self.scenario.id}-{n}"><b>{inline(step.prompt, self.lang)}</b>' \
                            f"{esc(count)}</p>"
        self.choice.unobserve(self._on_choice, names="value")
        self.choice.options = [(text(o.text, self.lang), o.id) for o in step.options]
        self.choice.value = None
        self.choice.description = "Your choice:"
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
        can_go_on = answered and self._answered.next is not None and self.show_feedback
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
            last = hist.finished_at[-1].strftime("%d %b %Y")
            self.history.value = (f'<p class="cc-done">&#10003; You finished this scenario before (last on {last}). '
                                  "Practise it again any time.</p>")
        elif hist.answers:
            self.history.value = '<p class="cc-started">You started this scenario before; pick it up again below.</p>'

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
            self.feedback.value = '<p role="alert">Choose one of the options first.</p>'
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
            self.feedback.value = (f'<p role="alert" style="color:#a00">Your answer could not be saved: '
                                   f"{esc(str(exc))}. Please press Submit again in a moment.</p>")
            return None
        self._local_attempts[step.id] = attempt
        self.events.append(ev)
        self._answered = option
        self.choice.disabled = True
        self.submit_button.disabled = True
        if option.next is None:
            self.path.append((step.id, option.id))
            self.finished = True
        if self.show_feedback:
            self.feedback.value = self._feedback_html(option, attempt)
        else:
            self.feedback.value = '<p role="status" class="cc-saved">Your answer is saved.</p>'
        if self.finished:
            self.summary.value = self._summary_html()
        elif not self.show_feedback:
            self.proceed()
            self.feedback.value = '<p role="status" class="cc-saved">Your answer is saved.</p>'
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
        option = self._answered
        if option is None or option.next is None:
            return
        self.path.append((self._current.id, option.id))
        self._show_step(self._steps[option.next])

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
        self.feedback.value = '<p role="alert">Please enter your name above; your answer is then saved.</p>'

    # -- feedback --------------------------------------------------------------------------------------
    def _feedback_html(self, option: Option, attempt: int) -> str:
        if option.credit >= 1:
            verdict, cls = "A strong choice.", "cc-good"
        elif option.credit > 0:
            verdict, cls = "Partly right.", "cc-partial"
        else:
            verdict, cls = "This one backfires.", "cc-poor"
        recs = recommendation_html(self.cur, option.recommendations or self.scenario.recommendations, self.lang)
        tries = f" (attempt {attempt})" if attempt > 1 else ""
        return (f'<div class="cc-feedback {cls}" role="status" aria-live="polite">'
                f"<p><b>{esc(verdict)}</b>{esc(tries)}</p>"
                f'<p class="cc-label">What happens</p><div class="cc-consequence">{md(option.consequence, self.lang)}</div>'
                f'<p class="cc-label">Why</p><div class="cc-coaching">{md(option.coaching, self.lang)}</div>'
                f"{recs}</div>")

    def _summary_html(self) -> str:
        items = []
        for step_id, option_id in self.path:
            st, op = self._steps[step_id], self._option(step_id, option_id)
            mark = f" &mdash; {round(op.credit * 100)}%" if self.show_feedback else ""
            items.append(f"<li>{inline(st.prompt, self.lang)} <i>{esc(text(op.text, self.lang))}</i>{mark}</li>")
        head = "Your path through this scenario" if len(self.scenario.steps) > 1 else "Your answer"
        score = f"<p><b>Score for this path: {round(self.score() * 100)}%</b> (the mean of your choices)</p>" \
            if self.show_feedback else "<p>All your answers in this scenario are saved.</p>"
        return f'<div class="cc-summary"><p><b>{head}</b></p><ol>{"".join(items)}</ol>{score}</div>'

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
