"""Lesson notebooks: their structure, and that every one executes cleanly in a real kernel with its widgets."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text
from clientcraft.rendering.lessons import WORKSHOP_PATH, lesson_path, passage_markdown, render_lessons
from clientcraft.rendering.toolkit import HANDOUTS_NOTEBOOK, render_reviews

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(autouse=True)
def private_log(user_log, monkeypatch):
    """Kernels started by these tests log to a temporary file as a known learner."""
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "notebook-test")
    return user_log


def _code(nb) -> list[str]:
    """The widget call of each code cell (its first line is a plain-language label)."""
    return [c.source.splitlines()[-1] for c in nb.cells if c.cell_type == "code"]


def test_structure_follows_the_lesson_layout():
    cur = load_curriculum(FIXTURE_CONTENT)
    nbs = render_lessons(cur)
    assert set(nbs) == {lesson_path(ls.order, ls.id) for ls in cur.lessons.values()} | {WORKSHOP_PATH}
    for lesson in cur.lessons.values():
        nb = nbs[lesson_path(lesson.order, lesson.id)]
        md = [c.source for c in nb.cells if c.cell_type == "markdown"]
        assert md[0].startswith(f"# {text(lesson.title)}")
        assert "**Questions**" in md[1] and "**Objectives**" in md[1]
        for q in lesson.questions + lesson.objectives:
            assert text(q) in md[1]
        calls = _code(nb)
        # every practice scenario of the lesson exactly once, in content order, then reflection and progress
        wanted = [f'scenario("{sc.id}")' for sc in cur.scenarios_for(lesson.id, "practice")]
        assert [c for c in calls if c.startswith("scenario(")] == wanted
        assert calls[-2:] == [f'reflection("{lesson.id}")', f'progress("{lesson.id}")']
        key_points = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Key points"))
        first_scenario = next((i for i, c in enumerate(nb.cells) if "\nscenario(" in c.source), key_points)
        first_block = next(i for i, c in enumerate(nb.cells) if c.source == passage_markdown(lesson.body[0]))
        assert first_block < first_scenario <= key_points
        # learners see no Python, and no instructor notes
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.metadata["jupyter"]["source_hidden"] is True
                assert "hide-input" in cell.metadata["tags"]
                lines = cell.source.splitlines()
                assert lines[0].startswith("# ") and len(lines) <= 3
        assert text(lesson.instructor_notes) not in json.dumps(nb)
    workshop = json.dumps(nbs[WORKSHOP_PATH])
    for lesson in cur.lessons.values():
        assert json.dumps(text(lesson.instructor_notes))[1:-1] in workshop


def test_rendering_is_deterministic():
    cur = load_curriculum(FIXTURE_CONTENT)
    a, b = render_lessons(cur), render_lessons(cur)
    assert {k: nbformat.writes(v) for k, v in a.items()} == {k: nbformat.writes(v) for k, v in b.items()}


def test_scenarios_are_spread_between_body_blocks():
    from clientcraft.rendering.lessons import _placed

    scs = list(range(7))
    placed = _placed(3, scs)
    assert sum(placed, []) == scs and [len(p) for p in placed] == [2, 3, 2]
    assert _placed(4, [1]) == [[], [], [1], []]
    assert _placed(2, []) == [[], []]


def _run(nb, cwd: Path):
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, "\n".join("\n".join(o.traceback) for o in errors)
    return nb


def _real_paths() -> list[str]:
    try:
        cur = load_curriculum(strict=False)
        return sorted(set({**render_lessons(cur), **render_reviews(cur)}) - {HANDOUTS_NOTEBOOK})  # that one has no code
    except Exception as exc:  # reported by the test below, not as a collection error
        return [f"content does not load: {exc}"]


REAL_NOTEBOOKS = _real_paths()


@pytest.mark.slow
@pytest.mark.parametrize("path", REAL_NOTEBOOKS)
def test_notebook_executes_and_renders_every_widget(path, tmp_path, private_log):
    cur = load_curriculum()  # the content must pass every check for the lessons to be usable
    nb = {**render_lessons(cur), **render_reviews(cur)}[path]
    _run(nb, tmp_path)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert any(WIDGET_MIME in o.get("data", {}) for o in cell.outputs), f"{path}: {cell.source!r} shows no widget"
    assert private_log.exists()  # widgets opened the private log, not the learner's own
