"""Render lesson notebooks from the curriculum (first version: text and scenario calls)."""

from __future__ import annotations

from nbformat import NotebookNode

from ..loader import Curriculum
from ..schema import text
from .cells import hidden_code, markdown, notebook


def lesson_path(order: int, lesson_id: str) -> str:
    """Repo-relative path of a lesson notebook."""
    return f"notebooks/{order:02d}-{lesson_id}.ipynb"


def render_lessons(cur: Curriculum) -> dict[str, NotebookNode]:
    """One notebook per lesson, keyed by repo-relative path."""
    out: dict[str, NotebookNode] = {}
    for lesson in cur.lessons_in_order():
        cells = [markdown(f"# {text(lesson.title)}")]
        qs = "\n".join(f"- {text(q)}" for q in lesson.questions)
        obj = "\n".join(f"- {text(o)}" for o in lesson.objectives)
        cells.append(markdown(f"**Questions**\n\n{qs}\n\n**Objectives**\n\n{obj}"))
        cells.append(hidden_code("from clientcraft.widgets import scenario"))
        scenarios = cur.scenarios_for(lesson.id, "practice")
        for i, block in enumerate(lesson.body):
            cells.append(markdown(text(block)))
            if i < len(scenarios):
                cells.append(hidden_code(f'scenario("{scenarios[i].id}")'))
        for sc in scenarios[len(lesson.body):]:
            cells.append(hidden_code(f'scenario("{sc.id}")'))
        kp = "\n".join(f"- {text(k)}" for k in lesson.key_points)
        cells.append(markdown(f"## Key points\n\n{kp}"))
        out[lesson_path(lesson.order, lesson.id)] = notebook(cells, name=lesson.id)
    return out
