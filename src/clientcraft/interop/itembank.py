"""The scenario item bank: every decision step of the practice and graded scenarios as one question.

A single-step scenario is one question. A branching scenario becomes one question per step; each question says
where it sits in the scenario (which choice at which earlier decision leads to it) and its general feedback
says where each choice leads, so the path structure survives in systems that have no branching. Options keep
their order (``a``, ``b``, ...) and are numbered ``abc`` wherever a text refers to them by letter (every step
of a branching scenario); elsewhere the LMS may shuffle them.

Texts are the English content; HTML comes from the autoescaping template ``rendering/templates/itembank.html.j2``
and interface text from :mod:`clientcraft.rendering.strings`, so content text is always inert.
This bank is instructor-side: it carries the credit of every option (the answer keys).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..core.schema import text
from ..rendering import strings
from ..rendering.html import fragment
from .errors import ExportError

if TYPE_CHECKING:  # pragma: no cover
    from ..core.loader import Curriculum

TEMPLATE = "itembank.html.j2"
"""The template (rendering/templates) of the question texts and feedback."""

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
        if self.steps == 1:
            return self.scenario_title
        return strings.BANK_DECISION_NAME.format(title=self.scenario_title, number=self.number, steps=self.steps)

    @property
    def ordered(self) -> bool:
        """True when the options must keep their order (texts refer to them by letter)."""
        return self.steps > 1

    def question_html(self) -> str:
        """The question text as HTML."""
        return fragment(TEMPLATE, "question", self).strip()

    def general_feedback_html(self) -> str:
        """Where each choice leads, and the recommendations the scenario practises, as HTML."""
        return fragment(TEMPLATE, "general", self).strip()


def option_html(option: BankOption) -> str:
    """An option's text as HTML."""
    return fragment(TEMPLATE, "option", option).strip()


def feedback_html(option: BankOption, credit_line: str | None = None) -> str:
    """An option's feedback as HTML: what happens (consequence), why (coaching), and an optional credit line."""
    return fragment(TEMPLATE, "feedback", option, credit_line).strip()


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
                strings.BANK_ARRIVAL.format(number=numbers[st.id], steps=len(sc.steps), option=o.id,
                                            previous=numbers[prev.id], text=text(o.text))
                for prev in sc.steps for o in prev.options if o.next == st.id)
            onward = tuple(
                strings.BANK_LEADS_TO.format(option=o.id, number=numbers[o.next]) if o.next
                else strings.BANK_ENDS.format(option=o.id)
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
