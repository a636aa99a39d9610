"""The item bank as a QTI 1.2 package that Canvas imports (Settings > Import course content > QTI .zip file).

The zip holds ``imsmanifest.xml`` (IMS Content Packaging) and one QTI 1.2 ``questestinterop`` file per lesson
and mode, each one ``assessment`` (Canvas makes a quiz and a question bank of it) with one
``multiple_choice_question`` item per decision step, Canvas's flavour: ``itemmetadata`` names the question type
and points, ``response_lid``/``render_choice`` lists the options in order (``shuffle="No"`` where texts name
options by letter), ``resprocessing`` shows each option's feedback and sets ``SCORE`` to 100 for the best option.

Partial credit: QTI 1.2 could express it (``setvar SCORE 50``), but Canvas's importer turns every option that
scores above 0 into a correct answer (a second one makes the question "multiple answers"), and a Canvas
multiple-choice question has no partial credit. So in Canvas only the best option scores; each option's
feedback states its credit in the course ("Credit in the course: 50%"), and graded work keeps its exact credit
through clientcraft's own grading and the grade files. Instructor-side: the package holds the answer keys.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..rendering import strings
from .errors import ExportError
from .itembank import BankItem, exported_items, feedback_html, option_html, xml_document

if TYPE_CHECKING:  # pragma: no cover
    from ..core.loader import Curriculum

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RESPONSE = "response1"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
"""Time stamp of every zip member, so the same content gives the same package."""


def credit_line(credit: float) -> str:
    """The line every option's feedback ends with in the QTI package."""
    return strings.BANK_CREDIT.format(percent=f"{credit * 100:g}")


def _meta(parent: ET.Element, pairs: dict[str, str]) -> None:
    qm = ET.SubElement(parent, "qtimetadata")
    for label, entry in pairs.items():
        field = ET.SubElement(qm, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _mattext(parent: ET.Element, html: str) -> None:
    ET.SubElement(ET.SubElement(parent, "material"), "mattext", {"texttype": "text/html"}).text = html


def _feedback(parent: ET.Element, ident: str, html: str) -> None:
    fb = ET.SubElement(parent, "itemfeedback", {"ident": ident})
    _mattext(ET.SubElement(fb, "flow_mat"), html)


def item_ident(item: BankItem) -> str:
    """The QTI ``ident`` of an item."""
    return f"cc-{item.scenario}-{item.step}"


def item_element(item: BankItem) -> ET.Element:
    """One ``multiple_choice_question`` item."""
    el = ET.Element("item", {"ident": item_ident(item), "title": item.name})
    _meta(ET.SubElement(el, "itemmetadata"), {
        "question_type": "multiple_choice_question", "points_possible": "1.0",
        "original_answer_ids": ",".join(o.id for o in item.options)})
    presentation = ET.SubElement(el, "presentation")
    _mattext(presentation, item.question_html())
    lid = ET.SubElement(presentation, "response_lid", {"ident": RESPONSE, "rcardinality": "Single"})
    choice = ET.SubElement(lid, "render_choice", {"shuffle": "No" if item.ordered else "Yes"})
    for opt in item.options:
        _mattext(ET.SubElement(choice, "response_label", {"ident": opt.id}), option_html(opt))
    processing = ET.SubElement(el, "resprocessing")
    ET.SubElement(ET.SubElement(processing, "outcomes"), "decvar",
                  {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    general = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(general, "conditionvar"), "other")
    ET.SubElement(general, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    for opt in item.options:
        cond = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
        ET.SubElement(ET.SubElement(cond, "conditionvar"), "varequal", {"respident": RESPONSE}).text = opt.id
        ET.SubElement(cond, "displayfeedback", {"feedbacktype": "Response", "linkrefid": f"{opt.id}_fb"})
    best = [o for o in item.options if o.credit >= 1]
    if len(best) != 1:
        raise ExportError(item.ident, f"needs exactly one option with full credit, has {len(best)}")
    cond = ET.SubElement(processing, "respcondition", {"continue": "No"})
    ET.SubElement(ET.SubElement(cond, "conditionvar"), "varequal", {"respident": RESPONSE}).text = best[0].id
    ET.SubElement(cond, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    _feedback(el, "general_fb", item.general_feedback_html())
    for opt in item.options:
        _feedback(el, f"{opt.id}_fb", feedback_html(opt, credit_line(opt.credit)))
    return el


def assessment_document(ident: str, title: str, items: list[BankItem]) -> str:
    """One ``questestinterop`` file holding one assessment."""
    root = ET.Element("questestinterop", {"xmlns": QTI_NS, "xmlns:xsi": XSI, "xsi:schemaLocation":
                                          f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"})
    assessment = ET.SubElement(root, "assessment", {"ident": ident, "title": title})
    _meta(assessment, {"cc_maxattempts": "1"})
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for item in items:
        section.append(item_element(item))
    return xml_document(root)


def manifest(resources: list[tuple[str, str]]) -> str:
    """``imsmanifest.xml`` listing one QTI 1.2 resource per (identifier, file)."""
    root = ET.Element("manifest", {"identifier": "clientcraft-item-bank", "xmlns": CP_NS, "xmlns:xsi": XSI})
    meta = ET.SubElement(root, "metadata")
    ET.SubElement(meta, "schema").text = "IMS Content"
    ET.SubElement(meta, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    res = ET.SubElement(root, "resources")
    for ident, href in resources:
        r = ET.SubElement(res, "resource", {"identifier": ident, "type": "imsqti_xmlv1p2", "href": href})
        ET.SubElement(r, "file", {"href": href})
    return xml_document(root)


def write_qti(cur: "Curriculum", path: Path | str, *, modes: Iterable[str] = ("practice", "assessment")
              ) -> tuple[Path, int]:
    """Write the QTI 1.2 package of ``modes`` to ``path``; returns the path and the number of questions."""
    items = exported_items(cur, modes, path)
    groups: dict[tuple[str, str], list[BankItem]] = {}
    for item in items:
        groups.setdefault((item.lesson, item.mode), []).append(item)
    order = {ls.id: ls.order for ls in cur.lessons.values()}
    files: list[tuple[str, str]] = []
    resources: list[tuple[str, str]] = []
    for (lesson, mode), members in groups.items():
        ident = f"cc-{lesson}-{mode}"
        title = f"clientcraft {order.get(lesson, 0)}: {members[0].lesson_title} ({mode})"
        href = f"{ident}/{ident}.xml"
        files.append((href, assessment_document(ident, title, members)))
        resources.append((ident, href))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in [("imsmanifest.xml", manifest(resources)), *files]:
            zf.writestr(zipfile.ZipInfo(name, FIXED_TIME), body)
    tmp.replace(path)
    return path, len(items)
