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


class SavesReflections(UsesResponseLog):
    """Mixin for widgets that save reflection events: who is answering (asked once, in ``prompt_box``) and a
    guarded write whose failure keeps the learner's text on screen (``message`` says so)."""

    identity: Identity | None = None

    def _who(self) -> Identity | None:
        if self.identity is None:
            self.identity = current_identity()
        return self.identity

    def _my_rows(self, **where) -> list[dict] | None:
        """This learner's reflection rows matching ``where`` (oldest first); None without a name or a readable log."""
        ident = self._who()
        if ident is None:
            return None
        try:
            return self.log.rows(learner_id=ident.learner_id, kind="reflection", **where)
        except ClientcraftError:
            return None

    @staticmethod
    def _frame(children) -> w.VBox:
        """The bordered box every reflection-style widget sits in."""
        return w.VBox(children, layout=w.Layout(border="1px solid #bbb", padding="10px", margin="12px 0"))

    def _ask_name(self, then, message: str) -> None:
        """Show the name prompt and ``message``; once a name is saved, call ``then``."""
        prompt = IdentityPrompt(on_saved=lambda i: (setattr(self, "identity", i),
                                                     setattr(self.prompt_box, "children", ()), then()))
        self.prompt_box.children = (prompt.widget,)
        self.message.value = widget("alert", message)

    def _record(self, ev: Event, not_saved: str) -> bool:
        """Write one event; False (showing ``not_saved`` with the reason) when the log refused it."""
        try:
            self.log.record(ev)
        except ClientcraftError as exc:
            self.message.value = widget("alert", not_saved.format(reason=exc), error=True)
            return False
        return True


class ReflectionWidget(SavesReflections):
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
        self.widget = self._frame([self.prompt, self.prompt_box, self.answer, self.save_button, self.message,
                                   self.saved_view])
        self._load_saved()

    def _load_saved(self) -> None:
        rows = self._my_rows(lesson=self.lesson.id, step="reflection")
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
            self._ask_name(self.save, t.REFLECTION_NAME_FIRST)
            return None
        ev = Event(learner_id=ident.learner_id, cohort=ident.cohort, lesson=self.lesson.id, scenario=None,
                   step="reflection", option=None, credit=None, mode="reflection", language=self.lang,
                   kind="reflection", text=body)
        if not self._record(ev, t.REFLECTION_NOT_SAVED):
            return None
        self.events.append(ev)
        self.message.value = widget("status", t.REFLECTION_SAVED)
        self._show_saved(body, ev.timestamp.strftime(t.DATE_TIME))
        refresh_all()
        return ev

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
