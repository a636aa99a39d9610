"""A graded assignment in another language: translated texts, the same option ids and the same scores."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import write_po

from clientcraft.core.branching import score
from clientcraft.core.keys import parse_item_key
from clientcraft.core.loader import load_curriculum
from clientcraft.core.translations import content_template, po_path, sync_catalog
from clientcraft.grading.kernel import grade_item, use_in_memory
from clientcraft.rendering.assignments import exercise_path, key_path, render_assignments, \
    render_language_assignments

GRADING_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "grading-content"
ASSIGNMENT = "assess-the-lesson"

INDONESIAN = {
    "Ask what feels wrong and read the brief back together.": "Tanyakan bagian mana yang terasa salah, lalu baca "
                                                              "ulang brief bersama-sama.",
    "Tell Cy the draft matches the brief exactly.": "Katakan kepada Cy bahwa draf sudah persis sesuai brief.",
    "Promise a fourth draft by tomorrow.": "Janjikan draf keempat besok.",
}


@pytest.fixture
def translated_content(tmp_path):
    root = tmp_path / "data" / "curriculum"
    shutil.copytree(GRADING_CONTENT, root)
    cur = load_curriculum(root, strict=False)
    catalog = sync_catalog(content_template(cur), None, "id")
    for m in catalog:
        if m.id in INDONESIAN:
            m.string = INDONESIAN[m.id]
    path = po_path(root, "id")
    path.parent.mkdir(parents=True)
    with open(path, "wb") as fh:
        write_po(fh, catalog)
    return load_curriculum(root, strict=False)


def _hidden_keys(nb) -> dict[str, str]:
    keys = {}
    for cell in nb.cells:
        m = re.search(r"grade_item\((.+), points=", cell.source)
        if m:
            key = parse_item_key(eval(m.group(1)))  # a str literal written by the renderer
            keys[key.id] = key
    return keys


def _paths(key):
    """Every complete choice path through an item (each option at each reachable step)."""
    def walk(step, chosen):
        options = key.steps[step].options
        for oid, opt in sorted(options.items()):
            now = {**chosen, step: oid}
            if opt.next:
                yield from walk(opt.next, now)
            else:
                yield now
    yield from walk(key.entry, {})


def test_indonesian_assignment_scores_every_path_as_english(translated_content):
    cur = translated_content
    english = render_assignments(cur)
    indonesian = render_language_assignments(cur, "id")
    name = f"{ASSIGNMENT}-id"
    nb_id, nb_en = indonesian[exercise_path(name)], english[exercise_path(ASSIGNMENT)]
    assert nb_id.metadata["clientcraft"]["language"] == "id"
    assert nb_id.metadata["clientcraft"]["assignment"] == ASSIGNMENT  # one item bank across languages
    assert INDONESIAN["Tell Cy the draft matches the brief exactly."] in json.dumps(
        [c.source for c in nb_id.cells], ensure_ascii=False)
    keys_id, keys_en = _hidden_keys(nb_id), _hidden_keys(nb_en)
    assert keys_id.keys() == keys_en.keys() and keys_id
    key_file_id = json.loads(indonesian[key_path(name)])
    key_file_en = json.loads(english[key_path(ASSIGNMENT)])
    assert key_file_id["points"] == key_file_en["points"]
    checked = 0
    for item, key_en in keys_en.items():
        key_id = keys_id[item]
        assert key_id.graph == key_en.graph  # option ids, credits, destinations, tags: language-independent
        for choices in _paths(key_en):
            assert score(key_id.graph, choices) == score(key_en.graph, choices)
            use_in_memory({item: choices})
            try:
                assert grade_item(key_id, points=2.0) == grade_item(key_en, points=2.0)
            finally:
                use_in_memory(None)
            checked += 1
    assert checked >= 5
    first_step = keys_id["quiz-logo-redo"].steps["open"]
    assert first_step.options["b"].credit == 0 and first_step.options["a"].credit == 1
