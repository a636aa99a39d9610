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

from clientcraft.core.curriculum import Curriculum
from clientcraft.core.records import Event
from clientcraft.core.schema import text
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import fragment, widget
from clientcraft.runtime.identity import Identity

from .progress import refresh_all
from .saved import ACTION_PLAN_STEP, TERMS_STEP, latest_values
from .reflection import MAX_CHARS, SavesReflections



@dataclass(frozen=True)
class FormField:
    """One blank of a form."""

    id: str
    label: str
    placeholder: str = ""
    required: bool = False
    lines: int = 3
    help: str = ""


class FormWidget(SavesReflections):
    """A titled form whose fields are saved as reflection events; saved values come back on reopening."""

    def __init__(self, lesson_id: str, prefix: str, heading_html: str, fields: list[FormField], *,
                 save_label: str = "Save", identity: Identity | None = None, log=None, language: str = "en",
                 after_save: Callable[["FormWidget"], None] | None = None):
        self.lesson_id, self.prefix, self.fields, self.lang = lesson_id, prefix, fields, language
        self._log, self.identity, self.after_save = log, identity, after_save
        self.events: list[Event] = []
        self.saved: dict[str, str] = {}
        self.inputs: dict[str, w.Textarea] = {}
        rows = []
        for f in fields:
            box = w.Textarea(placeholder=f.placeholder, layout=w.Layout(width="100%", height=f"{1.6 * f.lines + 1}em"))
            box.description = f"{f.label} {t.FORM_REQUIRED}" if f.required else f.label
            box.style = {"description_width": "initial"}
            self.inputs[f.id] = box
            if f.help:
                rows.append(w.HTML(_toolkit("form_help", f.help)))
            rows.append(box)
        self.save_button = w.Button(description=save_label, button_style="primary", icon="save",
                                    tooltip=save_label)
        self.save_button.on_click(lambda _b: self.save())
        self.message = w.HTML()
        self.prompt_box = w.VBox()
        self.extra = w.HTML()
        self.widget = self._frame([w.HTML(heading_html), self.prompt_box, *rows, self.save_button, self.message,
                                   self.extra])
        self._load_saved()

    def _load_saved(self) -> None:
        rows = self._my_rows(lesson=self.lesson_id)
        if rows is None:
            return
        for fid, row in latest_values(rows, self.lesson_id, self.prefix).items():
            if fid in self.inputs:
                self.inputs[fid].value = self.saved[fid] = row.get("text") or ""
        if self.saved:
            when = max(r["timestamp"] for r in latest_values(rows, self.lesson_id, self.prefix).values())
            self.message.value = widget("para", t.FORM_LAST_SAVED.format(when=when.strftime(t.DATE_TIME)))
            if self.after_save:
                self.after_save(self)

    def values(self) -> dict[str, str]:
        """The text in each field now (stripped)."""
        return {fid: box.value.strip() for fid, box in self.inputs.items()}

    def save(self) -> list[Event] | None:
        """Save every changed field; the events saved, or None when nothing was saved (a message says why)."""
        vals = self.values()
        missing = [f.label for f in self.fields if f.required and not vals[f.id]]
        if missing:
            self.message.value = widget("alert", t.FORM_FILL_IN.format(fields=", ".join(missing)))
            return None
        too_long = [f.label for f in self.fields if len(vals[f.id]) > MAX_CHARS]
        if too_long:
            self.message.value = widget("alert", t.FORM_TOO_LONG.format(limit=MAX_CHARS, fields=", ".join(too_long)))
            return None
        changed = [f for f in self.fields if vals[f.id] and vals[f.id] != self.saved.get(f.id)]
        if not changed:
            self.message.value = (widget("status", t.FORM_NOTHING_NEW) if self.saved
                                  else widget("alert", t.FORM_EMPTY))
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
        self.message.value = widget("status", t.REFLECTION_SAVED)
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
        form.extra.value = _toolkit("terms_preview", rows, language)
    return show


def terms_template_widget(cur: Curriculum, kit_id: str, *, identity: Identity | None = None, log=None,
                          language: str = "en") -> FormWidget:
    """The prevention kit's terms template, one box per term, with the course's example as the placeholder."""
    kit = cur.get("prevention_kits", kit_id)
    fields = [FormField(f.id, text(f.label, language), t.TERMS_EXAMPLE.format(example=text(f.example, language)),
                        lines=2, help=text(f.prompt, language)) for f in kit.terms_template]
    return FormWidget(kit.lesson, TERMS_STEP, _toolkit("terms_heading"), fields, save_label=t.TERMS_SAVE,
                      identity=identity, log=log, language=language, after_save=_terms_preview(kit, language))
