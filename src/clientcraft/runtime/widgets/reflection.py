"""The reflection widget: a lesson's reflection prompt and a free-text answer saved to the response log."""

from __future__ import annotations

import ipywidgets as w

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.records import Event
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import widget
from clientcraft.runtime.identity import Identity, IdentityPrompt, current_identity
from clientcraft.runtime.logaccess import UsesResponseLog

from .progress import refresh_all

MAX_CHARS = 5000


class ReflectionWidget(UsesResponseLog):
    """A text box for one lesson's reflection; the latest saved text comes back when the notebook reopens."""

    def __init__(self, cur: Curriculum, lesson_id: str, *, identity: Identity | None = None, log=None,
                 language: str = "en"):
        self.lesson = cur.get("lessons", lesson_id)
        self.lang = language
        self._log = log
        self.identity = identity
        self.events: list[Event] = []
        self.prompt = w.HTML(widget("reflection_prompt", self.lesson, language))
        self.answer = w.Textarea(placeholder=t.REFLECTION_PLACEHOLDER,
                                 layout=w.Layout(width="100%", height="8em"))
        self.answer.description = t.REFLECTION_LABEL
        self.answer.style = {"description_width": "initial"}
        self.save_button = w.Button(description=t.REFLECTION_SAVE, button_style="primary", icon="save",
                                    tooltip=t.REFLECTION_SAVE_TIP)
        self.message = w.HTML()
        self.saved_view = w.HTML()
        self.prompt_box = w.VBox()
        self.save_button.on_click(lambda _b: self.save())
        self.widget = w.VBox([self.prompt, self.prompt_box, self.answer, self.save_button, self.message,
                              self.saved_view],
                             layout=w.Layout(border="1px solid #bbb", padding="10px", margin="12px 0"))
        self._load_saved()


    def _who(self) -> Identity | None:
        if self.identity is None:
            self.identity = current_identity()
        return self.identity

    def _load_saved(self) -> None:
        ident = self._who()
        if ident is None:
            return
        try:
            rows = self.log.rows(learner_id=ident.learner_id, lesson=self.lesson.id, kind="reflection")
        except ClientcraftError:
            return
        if rows:
            last = rows[-1]
            self.answer.value = last["text"] or ""
            self._show_saved(last["text"] or "", last["timestamp"].strftime(t.DATE_TIME))

    def _show_saved(self, body: str, when: str) -> None:
        self.saved_view.value = widget("saved_reflection", when, body)

    def save(self) -> Event | None:
        """Save the text as a reflection event; the event, or None when nothing was saved (message shown)."""
        body = self.answer.value.strip()
        if not body:
            self.message.value = widget("alert", t.REFLECTION_EMPTY)
            return None
        if len(body) > MAX_CHARS:
            self.message.value = widget("alert", t.REFLECTION_TOO_LONG.format(n=len(body), limit=MAX_CHARS))
            return None
        ident = self._who()
        if ident is None:
            prompt = IdentityPrompt(on_saved=lambda i: (setattr(self, "identity", i),
                                                         setattr(self.prompt_box, "children", ()), self.save()))
            self.prompt_box.children = (prompt.widget,)
            self.message.value = widget("alert", t.REFLECTION_NAME_FIRST)
            return None
        ev = Event(learner_id=ident.learner_id, cohort=ident.cohort, lesson=self.lesson.id, scenario=None,
                   step="reflection", option=None, credit=None, mode="reflection", language=self.lang,
                   kind="reflection", text=body)
        try:
            self.log.record(ev)
        except ClientcraftError as exc:
            self.message.value = widget("alert", t.REFLECTION_NOT_SAVED.format(reason=exc), error=True)
            return None
        self.events.append(ev)
        self.message.value = widget("status", t.REFLECTION_SAVED)
        self._show_saved(body, ev.timestamp.strftime(t.DATE_TIME))
        refresh_all()
        return ev

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
