"""The item bank as Moodle XML (Question bank > Import > Moodle XML format).

One category per lesson and mode (``$course$/top/clientcraft/<n> <lesson title>/<mode>``), then one
``multichoice`` question per decision step: single answer, each option an ``<answer>`` whose ``fraction`` is
its credit x 100 and whose ``<feedback>`` is what happens (consequence) and why (coaching); options numbered
``abc``, and shuffling off where texts name options by letter (branching scenarios). ``idnumber`` is
``scenario/step``. Instructor-side: the file holds the answer keys.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..core.atomic import write_text_atomic
from ..rendering import strings
from .errors import ExportError
from .itembank import BankItem, exported_items, feedback_html, option_html, xml_document

if TYPE_CHECKING:  # pragma: no cover
    from ..core.loader import Curriculum

MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5, 0)
"""The grades (in %) Moodle offers for an answer; a credit must be one of them."""


def fraction(credit: float, where: str) -> str:
    """Moodle's ``fraction`` attribute for a credit in [0, 1]."""
    pct = credit * 100
    match = next((f for f in MOODLE_FRACTIONS if abs(f - pct) < 1e-4), None)
    if match is None:
        raise ExportError(where, f"credit {credit} is not a grade Moodle offers "
                                 f"({', '.join(f'{f:g}%' for f in MOODLE_FRACTIONS)})")
    return f"{match:g}"


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = value
    return el


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def category_path(item: BankItem, order: int) -> str:
    """The Moodle category of an item (``/`` inside a name is doubled, as Moodle expects)."""
    title = f"{order} {item.lesson_title}".replace("/", "//")
    return f"$course$/top/clientcraft/{title}/{item.mode}"


def question(item: BankItem) -> ET.Element:
    """One multichoice question."""
    q = ET.Element("question", {"type": "multichoice"})
    _text(q, "name", item.name, None)
    _text(q, "questiontext", item.question_html())
    _text(q, "generalfeedback", item.general_feedback_html())
    _value(q, "defaultgrade", "1.0000000")
    _value(q, "penalty", "0.0000000")
    _value(q, "hidden", "0")
    _value(q, "idnumber", item.ident)
    _value(q, "single", "true")
    _value(q, "shuffleanswers", "false" if item.ordered else "true")
    _value(q, "answernumbering", "abc")
    _value(q, "showstandardinstruction", "0")
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(q, tag, "")
    for opt in item.options:
        answer = ET.SubElement(q, "answer", {"fraction": fraction(opt.credit, f"{item.ident} option {opt.id}"),
                                             "format": "html"})
        ET.SubElement(answer, "text").text = option_html(opt)
        _text(answer, "feedback", feedback_html(opt))
    tags = ET.SubElement(q, "tags")
    for tag in ("clientcraft", f"lesson:{item.lesson}", f"mode:{item.mode}", f"scenario:{item.scenario}"):
        _text(tags, "tag", tag, None)
    return q


def moodle_xml(items: Iterable[BankItem], lesson_order: dict[str, int]) -> str:
    """The Moodle XML document of ``items``."""
    quiz = ET.Element("quiz")
    current = None
    for item in items:
        path = category_path(item, lesson_order.get(item.lesson, 0))
        if path != current:
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            _text(cat, "category", path, None)
            _text(cat, "info", strings.BANK_CATEGORY_INFO.format(mode=item.mode, lesson=item.lesson_title))
            current = path
        quiz.append(question(item))
    return xml_document(quiz)


def write_moodle(cur: "Curriculum", path: Path | str, *, modes: Iterable[str] = ("practice", "assessment")
                 ) -> tuple[Path, int]:
    """Write the item bank of ``modes`` to ``path``; returns the path and the number of questions."""
    items = exported_items(cur, modes, path)
    path = Path(path)
    write_text_atomic(path, moodle_xml(items, {ls.id: ls.order for ls in cur.lessons.values()}))
    return path, len(items)
