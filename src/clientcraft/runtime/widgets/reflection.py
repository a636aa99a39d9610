"""The reflection widget: a lesson's reflection prompt and a free-text answer saved to the response log.

On screen it is one :class:`ReflectionView` (an anywidget) plus a slot for the name form. The text reaches the
kernel inside the Save message, so the saved text is exactly what was in the box when Save was pressed. From
Python: set ``view.text`` and call :meth:`ReflectionWidget.save` (or pass the text to it).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from clientcraft.core.errors import ClientcraftError
from clientcraft.runtime.identity import Identity, current_identity, local_time, on_identity_change
from clientcraft.core.loader import Curriculum
from clientcraft.runtime.logaccess import UsesResponseLog
from clientcraft.runtime.responselog import Event
from .progress import refresh_all
from clientcraft.rendering.html import esc, md

MAX_CHARS = 5000
LABELS = {
    "title": "Reflection",
    "label": "Your reflection",
    "hint": "Write a few sentences. Only you and your trainer can see this.",
    "save": "Save reflection",
}
"""Interface text of the reflection box (English)."""


class ReflectionView(anywidget.AnyWidget):
    """What the learner sees of the reflection: prompt, text box, Save, a message and the last saved text."""

    _esm = Path(__file__).with_name("reflection.js")
    _css = Path(__file__).with_name("widgets.css")

    prompt_html = traitlets.Unicode("").tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    saved_html = traitlets.Unicode("").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    message_kind = traitlets.Unicode("status").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    max_chars = traitlets.Int(MAX_CHARS).tag(sync=True)

    def say(self, message: str, *, alert: bool = False) -> None:
        """Show a message under the box (an alert for problems)."""
        self.message_kind = "alert" if alert else "status"
        self.message = message


class ReflectionWidget(UsesResponseLog):
    """A text box for one lesson's reflection; the latest saved text comes back when the notebook reopens."""

    def __init__(self, cur: Curriculum, lesson_id: str, *, identity: Identity | None = None, log=None,
                 language: str = "en"):
        self.lesson = cur.get("lessons", lesson_id)
        self.lang = language
        self._log = log
        self.identity = identity
        self.events: list[Event] = []
        self.view = ReflectionView(prompt_html=md(self.lesson.reflection, language), labels=dict(LABELS))
        self.view.on_msg(self._on_message)
        self.prompt_box = w.VBox()
        self.widget = w.VBox([self.view, self.prompt_box])
        self._waiting_for_name = False
        self._loaded_text = ""
        self._load_saved()
        if identity is None:
            on_identity_change(self._identity_changed)

    def _on_message(self, _view, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "save":
            self.save(str(content.get("text", "")))

    def _who(self) -> Identity | None:
        return self.identity if self.identity is not None else current_identity()

    def _identity_changed(self) -> None:
        if self._waiting_for_name and self._who() is not None:
            self._waiting_for_name = False
            self.prompt_box.children = ()
            self.save()
        else:
            self._load_saved()

    def _load_saved(self) -> None:
        """Show the learner's latest saved reflection (another learner's saved text never stays in the box)."""
        ident = self._who()
        rows = []
        if ident is not None:
            try:
                rows = self.log.rows(learner_id=ident.learner_id, lesson=self.lesson.id, kind="reflection")
            except ClientcraftError:
                return
        shown_saved = self.view.text == self._loaded_text
        if rows:
            last = rows[-1]
            self._loaded_text = last["text"] or ""
            if shown_saved:
                self.view.text = self._loaded_text
            self.view.saved_html = self._saved_html(self._loaded_text, local_time(last["timestamp"]))
        else:
            if shown_saved:
                self.view.text = ""
            self._loaded_text = ""
            self.view.saved_html = ""

    @staticmethod
    def _saved_html(body: str, when: str) -> str:
        return f"<p>Saved {esc(when)}. You wrote:</p><blockquote>{esc(body)}</blockquote>"

    def save(self, text: str | None = None) -> Event | None:
        """Save ``text`` (default: what is in the box) as a reflection event; the event, or None when nothing was
        saved (the message says why, and the text stays in the box)."""
        if text is not None:
            self.view.text = text
        body = self.view.text.strip()
        if not body:
            self.view.say("Write something first, then press Save.", alert=True)
            return None
        if len(body) > MAX_CHARS:
            self.view.say(f"That is {len(body)} characters; please keep it under {MAX_CHARS}. Nothing was lost: "
                          "your text is still in the box.", alert=True)
            return None
        ident = self._who()
        if ident is None:
            from .identity import identity_widget

            self._waiting_for_name = True
            self.prompt_box.children = (identity_widget(),)
            self.view.say("Please give your name just below; your reflection is then saved.", alert=True)
            return None
        ev = Event(learner_id=ident.learner_id, cohort=ident.cohort, lesson=self.lesson.id, scenario=None,
                   step="reflection", option=None, credit=None, mode="reflection", language=self.lang,
                   kind="reflection", text=body)
        try:
            self.log.record(ev)
        except ClientcraftError as exc:
            self.view.say(f"Not saved: {exc}. Your text is still in the box; press Save again in a moment.",
                          alert=True)
            return None
        self.events.append(ev)
        self._loaded_text = self.view.text
        self.view.say("Saved. You can change it and save again at any time.")
        self.view.saved_html = self._saved_html(body, local_time(ev.timestamp))
        refresh_all()
        return ev

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
