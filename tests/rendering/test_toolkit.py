"""Lesson and review notebooks carry the toolkit: the worked example before any practice, the handout links,
the words a lesson uses, the prevention kit and action plan, review sets in their own notebooks, and "Next"
links that run through the whole course."""

from __future__ import annotations

import pytest

from clientcraft.core.curriculum import sections
from clientcraft.core.loader import load_curriculum
from clientcraft.core.reach import tracks
from clientcraft.core.schema import text
from clientcraft.rendering.lessons import WORKSHOP_PATH, lesson_path, render_lessons
from clientcraft.rendering.course import course_sequence, review_path
from clientcraft.rendering.toolkit import HANDOUTS_NOTEBOOK, handouts, render_reviews


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


@pytest.fixture(scope="module")
def notebooks(cur):
    return {**render_lessons(cur), **render_reviews(cur)}


def _index(nb, predicate) -> int:
    return next(i for i, c in enumerate(nb.cells) if predicate(c.source))


def test_worked_example_comes_after_its_block_and_before_every_scenario(cur, notebooks):
    for lesson in cur.lessons.values():
        nb = notebooks[lesson_path(lesson.order, lesson.id)]
        we = cur.worked_example_for(lesson.id)
        example = _index(nb, lambda s: s.startswith(f"## {text(we.title)}"))
        last = sections(lesson.body)[we.after_section][-1]  # the example follows its section's last passage
        block = _index(nb, lambda s: s.endswith(text(last.text).strip()[-80:]))
        questions = _index(nb, lambda s: "**Questions**" in s)
        key_points = _index(nb, lambda s: s.startswith("## Key points"))
        scenarios = [i for i, c in enumerate(nb.cells) if "\nscenario(" in c.source]
        assert questions < block < example < key_points
        assert all(example < i < key_points for i in scenarios), lesson.id
        source = nb.cells[example].source
        for step in we.steps:  # the think-aloud cites the advice it uses, with the article section
            for rid in step.recommendations:
                assert text(cur.recommendations[rid].action) in source
        assert "section \u201c" in source


def test_every_learner_notebook_links_the_handouts(cur, notebooks):
    for path, nb in notebooks.items():
        if path == WORKSHOP_PATH:
            continue  # the instructor's notebook
        if path == HANDOUTS_NOTEBOOK:
            links = nb.cells[0].source
        else:
            links = next(c.source for c in nb.cells if "**Keep at hand:**" in c.source)
        to_root = "../" * (path.count("/") - 1)  # a track's notebooks sit one folder deeper
        for name, label, _what in handouts():
            assert f"[{label}]({to_root}handouts/{name})" in links, path
    for tr in tracks(cur):  # every track reaches the handouts from each lesson and review set
        staff = [p for p in notebooks if p.startswith(f"notebooks/{tr.audience}/")]
        assert len(staff) == len(cur.lessons) + len(cur.review_sets)


def test_lessons_list_the_words_they_use(cur, notebooks):
    nb = notebooks[lesson_path(3, "protect-yourself")]
    words = next(c.source for c in nb.cells if c.source.startswith("<details>"))
    assert "**retainer**:" in words and text(cur.glossary["retainer"].definition).strip() in words
    assert "(handouts/glossary.html)" in words


def test_prevention_kit_and_action_plan_sit_in_their_lessons(cur, notebooks):
    kit = next(iter(cur.prevention_kits.values()))
    plan = next(iter(cur.action_plans.values()))
    calls = {p: [c.source.splitlines()[-1] for c in nb.cells if c.cell_type == "code"] for p, nb in notebooks.items()}
    holder = lesson_path(cur.lessons[kit.lesson].order, kit.lesson)
    holders = [holder] + [lesson_path(cur.lessons[kit.lesson].order, kit.lesson, tr.audience) for tr in tracks(cur)]
    assert [p for p, cs in calls.items() if f'terms_template("{kit.id}")' in cs] == holders
    nb = notebooks[holder]
    kit_cell = _index(nb, lambda s: s.startswith(f"## {text(kit.title)}"))
    assert kit_cell < _index(nb, lambda s: s.startswith("## Key points"))
    plan_path = lesson_path(cur.lessons[plan.lesson].order, plan.lesson)
    cs = calls[plan_path]
    assert cs.index(f'reflection("{plan.lesson}")') + 1 == cs.index(f'action_plan("{plan.id}")')


def test_review_notebooks_hold_their_scenarios_unlabelled_then_the_summary(cur, notebooks):
    for rs in cur.review_sets.values():
        nb = notebooks[review_path(cur, rs)]
        calls = [c.source.splitlines()[-1] for c in nb.cells if c.cell_type == "code"]
        assert calls[1] == f'review_timing("{rs.id}")' and calls[-1] == f'review_summary("{rs.id}")'
        assert [c for c in calls if c.startswith("scenario(")] == [f'scenario("{s}")' for s in rs.scenarios]
        labels = " ".join(c.source.splitlines()[0] for c in nb.cells if c.cell_type == "code")
        for sid in rs.scenarios:  # the lesson an item comes from is not given away
            lesson = cur.lessons[cur.scenario(sid).lesson]
            assert text(lesson.title) not in labels and text(cur.scenario(sid).title) not in labels
    assert review_path(cur, cur.review_sets["mixed-review"]) == "notebooks/04r-mixed-review.ipynb"
    assert review_path(cur, cur.review_sets["delayed-review"]) == "notebooks/05r-delayed-review.ipynb"


def test_next_links_run_through_lessons_and_reviews_in_order(cur, notebooks):
    seq = [p for p, _t, _w in course_sequence(cur)]
    assert seq == sorted(seq)  # file names sort in course order, as the app's index lists them
    assert seq.index("notebooks/04r-mixed-review.ipynb") + 1 == seq.index("notebooks/05-one-decision-approach.ipynb")
    for here, there in zip(seq, seq[1:]):
        last = notebooks[here].cells[-1].source
        assert f"]({there.split('/', 1)[1]})" in last, here
    assert "Later, in about 3 days" in notebooks["notebooks/05-one-decision-approach.ipynb"].cells[-1].source
    assert notebooks[seq[-1]].cells[-1].cell_type == "code"  # the last notebook ends with its summary, no link


def test_fixture_content_without_a_toolkit_renders_as_before(content_copy):
    cur = load_curriculum(content_copy())
    nbs = render_lessons(cur)
    assert render_reviews(cur) == {}
    for nb in nbs.values():
        assert not any("Keep at hand" in c.source or c.source.startswith("<details>") for c in nb.cells)


def test_every_relative_link_of_the_build_leads_to_a_built_file(cur):
    """Lesson, review and track notebooks link the next notebook and the handouts with paths relative to their own
    folder; each one resolves to a file the build writes (a track's notebooks reach ../handouts/)."""
    import posixpath
    import re

    from clientcraft.rendering.build import render_all

    files = render_all(cur)
    link = re.compile(r"\]\(([^)\s#:]+\.(?:ipynb|html))\)")
    checked = set()
    for path, body in files.items():
        if not (path.startswith("notebooks/") and path.endswith(".ipynb")):
            continue
        for target in link.findall(body):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in files, f"{path} links {target}"
            checked.add(posixpath.dirname(path))
    assert {"notebooks", "notebooks/staff"} <= checked
