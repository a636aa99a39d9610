"""Answer capture for graded assessments: click-to-answer widgets and a plain-text fallback.

The form works from the public view of each item only (see :mod:`clientcraft.core.keys`): it never
knows credits, consequences or coaching, so nothing graded can appear before grading. Every choice is
saved at once to the answers file in the assignment folder and is shown again when the notebook reopens.
"""

from __future__ import annotations

import html
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from .answers import Answers, answers_path, current_answers, load_answers, save_answers
from clientcraft.grading.errors import AnswerError, AnswersFileError, GradingError

FALLBACK_HINT = "Buttons not showing? Run the last cell of this notebook, 'Answer in plain text'."


class NotAnsweredError(GradingError, AssertionError):
    """An item has no saved answer yet (raised by the visible check in a learner's notebook)."""

    def __init__(self, item: str, reason: str = "has no answer yet: choose an option with the buttons above"):
        self.item = item
        super().__init__(f"Item {item!r} {reason}.")


def _walk(item: dict[str, Any], choices: dict[str, str]) -> list[str]:
    """Step ids on the path the choices take, ending at the first unanswered step or the end."""
    steps, out, step = item["steps"], [], item["entry"]
    while step and step not in out:
        out.append(step)
        chosen = choices.get(step)
        options = {o["id"]: o for o in steps[step]["options"]}
        if chosen not in options:
            break
        step = options[chosen]["next"]
    return out


class ItemView:
    """The widget of one item: situation, then each step on the learner's path with one button per option."""

    def __init__(self, form: "AssessmentForm", item_id: str):
        import ipywidgets as w

        self._w = w
        self.form = form
        self.item = form.item(item_id)
        self.buttons: dict[str, dict[str, Any]] = {}
        self.status = w.HTML()
        self.widget = w.VBox(layout=w.Layout(border="1px solid #ccc", padding="8px", margin="8px 0"))
        self.render()

    # -- drawing ------------------------------------------------------------------------------------
    def render(self) -> None:
        """Redraw from the saved choices."""
        w, item = self._w, self.item
        esc = html.escape
        head = w.HTML(
            f"<h4>{esc(item['title'])}</h4>"
            f"<p><b>{esc(item['persona']['name'])}</b>: {esc(item['persona']['description'])}</p>"
            f"<p>{esc(item['situation'])}</p>"
        )
        children: list[Any] = [head]
        choices = self.form.answers.choices(item["id"])
        self.buttons = {}
        for sid in _walk(item, choices):
            step = item["steps"][sid]
            parts = []
            if step["narrative"]:
                parts.append(f"<p><i>{esc(step['narrative'])}</i></p>")
            parts.append(f"<p><b>{esc(step['prompt'])}</b></p><ol type='A'>")
            parts.extend(f"<li>{esc(o['text'])}</li>" for o in step["options"])
            parts.append("</ol>")
            row = []
            self.buttons[sid] = {}
            for opt in step["options"]:
                chosen = choices.get(sid) == opt["id"]
                b = w.Button(description=opt["id"].upper(), button_style="info" if chosen else "",
                             tooltip=opt["text"][:120], layout=w.Layout(width="60px"))
                b.on_click(lambda _b, s=sid, o=opt["id"]: self._clicked(s, o))
                self.buttons[sid][opt["id"]] = b
                row.append(b)
            children += [w.HTML("".join(parts)), w.HBox(row)]
        children.append(self.status)
        self.status.value = self._status_text(choices)
        self.widget.children = children

    def _status_text(self, choices: dict[str, str]) -> str:
        if self.form.problem:
            return f"<p style='color:#a00'>{html.escape(self.form.problem)}</p>"
        path = _walk(self.item, choices)
        last = self.item["steps"][path[-1]]
        done = choices.get(path[-1]) in {o["id"] for o in last["options"]}
        if done:
            return "<p>Answer saved. You can change it until you hand in; your result comes with your feedback.</p>"
        return "<p>Choose one option.</p>" if not choices else "<p>Saved. Now the next question.</p>"

    def _clicked(self, step: str, option: str) -> None:
        try:
            self.form.choose(self.item["id"], step, option)
        except GradingError as exc:
            self.status.value = f"<p style='color:#a00'>{html.escape(str(exc))}</p>"
            return
        self.render()

    def click(self, step: str, option: str) -> None:
        """Press the button of ``option`` at ``step`` (as a learner would)."""
        try:
            button = self.buttons[step][option]
        except KeyError:
            raise AnswerError(self.item["id"], step, option, "no such button is showing") from None
        button.click()

    # -- display ------------------------------------------------------------------------------------
    def plain_text(self) -> str:
        """The item as plain text, for front ends that cannot show widgets."""
        item = self.item
        choices = self.form.answers.choices(item["id"])
        lines = [item["title"], f"{item['persona']['name']}: {item['persona']['description']}", item["situation"]]
        for sid in _walk(item, choices):
            step = item["steps"][sid]
            if step["narrative"]:
                lines.append(step["narrative"])
            lines.append(step["prompt"])
            lines += [f"  {o['id'].upper()}. {o['text']}" for o in step["options"]]
            if sid in choices:
                lines.append(f"  Your answer: {choices[sid].upper()}")
        lines.append(FALLBACK_HINT)
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = self.plain_text()
        return bundle


class AssessmentForm:
    """All items of one assignment, bound to the answers file of the assignment folder."""

    def __init__(self, public: dict[str, Any], folder: Path | str | None = None):
        self.assignment: str = public["assignment"]
        self._items = {i["id"]: i for i in public["items"]}
        self.order = [i["id"] for i in public["items"]]
        self.path = answers_path(folder)
        self.problem: str | None = None
        self._broken = False
        try:
            self.answers = load_answers(self.path)
        except AnswersFileError as exc:
            self.answers = Answers(assignment=self.assignment)
            if exc.code != "missing-answers":
                self.problem = (f"Your saved answers could not be read ({exc.reason}). Answer again: the old "
                                "file is kept beside the new one.")
                self._broken = True

    @classmethod
    def from_json(cls, public_json: str, folder: Path | str | None = None) -> "AssessmentForm":
        """A form from the JSON the notebook embeds."""
        return cls(json.loads(public_json), folder)

    def item(self, item_id: str) -> dict[str, Any]:
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
        if step not in item["steps"]:
            raise AnswerError(item_id, step, None, "is not a step of this item")
        if option not in {o["id"] for o in item["steps"][step]["options"]}:
            raise AnswerError(item_id, step, option, "is not an option at this step")
        if self._broken and self.path.exists():
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            os.replace(self.path, self.path.with_name(f"answers.unreadable-{stamp}.json"))
        self._broken = False
        self.problem = None
        self.answers.assignment = self.assignment
        self.answers.record(item_id, step, option)
        save_answers(self.path, self.answers)

    def answer_path(self, item_id: str, options: list[str]) -> None:
        """Choose ``options`` in order along the item's path (a learner clicking through it)."""
        view = self.show(item_id)
        for i, option in enumerate(options):
            path = _walk(view.item, self.answers.choices(item_id))
            if i >= len(path):
                raise AnswerError(item_id, None, option, f"the path ends after {len(path)} step(s)")
            view.click(path[i], option)

    def ask_in_text(self, input_fn: Callable[[str], str] = input, output: Callable[[str], None] = print) -> int:
        """Ask every unanswered step in plain text; return how many answers were saved.

        An empty reply stops asking (so running every cell costs one Enter). Does nothing while nbgrader
        validates or autogrades (there is nobody to ask).
        """
        if os.environ.get("NBGRADER_EXECUTION"):
            return 0
        saved = 0
        for item_id in self.order:
            item = self._items[item_id]
            while True:
                choices = self.answers.choices(item_id)
                sid = _walk(item, choices)[-1]
                step = item["steps"][sid]
                valid = {o["id"] for o in step["options"]}
                if choices.get(sid) in valid:
                    break
                output(f"\n{item['title']}\n{item['situation']}" if sid == item["entry"] else "")
                if step["narrative"]:
                    output(step["narrative"])
                output(step["prompt"])
                for o in step["options"]:
                    output(f"  {o['id'].upper()}. {o['text']}")
                reply = ""
                for _ in range(3):
                    reply = input_fn("Type the letter of your choice (or press Enter to skip): ").strip().lower()
                    if not reply or reply in valid:
                        break
                    output(f"'{reply}' is not one of {', '.join(sorted(v.upper() for v in valid))}.")
                if not reply:
                    output(f"Stopped. {saved} answer(s) saved to {self.path.name}.")
                    return saved
                if reply not in valid:
                    break
                self.choose(item_id, sid, reply)
                saved += 1
        output(f"{saved} answer(s) saved to {self.path.name}.")
        return saved


def check_answered(item_id: str, folder: Path | str | None = None) -> None:
    """The visible check of a graded item: raise :class:`NotAnsweredError` when it has no saved answer.

    While nbgrader autogrades it never raises: the hidden test then scores the item (0 when unanswered).
    """
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        return
    try:
        answers = current_answers(folder)
    except AnswersFileError as exc:
        raise NotAnsweredError(item_id, f"cannot be checked: {exc.reason}") from None
    if not answers.choices(item_id):
        raise NotAnsweredError(item_id)
