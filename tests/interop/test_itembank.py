"""Item-bank exports read back the way the importers read them, compared with the content: 0 mismatches.

Moodle: question/format/xml/format.php (``import_headers``, ``import_multichoice``, ``import_answer``:
``getpath`` with its defaults, texts trimmed, ``fraction`` attribute / 100, ``trans_single`` for ``single`` and
``shuffleanswers``). Canvas: its QTI importer takes the manifest's ``imsqti_xmlv1p2`` resources, the
``question_type`` of ``itemmetadata``, the ``response_label`` choices, gives weight 100 to an option whose
``respcondition`` sets ``SCORE`` above 0 (else 0) and attaches the ``itemfeedback`` its ``displayfeedback`` names.
"""

from __future__ import annotations

import re
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from defusedxml import ElementTree as DET

from clientcraft.interop.errors import ExportError
from clientcraft.interop.moodle import write_moodle
from clientcraft.interop.qti import QTI_NS, write_qti
from clientcraft.core.loader import default_curriculum
from clientcraft.core.schema import text

from .conftest import clientcraft


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li"):
            self.paragraphs.append("")
            self._open = True

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.paragraphs[-1] += data


def paragraphs(html: str) -> list[str]:
    """The text of each <p> and <li> of an HTML fragment, entities resolved."""
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    return [re.sub(r"\s+", " ", unescape(p)).strip() for p in parser.paragraphs]


@pytest.fixture(scope="module")
def cur():
    c = default_curriculum()
    if not c.has_assessment:
        pytest.skip("the checkout's assessment content is needed")
    return c


def _expected(cur):
    """Every (scenario, step) of every scenario, with what the question must carry."""
    for sc in cur.scenarios.values():
        for n, st in enumerate(sc.steps, start=1):
            yield sc, n, st


# ------------------------------------------------------------------------------------------------ Moodle
def _getpath(el, path: list[str], default):
    for tag in path:
        el = el.find(tag) if el is not None else None
        if el is None:
            return default
    return (el.text or "").strip()


def _trans_single(value: str) -> int:
    value = value.strip()
    return 0 if value == "false" or not value or value == "0" else 1


def import_moodle(path: Path) -> dict[str, dict]:
    """The questions of a Moodle XML file as import_multichoice builds them, keyed by idnumber."""
    root = DET.parse(path).getroot()
    assert root.tag == "quiz"
    out, category = {}, None
    for q in root.findall("question"):
        kind = q.get("type")
        if kind == "category":
            category = _getpath(q, ["category", "text"], "")
            continue
        assert kind == "multichoice", kind
        name = _getpath(q, ["name", "text"], None)
        assert name, "xmlimportnoname"
        answers = []
        for a in q.findall("answer"):
            answers.append({"text": _getpath(a, ["text"], ""), "format": a.get("format", "html"),
                            "feedback": _getpath(a, ["feedback", "text"], ""),
                            "fraction": float(a.get("fraction", 0)) / 100})
        ident = _getpath(q, ["idnumber"], None)
        out[ident] = {
            "category": category, "name": name,
            "questiontext": _getpath(q, ["questiontext", "text"], ""),
            "questiontextformat": q.find("questiontext").get("format", "html"),
            "generalfeedback": _getpath(q, ["generalfeedback", "text"], ""),
            "defaultmark": float(_getpath(q, ["defaultgrade"], 1)),
            "single": _trans_single(_getpath(q, ["single"], "true")),
            "shuffleanswers": _trans_single(_getpath(q, ["shuffleanswers"], "false")),
            "answernumbering": _getpath(q, ["answernumbering"], "abc") or "abc",
            "answers": answers, "tags": [_getpath(t, ["text"], "") for t in q.findall("tags/tag")],
        }
    return out


def test_moodle_xml_round_trip(cur, tmp_path):
    path, n = write_moodle(cur, tmp_path / "bank.xml")
    questions = import_moodle(path)
    order = {ls.id: ls.order for ls in cur.lessons.values()}
    mismatches, compared = [], 0
    for sc, number, st in _expected(cur):
        q = questions.pop(f"{sc.id}/{st.id}", None)
        where = f"{sc.id}/{st.id}"
        if q is None:
            mismatches.append(f"{where}: missing")
            continue
        branching = len(sc.steps) > 1
        body = paragraphs(q["questiontext"])
        checks = {
            "single": q["single"] == 1, "answernumbering": q["answernumbering"] == "abc",
            "shuffle": q["shuffleanswers"] == (0 if branching else 1), "format": q["questiontextformat"] == "html",
            "defaultmark": q["defaultmark"] == 1.0, "name": q["name"].startswith(text(sc.title)),
            "category": q["category"].endswith(f"/{order[sc.lesson]} {text(cur.lessons[sc.lesson].title)}/{sc.mode}"),
            "prompt": body[-1] == text(st.prompt), "situation": text(sc.situation) in body,
            "narrative": st.narrative is None or text(st.narrative) in body,
            "path": (not branching and not any(p.startswith("This is decision") for p in body)) or all(
                any(p.startswith(f"This is decision {number} of {len(sc.steps)}. You reach it after choosing "
                                 f"{o.id}) at decision") and p.endswith(f"\u201c{text(o.text)}\u201d") for p in body)
                for prev in sc.steps for o in prev.options if o.next == st.id),
            "onward": not branching or all(
                any(p.startswith(f"Choice {o.id}) ") for p in paragraphs(q["generalfeedback"])) for o in st.options),
            "count": len(q["answers"]) == len(st.options),
        }
        mismatches += [f"{where}: {k}" for k, ok in checks.items() if not ok]
        for opt, ans in zip(st.options, q["answers"]):
            compared += 1
            if paragraphs(ans["text"]) != [text(opt.text)]:
                mismatches.append(f"{where} {opt.id}: text")
            if abs(ans["fraction"] - opt.credit) > 1e-9:
                mismatches.append(f"{where} {opt.id}: credit {ans['fraction']} != {opt.credit}")
            if paragraphs(ans["feedback"]) != [text(opt.consequence), text(opt.coaching)]:
                mismatches.append(f"{where} {opt.id}: feedback")
    mismatches += [f"{k}: not in the content" for k in questions]
    assert mismatches == []
    assert compared == sum(len(st.options) for sc in cur.scenarios.values() for st in sc.steps)
    assert n == sum(len(sc.steps) for sc in cur.scenarios.values())


def test_moodle_refuses_a_credit_it_cannot_grade(cur, tmp_path):
    from clientcraft.interop.itembank import BankOption, bank_items
    from clientcraft.interop.moodle import question

    item = bank_items(cur)[0]
    odd = item.options[0].__class__(**{**item.options[0].__dict__, "credit": 0.35})
    broken = item.__class__(**{**item.__dict__, "options": (odd, *item.options[1:])})
    assert isinstance(odd, BankOption)
    with pytest.raises(ExportError, match=rf"{item.ident} option {odd.id}: credit 0.35 is not a grade Moodle"):
        question(broken)


# ------------------------------------------------------------------------------------------------ QTI
def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def import_canvas_qti(path: Path) -> dict[str, dict]:
    """The questions of a QTI 1.2 package as Canvas's importer takes them, keyed by item ident."""
    out = {}
    with zipfile.ZipFile(path) as zf:
        manifest = DET.fromstring(zf.read("imsmanifest.xml"))
        ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
        hrefs = [r.find("cp:file", ns).get("href") for r in manifest.findall("cp:resources/cp:resource", ns)
                 if r.get("type") == "imsqti_xmlv1p2"]
        assert hrefs
        for href in hrefs:
            root = DET.fromstring(zf.read(href))
            for assessment in root.findall(_q("assessment")):
                for item in assessment.iter(_q("item")):
                    meta = {f.findtext(_q("fieldlabel")): f.findtext(_q("fieldentry"))
                            for f in item.iter(_q("qtimetadatafield"))}
                    feedback = {fb.get("ident"): fb.find(f"{_q('flow_mat')}/{_q('material')}/{_q('mattext')}").text
                                for fb in item.findall(_q("itemfeedback"))}
                    lid = item.find(f"{_q('presentation')}/{_q('response_lid')}")
                    answers = {}
                    for label in lid.iter(_q("response_label")):
                        answers[label.get("ident")] = {
                            "text": label.find(f"{_q('material')}/{_q('mattext')}").text, "weight": 0,
                            "feedback": None}
                    general = None
                    for cond in item.iter(_q("respcondition")):
                        var = cond.find(f"{_q('conditionvar')}/{_q('varequal')}")
                        link = cond.find(_q("displayfeedback"))
                        score = cond.find(_q("setvar"))
                        if var is None:
                            general = feedback.get(link.get("linkrefid")) if link is not None else None
                            continue
                        answer = answers[var.text.strip()]
                        if score is not None and score.get("varname") == "SCORE" and float(score.text) > 0:
                            answer["weight"] = 100
                        if link is not None and answer["feedback"] is None:
                            answer["feedback"] = feedback.get(link.get("linkrefid"))
                    out[item.get("ident")] = {
                        "assessment": assessment.get("title"), "title": item.get("title"),
                        "question_type": meta.get("question_type"), "points": float(meta["points_possible"]),
                        "text": item.find(f"{_q('presentation')}/{_q('material')}/{_q('mattext')}").text,
                        "cardinality": lid.get("rcardinality"),
                        "shuffle": lid.find(_q("render_choice")).get("shuffle"),
                        "answers": answers, "general": general}
    return out


def test_qti_round_trip(cur, tmp_path):
    path, n = write_qti(cur, tmp_path / "bank.zip")
    items = import_canvas_qti(path)
    mismatches, compared = [], 0
    for sc, number, st in _expected(cur):
        where = f"cc-{sc.id}-{st.id}"
        q = items.pop(where, None)
        if q is None:
            mismatches.append(f"{where}: missing")
            continue
        branching = len(sc.steps) > 1
        body = paragraphs(q["text"])
        checks = {
            "type": q["question_type"] == "multiple_choice_question", "points": q["points"] == 1.0,
            "single": q["cardinality"] == "Single", "shuffle": q["shuffle"] == ("No" if branching else "Yes"),
            "title": q["title"].startswith(text(sc.title)), "assessment": q["assessment"].endswith(f"({sc.mode})"),
            "prompt": body[-1] == text(st.prompt), "situation": text(sc.situation) in body,
            "narrative": st.narrative is None or text(st.narrative) in body,
            "path": not branching or number == 1 or any(p.startswith(f"This is decision {number} of ") for p in body),
            "onward": not branching or len([p for p in paragraphs(q["general"] or "")
                                            if p.startswith("Choice ")]) == len(st.options),
            "order": list(q["answers"]) == [o.id for o in st.options],
        }
        mismatches += [f"{where}: {k}" for k, ok in checks.items() if not ok]
        for opt in st.options:
            ans = q["answers"].get(opt.id)
            compared += 1
            if ans is None:
                mismatches.append(f"{where} {opt.id}: missing")
                continue
            if paragraphs(ans["text"]) != [text(opt.text)]:
                mismatches.append(f"{where} {opt.id}: text")
            if ans["weight"] != (100 if opt.credit >= 1 else 0):
                mismatches.append(f"{where} {opt.id}: Canvas weight {ans['weight']} for credit {opt.credit}")
            fb = paragraphs(ans["feedback"] or "")
            if fb[:2] != [text(opt.consequence), text(opt.coaching)]:
                mismatches.append(f"{where} {opt.id}: feedback")
            m = re.fullmatch(r"Credit in the course: ([0-9.]+)%", fb[-1] if fb else "")
            if m is None or abs(float(m.group(1)) / 100 - opt.credit) > 1e-9:
                mismatches.append(f"{where} {opt.id}: stated credit {fb[-1:]} != {opt.credit}")
    mismatches += [f"{k}: not in the content" for k in items]
    assert mismatches == []
    assert compared == sum(len(st.options) for sc in cur.scenarios.values() for st in sc.steps)
    assert n == sum(len(sc.steps) for sc in cur.scenarios.values())


def test_itembank_command_writes_both_and_says_they_hold_keys(tmp_path):
    proc = clientcraft("itembank", str(tmp_path / "out"), "--mode", "practice")
    assert "wrote" in proc.stdout and "answer keys" in proc.stderr
    cur = default_curriculum()
    practice_steps = sum(len(sc.steps) for sc in cur.scenarios.values() if sc.mode == "practice")
    assert f"wrote {practice_steps} questions to {tmp_path / 'out' / 'clientcraft-moodle.xml'}" in proc.stdout
    assert len(import_moodle(tmp_path / "out" / "clientcraft-moodle.xml")) == practice_steps
    assert len(import_canvas_qti(tmp_path / "out" / "clientcraft-qti.zip")) == practice_steps
    again = tmp_path / "again"
    clientcraft("itembank", str(again), "--mode", "practice", "--format", "qti")
    assert (again / "clientcraft-qti.zip").read_bytes() == (tmp_path / "out" / "clientcraft-qti.zip").read_bytes()
    assert not (again / "clientcraft-moodle.xml").exists()
