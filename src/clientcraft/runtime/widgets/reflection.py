"""The reflection widget: a lesson's reflection prompt and a free-text answer saved to the response log.

:class:`SavesReflections` is what it shares with the fill-in forms (:mod:`.forms`): who is answering (the browser's
learner, asked for once through the identity widget), a guarded write, and a message under the box.

On screen it is one :class:`ReflectionView` (an anywidget) plus a slot for the name form. The text reaches the
kernel inside the Save message, so the saved text is exactly what was in the box when Save was pressed. From
Python: set ``view.text`` and call :meth:`ReflectionWidget.save` (or pass the text to it).
"""

from __future__ import annotations

import anywidget
import ipywidgets as w
import traitlets

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.records import Event
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import widget
from clientcraft.runtime.identity import Identity, current_identity, local_time, on_identity_change
from clientcraft.runtime.logaccess import UsesResponseLog

from .frontend import STYLES, front_end
from .progress import refresh_all

MAX_CHARS = 5000


def labels() -> dict[str, str]:
    """Interface text the reflection box's front end shows, in the active language."""
    return {"title": t.REFLECTION, "label": t.REFLECTION_LABEL, "hint": t.REFLECTION_HINT, "save": t.REFLECTION_SAVE}


class MessageView(anywidget.AnyWidget):
    """Traits shared by the text-box views: a message under the box (a status, or an alert for problems)."""

    message = traitlets.Unicode("").tag(sync=True)
    message_kind = traitlets.Unicode("status").tag(sync=True)
    max_chars = traitlets.Int(MAX_CHARS).tag(sync=True)

    def say(self, message: str, *, alert: bool = False) -> None:
        """Show a message under the box (an alert for problems)."""
        self.message_kind = "alert" if alert else "status"
        self.message = message


class ReflectionView(MessageView):
    """What the learner sees of the reflection: prompt, text box, Save, a message and the last saved text."""

    _esm = front_end("reflection.js")
    _css = STYLES

    prompt_html = traitlets.Unicode("").tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    saved_html = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)


class SavesReflections(UsesResponseLog):
    """Mixin for widgets that save reflection events. Subclasses set ``view`` (a :class:`MessageView`),
    ``widget`` (a box the name form joins when needed), ``identity`` (None: the browser's learner) and ``_log``, define
    ``_load_saved()``, and call :meth:`_follow_identity` once they are built."""

    identity: Identity | None = None
    _pending = None

    def _who(self) -> Identity | None:
        """Who is answering now: the fixed identity, else this browser's learner (None until one is known)."""
        return self.identity if self.identity is not None else current_identity()

    def _follow_identity(self) -> None:
        """Show the learner's saved text now and again whenever the browser's learner becomes known or changes."""
        self._load_saved()
        if self.identity is None:
            on_identity_change(self._identity_changed)

    def _identity_changed(self) -> None:
        then, self._pending = self._pending, None
        if then is not None and self._who() is not None:
            self.widget.children = (self.view,)
            then()
        else:
            self._load_saved()

    def _my_rows(self, **where) -> list[dict] | None:
        """This learner's reflection rows matching ``where`` (oldest first); [] without a name, None when the log
        cannot be read."""
        ident = self._who()
        if ident is None:
            return []
        try:
            return self.log.rows(learner_id=ident.learner_id, kind="reflection", **where)
        except ClientcraftError:
            return None

    def _ask_name(self, then, message: str) -> None:
        """Show the name form and ``message``; once the browser's learner is known, call ``then``."""
        from .identity import identity_widget

        self._pending = then
        self.widget.children = (self.view, identity_widget())  # the name form below the view
        self.view.say(message, alert=True)

    def _record(self, ev: Event, not_saved: str) -> bool:
        """Write one event; False (showing ``not_saved`` with the reason) when the log refused it."""
        try:
            self.log.record(ev)
        except ClientcraftError as exc:
            self.view.say(not_saved.format(reason=exc), alert=True)
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
        self.view = ReflectionView(prompt_html=widget("reflection_text", self.lesson, language), labels=labels())
        self.view.on_msg(self._on_message)
        self.widget = w.VBox([self.view])  # the name form joins the view here when needed (no empty box kept)
        self._loaded_text = ""
        self._follow_identity()

    def _on_message(self, _view, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "save":
            self.save(str(content.get("text", "")))

    def _load_saved(self) -> None:
        """Show the learner's latest saved reflection (another learner's saved text never stays in the box)."""
        rows = self._my_rows(lesson=self.lesson.id, step="reflection")
        if rows is None:
            return
        shown_saved = self.view.text == self._loaded_text
        if rows:
            last = rows[-1]
            self._loaded_text = last["text"] or ""
            if shown_saved:
                self.view.text = self._loaded_text
            self.view.saved_html = widget("saved_reflection", local_time(last["timestamp"], t.DATE_TIME),
                                          self._loaded_text)
        else:
            if shown_saved:
                self.view.text = ""
            self._loaded_text = ""
            self.view.saved_html = ""

    def save(self, text: str | None = None) -> Event | None:
        """Save ``text`` (default: what is in the box) as a reflection event; the event, or None when nothing was
        saved (the message says why, and the text stays in the box)."""
        if text is not None:
            self.view.text = text
        body = self.view.text.strip()
        if not body:
            self.view.say(t.REFLECTION_EMPTY, alert=True)
            return None
        if len(body) > MAX_CHARS:
            self.view.say(t.REFLECTION_TOO_LONG.format(n=len(body), limit=MAX_CHARS), alert=True)
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
        self._loaded_text = self.view.text
        self.view.say(t.REFLECTION_SAVED)
        self.view.saved_html = widget("saved_reflection", local_time(ev.timestamp, t.DATE_TIME), body)
        refresh_all()
        return ev

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
