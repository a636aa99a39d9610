"""Content translations: the PO template of learner-facing texts, staleness, and what learners see."""

from __future__ import annotations

import io
import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.core.translations import (
    TranslationError,
    content_messages,
    content_template,
    coverage_by_language,
    language_status,
    localize,
    po_path,
    read_catalog,
    sync_catalog,
)

SITUATION = "scenarios/p-two/situation"
OPTION_A = "scenarios/p-two/steps/s1/options/a/text"


def _write(catalog, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_po(fh, catalog)


@pytest.fixture
def translated(content_copy, tmp_path):
    """A copy of the fixture content (in ``<tmp>/data/curriculum``) with an Indonesian PO translating two texts."""
    root = tmp_path / "data" / "curriculum"
    shutil.copytree(content_copy(), root)
    cur = load_curriculum(root, strict=False)
    catalog = sync_catalog(content_template(cur), None, "id")
    catalog.get("Bo is upset about a leak.", context=SITUATION).string = "Bo kesal karena ada kebocoran."
    catalog.get("Listen.", context=OPTION_A).string = "Dengarkan."
    _write(catalog, po_path(root, "id"))
    return root


def test_template_lists_learner_texts_with_their_content_id_and_leaves_out_instructor_notes(grading_cur):
    msgs = {m.context: m.english for m in content_messages(grading_cur)}
    assert any(c.startswith("scenarios/") and c.endswith("/options/a/coaching") for c in msgs)
    assert not any("instructor_notes" in c or "model_answers" in c or "rubric" in c for c in msgs)
    assert len(msgs) == len(content_messages(grading_cur))  # contexts are unique
    template = content_template(grading_cur)
    buf = io.BytesIO()
    write_po(buf, template)
    again = read_po(io.BytesIO(buf.getvalue()))
    assert {m.context for m in again if m.id} == set(msgs)  # a Poedit/Weblate-readable round trip


def test_current_translation_is_shown_and_others_fall_back_to_english(translated):
    cur = load_curriculum(translated, strict=False)
    local = localize(cur, "id")
    sc = local.scenario("p-two")
    assert text(sc.situation, "id") == "Bo kesal karena ada kebocoran."
    assert text(sc.steps[0].options[0].text, "id") == "Dengarkan."
    assert text(sc.steps[0].options[1].text, "id") == "Argue."  # missing: English
    assert "id" not in sc.steps[0].options[1].text
    status = language_status(cur, read_catalog(po_path(translated, "id"), "id"), "id")
    assert (status.translated, len(status.stale)) == (2, 0)
    assert len(status.missing) == len(content_messages(cur)) - 2


def test_changed_english_makes_the_translation_stale_and_learners_see_english(translated):
    path = translated / "practice" / "practice.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Bo is upset about a leak.",
                                                             "Bo is upset about a second leak."), encoding="utf-8")
    cur = load_curriculum(translated, strict=False)
    catalog = read_catalog(po_path(translated, "id"), "id")
    status = language_status(cur, catalog, "id")
    assert status.stale == [SITUATION] and status.translated == 1
    sc = localize(cur, "id", catalog).scenario("p-two")
    assert text(sc.situation, "id") == "Bo is upset about a second leak."  # never the outdated translation
    # the build's merge keeps the old translation for the translator, marked fuzzy with the old English
    merged = sync_catalog(content_template(cur), catalog, "id")
    entry = merged.get("Bo is upset about a second leak.", context=SITUATION)
    assert entry.fuzzy and entry.string == "Bo kesal karena ada kebocoran."
    assert entry.previous_id == ["Bo is upset about a leak."]
    assert language_status(cur, merged, "id").stale == [SITUATION]
    assert text(localize(cur, "id", merged).scenario("p-two").situation, "id") == "Bo is upset about a second leak."


def test_coverage_reports_every_language_and_a_broken_file_is_named(translated):
    cur = load_curriculum(translated, strict=False)
    figures = {s.language: s for s in coverage_by_language(cur)}
    assert list(figures) == ["en", "id", "nb", "tl", "de"]
    assert figures["en"].percent == 100 and figures["id"].translated == 2 and figures["de"].translated == 0
    assert "stale" in str(figures["id"]) and "missing" in str(figures["id"])
    po_path(translated, "nb").write_bytes(b'msgid "x"\nmsgstr "\xff\xfe not UTF-8"\n')
    with pytest.raises(TranslationError, match="nb.po"):
        coverage_by_language(cur)
