"""Fill-in forms saved as reflections: the closing action plan and the prevention kit's terms template.

Each field is saved as one reflection event (``kind='reflection'``) of the form's lesson, with ``step`` set to
``"<form>:<field>"`` (``action-plan:change``, ``terms:deposit``), so a lesson's own reflection (``step`` =
``"reflection"``) is never confused with them. The latest saved value of each field comes back when the
notebook reopens; :func:`latest_action_plan` reads the plan back for the progress display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import ipywidgets as w
import traitlets

from clientcraft.core.curriculum import Curriculum
from clientcraft.core.records import Event
from clientcraft.core.schema import text
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import fragment
from clientcraft.runtime.identity import Identity, local_time

from .frontend import STYLES, front_end
from .progress import refresh_all
from .reflection import MAX_CHARS, MessageView, SavesReflections
from .saved import ACTION_PLAN_STEP, TERMS_STEP, latest_values


@dataclass(frozen=True)
class FormField:
    """One blank of a form: its id, label, the hint under the label, the greyed example, and its height in lines."""

    id: str
    label: str
    placeholder: str = ""
    required: bool = False
    lines: int = 3
    help: str = ""


class FormView(MessageView):
    """What the learner sees of a form: heading, one labelled text box per field, Save, a message, extra notes."""

    _esm = front_end("form.js")
    _css = STYLES

    heading_html = traitlets.Unicode("").tag(sync=True)
    fields = traitlets.List().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    extra_html = traitlets.Unicode("").tag(sync=True)
    save_label = traitlets.Unicode("").tag(sync=True)
    required_label = traitlets.Unicode("").tag(sync=True)


class FormWidget(SavesReflections):
    """A titled form whose fields are saved as reflection events; saved values come back on reopening.

    From Python: :meth:`fill` the fields and call :meth:`save` (the browser sends the values with its Save)."""

    def __init__(self, lesson_id: str, prefix: str, heading_html: str, fields: list[FormField], *,
                 save_label: str, identity: Identity | None = None, log=None, language: str = "en",
                 after_save: Callable[["FormWidget"], None] | None = None):
        self.lesson_id, self.prefix, self.fields, self.lang = lesson_id, prefix, fields, language
        self._log, self.identity, self.after_save = log, identity, after_save
        self.events: list[Event] = []
        self.saved: dict[str, str] = {}
        self.view = FormView(heading_html=heading_html, save_label=save_label, required_label=t.FORM_REQUIRED,
                             fields=[{"id": f.id, "label": f.label, "hint": f.help, "placeholder": f.placeholder,
                                      "required": f.required, "rows": f.lines} for f in fields],
                             values={f.id: "" for f in fields})
        self.view.on_msg(self._on_message)
        self.widget = w.VBox([self.view])  # the name form joins the view here when needed (no empty box kept)
        self._follow_identity()

    def _on_message(self, _view, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "save" and isinstance(content.get("values"), dict):
            self.save(content["values"])

    def fill(self, **values: str) -> None:
        """Put text into fields (by field id), as a learner typing would."""
        unknown = set(values) - {f.id for f in self.fields}
        if unknown:
            raise KeyError(f"no such field: {', '.join(sorted(unknown))}")
        self.view.values = {**self.view.values, **values}

    def _load_saved(self) -> None:
        """Show the learner's saved values (another learner's never stay in the boxes)."""
        rows = self._my_rows(lesson=self.lesson_id)
        if rows is None:
            return
        latest = latest_values(rows, self.lesson_id, self.prefix)
        shown = self.view.values
        untouched = all((shown.get(f.id) or "") == self.saved.get(f.id, "") for f in self.fields)
        self.saved = {fid: row.get("text") or "" for fid, row in latest.items() if fid in shown}
        if untouched:
            self.view.values = {f.id: self.saved.get(f.id, "") for f in self.fields}
        if latest:
            when = max(r["timestamp"] for r in latest.values())
            self.view.say(t.FORM_LAST_SAVED.format(when=local_time(when, t.DATE_TIME)))
        else:
            self.view.say("")
        if self.after_save:
            self.after_save(self)

    def values(self) -> dict[str, str]:
        """The text in each field now (stripped)."""
        return {f.id: (self.view.values.get(f.id) or "").strip() for f in self.fields}

    def save(self, values: dict[str, str] | None = None) -> list[Event] | None:
        """Save every changed field (``values``: what the browser sent); the events saved, or None when nothing was
        saved (the message says why, and the text stays in the boxes)."""
        if values is not None:
            self.fill(**{f.id: str(values.get(f.id, "")) for f in self.fields})
        vals = self.values()
        missing = [f.label for f in self.fields if f.required and not vals[f.id]]
        if missing:
            self.view.say(t.FORM_FILL_IN.format(fields=", ".join(missing)), alert=True)
            return None
        too_long = [f.label for f in self.fields if len(vals[f.id]) > MAX_CHARS]
        if too_long:
            self.view.say(t.FORM_TOO_LONG.format(limit=MAX_CHARS, fields=", ".join(too_long)), alert=True)
            return None
        changed = [f for f in self.fields if vals[f.id] and vals[f.id] != self.saved.get(f.id)]
        if not changed:
            self.view.say(t.FORM_NOTHING_NEW if self.saved else t.FORM_EMPTY, alert=not self.saved)
            return None
        ident = self._who()
        if ident is None:
            self._ask_name(self.save, t.FORM_NAME_FIRST)
            return None
        saved: list[Event] = []
        for f in changed:
            ev = Event(learner_id=ident.learner_id, cohort=ident.cohort, lesson=self.lesson_id, scenario=None,
                       step=f"{self.prefix}:{f.id}", option=None, credit=None, mode="reflection",
                       language=self.lang, kind="reflection", text=vals[f.id])
            if not self._record(ev, t.FORM_NOT_SAVED):
                return saved or None
            self.saved[f.id] = vals[f.id]
            saved.append(ev)
        self.events += saved
        self.view.say(t.REFLECTION_SAVED)
        if self.after_save:
            self.after_save(self)
        refresh_all()
        return saved

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _toolkit(macro: str, *args, **kwargs) -> str:
    return fragment("toolkit.html.j2", macro, *args, **kwargs)


def action_plan_widget(cur: Curriculum, plan_id: str, *, identity: Identity | None = None, log=None,
                       language: str = "en") -> FormWidget:
    """The closing reflection: one concrete change and when."""
    plan = cur.get("action_plans", plan_id)
    fields = [FormField("change", text(plan.change_label, language), t.PLAN_CHANGE_PLACEHOLDER, required=True),
              FormField("when", text(plan.when_label, language), t.PLAN_WHEN_PLACEHOLDER, required=True, lines=1)]
    return FormWidget(plan.lesson, ACTION_PLAN_STEP, _toolkit("plan_heading", plan, language), fields,
                      save_label=t.PLAN_SAVE, identity=identity, log=log, language=language)


def _terms_preview(kit, language: str) -> Callable[[FormWidget], None]:
    def show(form: FormWidget) -> None:
        vals = form.values()
        rows = [(f.label, vals[f.id]) for f in kit.terms_template if vals.get(f.id)]
        form.view.extra_html = _toolkit("terms_preview", rows, language)
    return show


def terms_template_widget(cur: Curriculum, kit_id: str, *, identity: Identity | None = None, log=None,
                          language: str = "en") -> FormWidget:
    """The prevention kit's terms template, one box per term, with the course's example as the placeholder."""
    kit = cur.get("prevention_kits", kit_id)
    fields = [FormField(f.id, text(f.label, language), t.TERMS_EXAMPLE.format(example=text(f.example, language)),
                        lines=3, help=text(f.prompt, language)) for f in kit.terms_template]
    return FormWidget(kit.lesson, TERMS_STEP, _toolkit("terms_heading"), fields, save_label=t.TERMS_SAVE,
                      identity=identity, log=log, language=language, after_save=_terms_preview(kit, language))
