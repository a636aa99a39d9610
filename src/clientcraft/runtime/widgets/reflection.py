"""The reflection widget: a lesson's reflection prompt and a free-text answer saved to the response log."""

from __future__ import annotations

import ipywidgets as w

from clientcraft.core.errors import ClientcraftError
from clientcraft.runtime.identity import Identity, IdentityPrompt, current_identity
from clientcraft.core.loader import Curriculum
from clientcraft.runtime.logaccess import UsesResponseLog
from clientcraft.runtime.responselog import Event
from .progress import refresh_all
from clientcraft.rendering.html import esc, md

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
        self.prompt = w.HTML(f'<div class="cc-reflection-prompt"><h3>Reflection</h3>'
                             f"{md(self.lesson.reflection, language)}</div>")
        self.answer = w.Textarea(placeholder="Write a few sentences. Only you and your trainer can see this.",
                                 layout=w.Layout(width="100%", height="8em"))
        self.answer.description = "Your reflection"
        self.answer.style = {"description_width": "initial"}
        self.save_button = w.Button(description="Save reflection", button_style="primary", icon="save",
                                    tooltip="Save what you wrote")
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
            self._show_saved(last["text"] or "", last["timestamp"].strftime("%d %b %Y, %H:%M UTC"))

    def _show_saved(self, body: str, when: str) -> None:
        self.saved_view.value = (f'<div class="cc-saved-reflection"><p>Saved {esc(when)}. You wrote:</p>'
                                 f"<blockquote>{esc(body)}</blockquote></div>")

    def save(self) -> Event | None:
        """Save the text as a reflection event; the event, or None when nothing was saved (message shown)."""
        body = self.answer.value.strip()
        if not body:
            self.message.value = '<p role="alert">Write something first, then press Save.</p>'
            return None
        if len(body) > MAX_CHARS:
            self.message.value = (f'<p role="alert">That is {len(body)} characters; please keep it under '
                                  f"{MAX_CHARS}. Nothing was lost: your text is still in the box.</p>")
            return None
        ident = self._who()
        if ident is None:
            prompt = IdentityPrompt(on_saved=lambda i: (setattr(self, "identity", i),
                                                         setattr(self.prompt_box, "children", ()), self.save()))
            self.prompt_box.children = (prompt.widget,)
            self.message.value = '<p role="alert">Please enter your name above; your reflection is then saved.</p>'
            return None
        ev = Event(learner_id=ident.learner_id, cohort=ident.cohort, lesson=self.lesson.id, scenario=None,
                   step="reflection", option=None, credit=None, mode="reflection", language=self.lang,
                   kind="reflection", text=body)
        try:
            self.log.record(ev)
        except ClientcraftError as exc:
            self.message.value = (f'<p role="alert" style="color:#a00">Not saved: {esc(str(exc))}. Your text is '
                                  "still in the box; press Save again in a moment.</p>")
            return None
        self.events.append(ev)
        self.message.value = '<p role="status">Saved. You can change it and save again at any time.</p>'
        self._show_saved(body, ev.timestamp.strftime("%d %b %Y, %H:%M UTC"))
        refresh_all()
        return ev

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
