"""Answer capture for graded assessments: click-to-answer widgets and a plain-text fallback.

The form works from the public view of each item only (:class:`clientcraft.core.keys.PublicItem`): it never
knows credits, consequences or coaching, so nothing graded can appear before grading. Every choice is
saved at once to the answers file in the assignment folder and is shown again when the notebook reopens.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from clientcraft.core.branching import walk
from clientcraft.core.keys import PublicAssignment, PublicItem
from clientcraft.core.settings import nbgrader_execution
from clientcraft.grading.errors import AnswerError, AnswersFileError, GradingError
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import fragment, widget

from .answers import Answers, answers_path, current_answers, load_answers, save_answers


class NotAnsweredError(GradingError, AssertionError):
    """An item has no saved answer yet (raised by the visible check in a learner's notebook)."""

    def __init__(self, item: str, reason: str | None = None):
        self.item = item
        reason = reason or t.NOT_ANSWERED_YET
        super().__init__(f"Item {item!r} {reason}.")


class ItemView:
    """The widget of one item: situation, then each step on the learner's path with one button per option."""

    def __init__(self, form: "AssessmentForm", item_id: str):
        import ipywidgets as w

        self._w = w
        self.form = form
        self.item: PublicItem = form.item(item_id)
        self.buttons: dict[str, dict[str, Any]] = {}
        self.status = w.HTML()
        self.widget = w.VBox(layout=w.Layout(border="1px solid #ccc", padding="8px", margin="8px 0"))
        self.render()

    # -- drawing ------------------------------------------------------------------------------------
    def render(self) -> None:
        """Redraw from the saved choices."""
        w, item = self._w, self.item
        children: list[Any] = [w.HTML(_html("item_head", item))]
        choices = self.form.answers.choices(item.id)
        self.buttons = {}
        for sid in walk(item.graph, choices).steps:
            step = item.steps[sid]
            row = []
            self.buttons[sid] = {}
            for opt in step.options:
                chosen = choices.get(sid) == opt.id
                b = w.Button(description=opt.id.upper(), button_style="info" if chosen else "",
                             tooltip=opt.text[:120], layout=w.Layout(width="60px"))
                b.on_click(lambda _b, s=sid, o=opt.id: self._clicked(s, o))
                self.buttons[sid][opt.id] = b
                row.append(b)
            children += [w.HTML(_html("item_step", step)), w.HBox(row)]
        children.append(self.status)
        self.status.value = self._status_text(choices)
        self.widget.children = children

    def _status_text(self, choices: dict[str, str]) -> str:
        if self.form.problem:
            return _html("problem", self.form.problem)
        if walk(self.item.graph, choices).finished:
            return widget("para", t.FORM_SAVED)
        return widget("para", t.FORM_NEXT if choices else t.FORM_CHOOSE)

    def _clicked(self, step: str, option: str) -> None:
        try:
            self.form.choose(self.item.id, step, option)
        except GradingError as exc:
            self.status.value = _html("problem", str(exc))
            return
        self.render()

    def click(self, step: str, option: str) -> None:
        """Press the button of ``option`` at ``step`` (as a learner would)."""
        try:
            button = self.buttons[step][option]
        except KeyError:
            raise AnswerError(self.item.id, step, option, "no such button is showing") from None
        button.click()

    # -- display ------------------------------------------------------------------------------------
    def plain_text(self) -> str:
        """The item as plain text, for front ends that cannot show widgets."""
        item = self.item
        choices = self.form.answers.choices(item.id)
        lines = [item.title, f"{item.persona.name}: {item.persona.description}", item.situation]
        for sid in walk(item.graph, choices).steps:
            step = item.steps[sid]
            if step.narrative:
                lines.append(step.narrative)
            lines.append(step.prompt)
            lines += [f"  {o.id.upper()}. {o.text}" for o in step.options]
            if sid in choices:
                lines.append("  " + t.FORM_YOUR_ANSWER.format(option=choices[sid].upper()))
        lines.append(t.FORM_FALLBACK_HINT)
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = self.plain_text()
        return bundle


class AssessmentForm:
    """All items of one assignment, bound to the answers file of the assignment folder."""

    def __init__(self, public: PublicAssignment, folder: Path | str | None = None):
        self.assignment: str = public.assignment
        self._items = {i.id: i for i in public.items}
        self.order = [i.id for i in public.items]
        self.path = answers_path(folder)
        self.problem: str | None = None
        self._broken = False
        try:
            self.answers = load_answers(self.path)
        except AnswersFileError as exc:
            self.answers = Answers(assignment=self.assignment)
            if exc.code != "missing-answers":
                self.problem = t.FORM_UNREADABLE.format(reason=exc.reason)
                self._broken = True

    @classmethod
    def from_json(cls, public_json: str, folder: Path | str | None = None) -> "AssessmentForm":
        """A form from the JSON the notebook embeds."""
        try:
            public = PublicAssignment.model_validate_json(public_json)
        except ValidationError as exc:
            raise GradingError(f"the assignment's embedded items are not readable: {exc.errors()[0]['msg']}") from None
        return cls(public, folder)

    def item(self, item_id: str) -> PublicItem:
        """The public view of one item."""
        try:
            return self._items[item_id]
        except KeyError:
            raise AnswerError(item_id, None, None, "is not an item of this assignment") from None

    def show(self, item_id: str) -> ItemView:
        """The widget for one item (displayed when it is a cell's last expression)."""
        return ItemView(self, item_id)

    def choose(self, item_id: str, step: str, option: str) -> None:
        """Record one choice and save the answers file at once."""
        item = self.item(item_id)
        if step not in item.steps:
            raise AnswerError(item_id, step, None, "is not a step of this item")
        if option not in {o.id for o in item.steps[step].options}:
            raise AnswerError(item_id, step, option, "is not an option at this step")
        if self._broken and self.path.exists():
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            os.replace(self.path, self.path.with_name(f"answers.unreadable-{stamp}.json"))
        self._broken = False
        self.problem = None
        self.answers.assignment = self.assignment
        self.answers.record(item_id, step, option)
        save_answers(self.path, self.answers)

    def ask_in_text(self, input_fn: Callable[[str], str] = input, output: Callable[[str], None] = print) -> int:
        """Ask every unanswered step in plain text; return how many answers were saved.

        An empty reply stops asking (so running every cell costs one Enter). Does nothing while nbgrader
        validates or autogrades (there is nobody to ask).
        """
        if nbgrader_execution():
            return 0
        saved = 0
        for item_id in self.order:
            item = self._items[item_id]
            while True:
                sid = walk(item.graph, self.answers.choices(item_id)).current
                if sid is None:
                    break
                step = item.steps[sid]
                valid = {o.id for o in step.options}
                output(f"\n{item.title}\n{item.situation}" if sid == item.entry else "")
                if step.narrative:
                    output(step.narrative)
                output(step.prompt)
                for o in step.options:
                    output(f"  {o.id.upper()}. {o.text}")
                reply = ""
                for _ in range(3):
                    reply = input_fn(t.FORM_TYPE_LETTER).strip().lower()
                    if not reply or reply in valid:
                        break
                    letters = ", ".join(sorted(v.upper() for v in valid))
                    output(t.FORM_NOT_AN_OPTION.format(reply=reply, options=letters))
                if not reply:
                    output(t.FORM_STOPPED.format(saved=saved, file=self.path.name))
                    return saved
                if reply not in valid:
                    break
                self.choose(item_id, sid, reply)
                saved += 1
        output(t.FORM_DONE.format(saved=saved, file=self.path.name))
        return saved


def check_answered(item_id: str, folder: Path | str | None = None) -> None:
    """The visible check of a graded item: raise :class:`NotAnsweredError` when it has no saved answer.

    While nbgrader autogrades it never raises: the hidden test then scores the item (0 when unanswered).
    """
    if nbgrader_execution() == "autograde":
        return
    try:
        answers = current_answers(folder)
    except AnswersFileError as exc:
        raise NotAnsweredError(item_id, f"cannot be checked: {exc.reason}") from None
    if not answers.choices(item_id):
        raise NotAnsweredError(item_id)


def _html(macro: str, *args) -> str:
    return fragment("assessment.html.j2", macro, *args)
