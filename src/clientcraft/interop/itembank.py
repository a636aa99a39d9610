"""The scenario item bank: every decision step of the practice and graded scenarios as one question.

A single-step scenario is one question. A branching scenario becomes one question per step; each question says
where it sits in the scenario (which choice at which earlier decision leads to it) and its general feedback
says where each choice leads, so the path structure survives in systems that have no branching. Options keep
their order (``a``, ``b``, ...) and are numbered ``abc`` wherever a text refers to them by letter (every step
of a branching scenario); elsewhere the LMS may shuffle them.

Texts are the English content; HTML is rendered by autoescaping templates, so content text is always inert.
This bank is instructor-side: it carries the credit of every option (the answer keys).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from jinja2 import DictLoader, Environment, StrictUndefined

from ..core.schema import text
from .errors import ExportError

if TYPE_CHECKING:  # pragma: no cover
    from ..core.loader import Curriculum

_TEMPLATES = {
    "question.html": (
        "<p><strong>{{ item.scenario_title }}</strong> ({{ item.lesson_title }})</p>\n"
        "<p>{{ item.persona }}</p>\n"
        "<p>{{ item.situation }}</p>\n"
        "{% for line in item.arrival %}<p>{{ line }}</p>\n{% endfor %}"
        "{% if item.narrative %}<p>{{ item.narrative }}</p>\n{% endif %}"
        "<p>{{ item.prompt }}</p>"),
    "feedback.html": (
        "<p>{{ option.consequence }}</p>\n<p>{{ option.coaching }}</p>"
        "{% if credit_line %}\n<p>{{ credit_line }}</p>{% endif %}"),
    "general.html": (
        "{% for line in item.onward %}<p>{{ line }}</p>\n{% endfor %}"
        "<p>Recommendations behind this scenario:</p>\n<ul>{% for r in item.recommendations %}<li>{{ r }}</li>"
        "{% endfor %}</ul>"),
    "option.html": "<p>{{ option.text }}</p>",
}
_ENV = Environment(loader=DictLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)


@dataclass(frozen=True)
class BankOption:
    """One option: id (letter), text, credit, and the feedback (consequence, then coaching)."""

    id: str
    text: str
    credit: float
    consequence: str
    coaching: str
    next_step: str | None


@dataclass(frozen=True)
class BankItem:
    """One decision step as a question."""

    scenario: str
    step: str
    number: int
    steps: int
    mode: str
    lesson: str
    lesson_title: str
    scenario_title: str
    persona: str
    situation: str
    narrative: str
    prompt: str
    arrival: tuple[str, ...]
    """How a learner reaches this step (empty for a scenario's first step)."""
    onward: tuple[str, ...]
    """Where each choice leads (empty for a single-step scenario)."""
    recommendations: tuple[str, ...]
    options: tuple[BankOption, ...]

    @property
    def ident(self) -> str:
        """Stable id of the question: ``scenario/step``."""
        return f"{self.scenario}/{self.step}"

    @property
    def name(self) -> str:
        """Question name: the scenario title, and the decision number for a branching scenario."""
        return self.scenario_title if self.steps == 1 else f"{self.scenario_title} (decision {self.number} of " \
                                                           f"{self.steps})"

    @property
    def ordered(self) -> bool:
        """True when the options must keep their order (texts refer to them by letter)."""
        return self.steps > 1

    def question_html(self) -> str:
        """The question text as HTML."""
        return _ENV.get_template("question.html").render(item=self)

    def general_feedback_html(self) -> str:
        """Where each choice leads, and the recommendations the scenario practises, as HTML."""
        return _ENV.get_template("general.html").render(item=self)


def option_html(option: BankOption) -> str:
    """An option's text as HTML."""
    return _ENV.get_template("option.html").render(option=option)


def feedback_html(option: BankOption, credit_line: str | None = None) -> str:
    """An option's feedback as HTML: what happens (consequence), why (coaching), and an optional credit line."""
    return _ENV.get_template("feedback.html").render(option=option, credit_line=credit_line)


def bank_items(cur: "Curriculum", modes: Iterable[str] = ("practice", "assessment")) -> list[BankItem]:
    """Every step of every scenario of ``modes`` in lesson order, then scenario and step order."""
    modes = tuple(modes)
    order = {ls.id: ls.order for ls in cur.lessons.values()}
    scenarios = sorted((sc for sc in cur.scenarios.values() if sc.mode in modes),
                       key=lambda sc: (order.get(sc.lesson, 99), modes.index(sc.mode)))
    out = []
    for sc in scenarios:
        lesson = cur.lessons.get(sc.lesson)
        numbers = {st.id: k for k, st in enumerate(sc.steps, start=1)}
        recs = tuple(text(cur.recommendations[r].action) for r in sc.recommendations if r in cur.recommendations)
        for st in sc.steps:
            arrival = tuple(
                f"This is decision {numbers[st.id]} of {len(sc.steps)}. You reach it after choosing "
                f"{o.id}) at decision {numbers[prev.id]}: \u201c{text(o.text)}\u201d"
                for prev in sc.steps for o in prev.options if o.next == st.id)
            onward = tuple(
                f"Choice {o.id}) leads to decision {numbers[o.next]} of this scenario." if o.next
                else f"Choice {o.id}) ends the scenario."
                for o in st.options) if len(sc.steps) > 1 else ()
            out.append(BankItem(
                scenario=sc.id, step=st.id, number=numbers[st.id], steps=len(sc.steps), mode=sc.mode,
                lesson=sc.lesson, lesson_title=text(lesson.title) if lesson else sc.lesson,
                scenario_title=text(sc.title), persona=f"{sc.persona.name}: {text(sc.persona.description)}",
                situation=text(sc.situation), narrative=text(st.narrative), prompt=text(st.prompt),
                arrival=arrival, onward=onward, recommendations=recs,
                options=tuple(BankOption(o.id, text(o.text), float(o.credit), text(o.consequence), text(o.coaching),
                                         o.next) for o in st.options)))
    return out


def exported_items(cur: "Curriculum", modes: Iterable[str], target: object) -> list[BankItem]:
    """:func:`bank_items`, or :class:`ExportError` naming ``target`` when there is nothing to export."""
    items = bank_items(cur, modes)
    if not items:
        raise ExportError(str(target), "no scenarios to export (graded ones need the course team's checkout)")
    return items


def xml_document(root: ET.Element) -> str:
    """An element tree as an indented UTF-8 XML document with its declaration."""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
