"""Toolkit content rules: worked examples, job aid, phrase bank, glossary, prevention kit, review sets, action
plan. Each broken fixture must produce an error naming the file, the item and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from clientcraft.core.check import check_curriculum
from clientcraft.core.toolkit import TermFinder, learner_texts, lesson_texts, terms_used
from clientcraft.core.errors import ContentError
from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import BusinessTerm

REPO = Path(__file__).resolve().parents[2]


def problems_of(root, severity="error"):
    try:
        cur = load_curriculum(root, strict=False)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in check_curriculum(cur) if p.severity == severity]


def test_fixture_toolkit_is_clean(toolkit_copy):
    assert problems_of(toolkit_copy()) == []


def _we(d, i=1):
    return d["worked_examples"][i]


CASES = {
    "business term without a glossary entry": (
        lambda d: d["glossary"].pop(0),
        ["recommendations.yaml", "recommendations (listen-first)", "action",
         "business term 'complaint', which has no glossary entry"],
    ),
    "term used in a scenario without an entry": (
        lambda d: d["glossary"].pop(1),
        ["practice/practice.yaml", "scenarios (p-two)", "situation", "'leak'"],
    ),
    "glossary entry for a term not on the list": (
        lambda d: d["glossary"].append({"id": "retainer", "term": "retainer", "definition": "A monthly fee."}),
        ["toolkit.yaml", "glossary (retainer)", "id", "no term with this id in the term list"],
    ),
    "glossary entry spelling its term unlike the term list": (
        lambda d: d["glossary"][0].update(term="complaints"),
        ["toolkit.yaml", "glossary (complaint)", "term", "differs from the term list's spelling 'complaint'"],
    ),
    "a form listed under two terms": (
        lambda d: d["terms"].append({"id": "grumble", "term": "grumble", "forms": ["complaint"]}),
        ["toolkit.yaml", "terms (grumble)", "forms", "also listed under term 'complaint'"],
    ),
    "worked example placed after a block the lesson does not have": (
        lambda d: _we(d).update(after_section=5),
        ["toolkit.yaml", "worked_examples (we-lesson)", "after_section", "body section(s), numbered from 0"],
    ),
    "lesson without a worked example": (
        lambda d: d["worked_examples"].pop(1),
        ["lessons/lessons.yaml", "lessons (the-lesson)", "id", "no worked example"],
    ),
    "two worked examples for one lesson": (
        lambda d: d["worked_examples"].append({**_we(d), "id": "we-again"}),
        ["toolkit.yaml", "worked_examples (we-again)", "lesson", "already has 'we-lesson'"],
    ),
    "worked example citing an unknown recommendation": (
        lambda d: _we(d)["steps"][1]["recommendations"].append("no-such-rec"),
        ["worked_examples (we-lesson)", "steps[1].recommendations[1]", "unknown recommendation 'no-such-rec'"],
    ),
    "phrase for a move the job aid does not have": (
        lambda d: d["phrases"][0].update(move="nowhere"),
        ["toolkit.yaml", "phrases (ph-hear)", "move", "unknown job-aid move 'nowhere'"],
    ),
    "phrase applying a section its advice does not cite": (
        lambda d: d["phrases"][1]["applies"][0].update(section="one"),
        ["phrases (ph-own)", "applies[0]", "doc-a/one is not cited by any of the phrase's recommendations"],
    ),
    "phrase applying a section that does not exist": (
        lambda d: d["phrases"][1]["applies"][0].update(section="nine"),
        ["phrases (ph-own)", "applies[0].section", "no section 'nine'"],
    ),
    "job-aid move with no phrase": (
        lambda d: d["phrases"].pop(1),
        ["job_aids (job-aid)", "moves (own)", "no phrase for this move"],
    ),
    "job-aid trap that is not a misconception": (
        lambda d: d["job_aids"][0]["moves"][0].update(avoid="no-such-mistake"),
        ["job_aids (job-aid)", "moves[0] (hear).avoid", "unknown misconception"],
    ),
    "job-aid signals with the wrong number of sides": (
        lambda d: d["job_aids"][0]["signals"][0]["sides"].append("Third"),
        ["job_aids (job-aid)", "signals[0].sides", "3 label(s) for a tension with 2 sides"],
    ),
    "review set holding an assessment scenario": (
        lambda d: d["review_sets"][0]["scenarios"].__setitem__(0, "a-one"),
        ["review_sets (later)", "scenarios[0]", "'a-one' is an assessment scenario"],
    ),
    "review set with no placement": (
        lambda d: d["review_sets"][0].pop("after_lesson"),
        ["review_sets (later)", "before_lesson", "exactly one of before_lesson and after_lesson"],
    ),
    "review set before the first lesson": (
        lambda d: d["review_sets"][0].update(after_lesson=None, before_lesson="intro"),
        ["review_sets (later)", "before_lesson", "cannot come before the first lesson"],
    ),
    "action plan in an unknown lesson": (
        lambda d: d["action_plans"][0].update(lesson="nowhere"),
        ["action_plans (plan)", "lesson", "unknown lesson 'nowhere'"],
    ),
    "prevention kit citing unknown advice": (
        lambda d: d["prevention_kits"][0]["terms_template"][2]["recommendations"].append("nope"),
        ["prevention_kits (kit)", "terms_template[2] (contact).recommendations[1]", "unknown recommendation 'nope'"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_broken_toolkit_is_reported_with_file_item_and_field(toolkit_copy, name):
    fn, expected = CASES[name]
    found = problems_of(toolkit_copy("toolkit.yaml", fn))
    assert any(all(part in p for part in expected) for p in found), "\n".join(found)


def test_advice_from_a_later_lesson_is_an_error(toolkit_copy):
    # a third lesson, later than the-lesson, owns a new recommendation that the-lesson's example cites
    root = toolkit_copy("lessons/lessons.yaml", lambda d: d["lessons"].append(
        {**d["lessons"][1], "id": "later-lesson", "order": 2, "title": "Later"}))
    toolkit_copy("recommendations.yaml", lambda d: d["recommendations"].append(
        {**d["recommendations"][0], "id": "later-advice", "lesson": "later-lesson"}))
    toolkit_copy("toolkit.yaml", lambda d: (d["worked_examples"][1]["steps"][0]["recommendations"].append("later-advice"),
                                            d["worked_examples"].append({**d["worked_examples"][1], "id": "we-later",
                                                                         "lesson": "later-lesson"})))
    found = problems_of(root)
    assert any("worked_examples (we-lesson)" in p and "steps[0].recommendations[1]" in p
               and "taught later, in lesson 2 (later-lesson)" in p for p in found), "\n".join(found)


def test_glossary_error_points_at_each_field_that_uses_the_term(toolkit_copy):
    root = toolkit_copy("toolkit.yaml", lambda d: d["glossary"].pop(1))
    found = [p for p in problems_of(root) if "'leak'" in p]
    assert any("scenarios (p-two)" in p and ": situation:" in p for p in found)
    assert any("worked_examples (we-lesson)" in p and ": situation:" in p for p in found)
    assert all(p.startswith(("practice/practice.yaml", "toolkit.yaml", "assessment/")) for p in found)


def test_unused_glossary_entry_is_a_warning(toolkit_copy):
    root = toolkit_copy("toolkit.yaml", lambda d: (d["terms"].append({"id": "retainer", "term": "retainer"}),
                                                    d["glossary"].append({"id": "retainer", "term": "retainer", "definition": "A fee."})))
    assert problems_of(root) == []
    assert any("glossary (retainer)" in p and "no learner text uses this term" in p
               for p in problems_of(root, "warning"))


def test_instructor_notes_and_model_answers_are_not_learner_text(toolkit_copy):
    root = toolkit_copy("lessons/lessons.yaml", lambda d: d["lessons"][1].update(instructor_notes="Mention the retainer."))
    toolkit_copy("toolkit.yaml", lambda d: d["terms"].append({"id": "retainer", "term": "retainer"}))
    assert problems_of(root) == []
    cur = load_curriculum(root)
    fields = {(t.kind, t.field) for t in learner_texts(cur)}
    assert ("lessons", "instructor_notes") not in fields and ("lessons", "reflection") in fields
    assert not any("model_answers" in f for _k, f in fields)
    assert ("scenarios", "steps[0] (s1).options[1] (b).coaching") in fields


@pytest.mark.parametrize("body, found", [
    ("The retainer is due.", ["retainer"]),
    ("Two RETAINERS were signed.", ["retainer"]),
    ("We will not renew your retainer.", ["non-renewal", "retainer"]),
    ("A retainer-based plan", []),
    ("A quiet non-renewal.", ["non-renewal"]),
    ("The non-renewals went out.", ["non-renewal"]),
    ("Our engagement\nletter says so.", ["engagement-letter"]),
    ("An engagement party.", []),
    ("Retainers-only club", []),
    ("The telescope arrived.", []),
])
def test_term_finder_matches_whole_words_plurals_and_forms(body, found):
    terms = [BusinessTerm(id="non-renewal", term="non-renewal", forms=["not renew"]),
             BusinessTerm(id="retainer", term="retainer"),
             BusinessTerm(id="engagement-letter", term="engagement letter"),
             BusinessTerm(id="scope", term="scope")]
    assert TermFinder(terms).find(body) == [t for t in ("non-renewal", "retainer", "engagement-letter", "scope")
                                            if t in found]


# --------------------------------------------------------------------------------------------- the real content
@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


def test_term_finder_prefilter_loses_no_term_on_the_real_content(cur):
    """The finder's first-word prefilter finds exactly what each term's own pattern finds, on every learner text."""
    finder = TermFinder(cur.terms.values())
    texts = [field.text for field in learner_texts(cur)]
    assert len(texts) > 1000
    for body in texts:
        assert finder.find(body) == [tid for tid, _firsts, pat in finder.patterns if pat.search(body)], body


def test_every_lesson_has_a_worked_example_that_cites_advice(cur):
    for lesson in cur.lessons.values():
        we = cur.worked_example_for(lesson.id)
        assert we is not None, lesson.id
        assert len(we.steps) >= 4 and all(s.recommendations for s in we.steps)


def test_glossary_covers_the_named_terms_and_every_listed_term(cur):
    for tid in ("retainer", "scope", "non-renewal", "handover", "engagement-letter", "milestone"):
        assert tid in cur.terms and tid in cur.glossary, tid
    assert set(cur.terms) == set(cur.glossary)
    assert len(cur.glossary) >= 40


def test_glossary_explains_the_regional_payment_words(cur):
    """The regional scenarios pay by e-wallet, bank transfer, downpayment and instalments; each word is listed
    (so the check finds it) and explained."""
    for word, tid in (("e-wallet", "e-wallet"), ("bank transfer", "bank-transfer"), ("downpayment", "deposit"),
                      ("instalments", "instalment"), ("reseller", "reseller"), ("THR", "thr")):
        assert terms_used(cur, [f"They paid the {word} today."]) == [tid], word
        assert tid in cur.glossary


def test_every_listed_term_is_used_in_learner_text(cur):
    used = set(terms_used(cur, (t.text for t in learner_texts(cur))))
    assert used == set(cur.terms)


def test_lessons_list_their_words(cur):
    assert "retainer" in terms_used(cur, lesson_texts(cur, "protect-yourself"))


def test_phrase_bank_covers_every_move_and_channel(cur):
    from clientcraft.core.toolkit import CHANNELS, job_aid

    aid = job_aid(cur)
    for move in aid.moves:
        channels = {p.channel for p in cur.phrases.values() if p.move == move.id}
        assert len(channels) >= 3, move.id
    for channel in CHANNELS:
        assert sum(p.channel == channel for p in cur.phrases.values()) >= 6, channel


def test_review_sets_interleave_lessons_and_hold_unseen_scenarios(cur):
    interleaved = [rs for rs in cur.review_sets.values() if rs.kind == "interleaved"]
    delayed = [rs for rs in cur.review_sets.values() if rs.kind == "delayed"]
    assert len(interleaved) == 1 and len(delayed) == 1
    assert cur.lessons[interleaved[0].before_lesson].kind == "synthesis"
    assert delayed[0].wait_days >= 2
    held = cur.review_scenarios()
    for lesson in cur.lessons.values():
        assert not held & {s.id for s in cur.scenarios_for(lesson.id)}
    lessons = [cur.scenario(s).lesson for s in interleaved[0].scenarios]
    assert len(set(lessons)) == 4 and all(a != b for a, b in zip(lessons, lessons[1:]))
    assert len({cur.scenario(s).lesson for s in delayed[0].scenarios}) >= 4


def test_review_sets_break_the_rules_in_a_copy_of_the_real_content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "data" / "curriculum", root)
    path = root / "review" / "10-mixed-review.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rs = data["review_sets"][0]
    rs["scenarios"] = [s for s in rs["scenarios"] if s != "mx-office-cleaning-sundays"]  # lessons 1, 2, 4, 3, 1, 4, 2
    rs["scenarios"].insert(4, "mx-office-cleaning-sundays")  # 1, 2, 4, 3 (tutor), 3 (cleaning): two in a row
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    found = problems_of(root)
    assert any("review/10-mixed-review.yaml" in p and "review_sets (mixed-review)" in p and "scenarios[4]" in p
               and "two scenarios of lesson 'protect-yourself' in a row" in p for p in found), "\n".join(found)
    rs["scenarios"] = ["mx-screen-protector-stall", "mx-guesthouse-checkout-list", "mx-florist-wreath",
                       "mx-app-client-new-demands"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    found = problems_of(root)
    assert any("review_sets (mixed-review)" in p and "draws on 2 lesson(s)" in p and "at least 3 of the 4" in p
               for p in found), "\n".join(found)


def test_the_originality_rule_reads_the_toolkit_too(cur):
    """The cross-language originality check (core/renderings.py) covers every toolkit kind."""
    from clientcraft.core.renderings import content_texts

    fields = [key for key, _text in content_texts(cur)]
    for kind in ("phrases", "worked_examples", "glossary", "job_aids", "prevention_kits", "action_plans",
                 "review_sets"):
        assert any(f": {kind} (" in key for key in fields), kind
