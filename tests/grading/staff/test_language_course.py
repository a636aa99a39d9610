"""An assignment in Indonesian through real nbgrader: generated from the real content and its translation,
released, answered, collected and autograded beside the English assignment; the same choices earn the same
per-item scores, and the export shows both as one item bank."""

from __future__ import annotations

import random

import nbformat
import pandas as pd
import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.core.translations import localize
from clientcraft.grading.staff.course import init_course
from clientcraft.grading.staff.export import export_items
from clientcraft.rendering.assignments import render_assignments, render_language_assignments
from clientcraft.rendering.cells import dumps

from ..learners import click_through, expected_credit, fetch_as, submit_as

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

LEARNERS = 6


def random_path(scenario, rng: random.Random) -> list[str]:
    """Options along one path through ``scenario``, chosen at random at every step."""
    steps = {s.id: s for s in scenario.steps}
    step, chosen = scenario.steps[0].id, []
    while step:
        option = rng.choice(steps[step].options)
        chosen.append(option.id)
        step = option.next
    return chosen


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    cur = load_curriculum()
    assignment = min(cur.assignments)
    shown = localize(cur, "id")
    items = list(cur.assignments[assignment].scenarios)
    untranslated = [i for i in items if "id" not in shown.scenario(i).title]
    if untranslated:
        pytest.fail(f"{assignment}: items without a current Indonesian translation: {untranslated}")
    base = tmp_path_factory.mktemp("languages")
    files = {**render_assignments(cur), **render_language_assignments(cur, "id")}
    for rel, content in files.items():
        path = base / "rendered" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(content), encoding="utf-8")
    names = {"en": assignment, "id": f"{assignment}-id"}
    roster = base / "roster.csv"
    learners = [f"p{i}" for i in range(LEARNERS)]
    roster.write_text("id,first_name,last_name,email,cohort\n" + "".join(f"{lid},F,L,,c\n" for lid in learners),
                      encoding="utf-8")
    course = init_course(base / "course", roster, exercises=base / "rendered" / "exercises",
                         assignments=list(names.values()))
    rng = random.Random(7)
    plan = {lid: {item: random_path(cur.scenario(item), rng) for item in items} for lid in learners}
    released = {}
    for lang, name in names.items():
        course.generate(name)
        course.release(name)
        for lid in learners:
            home = base / "homes" / lang / lid
            folder = fetch_as(course, lid, name, home)
            released[lang] = nbformat.read(folder / f"{name}.ipynb", as_version=4)
            click_through(folder, name, plan[lid])
            submit_as(course, lid, name, home)
        course.collect(name)
        course.autograde(name, progress=False)
    export = export_items(course, list(names.values()), base / "export" / "grades")
    return {"cur": cur, "shown": shown, "items": items, "plan": plan, "names": names, "released": released,
            "rows": pd.read_parquet(export["parquet"])}


def test_the_released_indonesian_notebook_shows_the_translation(two_languages):
    shown, items = two_languages["shown"], two_languages["items"]
    source = "\n".join(c.source for c in two_languages["released"]["id"].cells)
    english = "\n".join(c.source for c in two_languages["released"]["en"].cells)
    first = shown.scenario(items[0])
    assert text(first.title, "id") != text(first.title, "en")
    assert text(first.title, "id") in source and text(first.title, "id") not in english
    assert two_languages["released"]["id"].metadata["clientcraft"]["language"] == "id"


def test_same_choices_earn_the_same_per_item_scores_in_both_languages(two_languages):
    rows, names, cur = two_languages["rows"], two_languages["names"], two_languages["cur"]
    by = rows.set_index(["assignment", "learner", "item"])
    compared = 0
    for lid, answers in two_languages["plan"].items():
        for item, path in answers.items():
            en, id_ = by.loc[(names["en"], lid, item)], by.loc[(names["id"], lid, item)]
            assert en.status == id_.status == "ok", (lid, item)
            assert id_.credit == pytest.approx(en.credit), (lid, item)
            assert en.credit == pytest.approx(expected_credit(cur.scenario(item), path)), (lid, item)
            assert id_.path == en.path == ">".join(path)
            compared += 1
    assert compared == LEARNERS * len(two_languages["items"])
    spread = {round(c, 3) for c in rows[rows.assignment == names["id"]].credit.dropna()}
    assert len(spread) > 1, "every learner scored the same: the comparison would not show a difference"


def test_the_indonesian_release_holds_no_key_in_any_language(two_languages):
    """The released Indonesian notebook carries neither hidden tests nor the consequences and coaching (the key's
    texts) of its items, in Indonesian or in English."""
    shown, items = two_languages["shown"], two_languages["items"]
    released = "\n".join(c.source + str(c.get("outputs", "")) for c in two_languages["released"]["id"].cells)
    forbidden = ["BEGIN HIDDEN TESTS", "grade_item(", "use_in_memory", '"credit"']
    for item in items:
        for step in shown.scenario(item).steps:
            for option in step.options:
                for lang in ("id", "en"):
                    forbidden += [option.consequence[lang], option.coaching[lang]]
    assert len(forbidden) > 4 * len(items)
    leaked = [needle[:60] for needle in forbidden if needle in released]
    assert not leaked, leaked
