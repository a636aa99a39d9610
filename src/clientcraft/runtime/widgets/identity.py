"""The identity widget: who is answering in this browser, and the one-time form asking a new browser for a name.

One widget per kernel (:func:`identity_widget`); every place that needs a name shows a view of it, so naming
yourself anywhere updates the line at the top too. The browser side (``identity.js``) sends ``hello`` with its
token and time zone when it appears, ``save`` with what was typed, and ``change``/``cancel`` for the "Change
name" button. The same steps can be driven from Python with :meth:`IdentityWidget.hello` and
:meth:`IdentityWidget.save`.
"""

from __future__ import annotations

import anywidget
import traitlets

from clientcraft.rendering import strings as t
from clientcraft.runtime import identity as ids

from .frontend import STYLES, front_end


def texts() -> dict[str, str]:
    """Interface text the identity widget's front end shows, in the active language (from the strings module)."""
    return {
        "ask_title": t.IDENTITY_TITLE,
        "ask_intro": t.IDENTITY_INTRO_TEXT,
        "name_label": t.IDENTITY_NAME,
        "name_hint": t.IDENTITY_NAME_EXAMPLE,
        "group_label": t.IDENTITY_GROUP,
        "group_hint": t.IDENTITY_GROUP_EXAMPLE,
        "save": t.IDENTITY_SAVE,
        "cancel": t.IDENTITY_CANCEL,
        "saved_as": t.LEARNER_LINE,
        "group": t.LEARNER_GROUP,
        "change": t.IDENTITY_CHANGE,
        "shared": t.IDENTITY_SHARED,
    }


class IdentityWidget(anywidget.AnyWidget):
    """This kernel's learner: the name line, or the form asking for one (states: waiting, ask, known, fixed)."""

    _esm = front_end("identity.js")
    _css = STYLES

    state = traitlets.Unicode("waiting").tag(sync=True)
    learner = traitlets.Unicode("").tag(sync=True)
    cohort = traitlets.Unicode("").tag(sync=True)
    previous = traitlets.Bool(False).tag(sync=True)
    shared = traitlets.Bool(False).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    error_field = traitlets.Unicode("").tag(sync=True)
    text = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(text=texts(), **kwargs)
        self.token: str | None = None
        self.on_msg(self._on_message)
        self._show(ids.current_identity())

    def _show(self, ident: ids.Identity | None) -> None:
        if ident is None:
            self.state = "waiting" if self.token is None else "ask"
            return
        self.learner, self.cohort, self.error = ident.learner_id, ident.cohort, ""
        self.state = "known" if ident.source == "browser" else "fixed"

    def _on_message(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "hello":
            self.hello(str(content.get("token", "")), str(content.get("timezone", "")))
        elif kind == "save":
            self.save(str(content.get("name", "")), str(content.get("cohort", "")))
        elif kind == "change" and self.state == "known":
            self.previous, self.error = True, ""
            self.state = "ask"
        elif kind == "cancel":
            self.previous = False
            self._show(ids.current_identity())

    def hello(self, token: str, timezone: str = "") -> ids.Identity | None:
        """A browser showing this widget sent its token and time zone; the identity it is known by, if any."""
        ids.set_timezone(timezone)
        fixed = ids.environment_identity()
        if fixed is not None:
            self._show(fixed)
            return fixed
        if self.token is not None and token != self.token:
            self.shared = True  # one kernel, two browsers (a shared JupyterLab notebook): the first one names it
            return ids.current_identity()
        try:
            ids.browser_path(token)
        except ids.IdentityError:
            return None  # not a token this front end makes: ignore it
        self.token = token
        ids.remember_browser(token)
        try:
            known = ids.load_browser_identity(token)
        except ids.IdentityError as exc:
            self.error, self.error_field, self.state = str(exc.problem), "name", "ask"
            return None
        if known is not None:
            ids.set_browser_identity(known)
        self._show(known)
        return known

    def save(self, name: str, cohort: str = "") -> ids.Identity | None:
        """Store the name (and group) this browser gave; the identity, or None with the reason shown."""
        if self.token is None:
            self.error, self.error_field = t.IDENTITY_NOT_CONNECTED, "name"
            return None
        try:
            ident = ids.save_browser_identity(self.token, name, cohort)
        except ids.IdentityError as exc:
            self.learner, self.cohort = " ".join(name.split())[:64], " ".join(cohort.split())[:64]
            self.error_field = exc.field
            field = t.IDENTITY_GROUP if exc.field == "group" else t.IDENTITY_NAME
            self.error = t.IDENTITY_PROBLEM.format(field=field, problem=exc.problem)
            return None
        self.previous = False
        self._show(ident)
        ids.set_browser_identity(ident)
        return ident


_widget: IdentityWidget | None = None


def identity_widget() -> IdentityWidget:
    """This kernel's identity widget (created on first use)."""
    global _widget
    if _widget is None:
        _widget = IdentityWidget()
    else:
        _widget.text = texts()  # in the language now active
    return _widget


def reset_identity_widget() -> None:
    """Forget this kernel's identity widget and browser identity (tests)."""
    global _widget
    if _widget is not None:
        _widget.close()
    _widget = None
    ids.reset_session()
