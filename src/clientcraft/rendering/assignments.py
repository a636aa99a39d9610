"""Render the graded assignments: nbgrader source notebooks (exercises/) and instructor keys (solutions/).

``exercises/<assignment>/<assignment>.ipynb`` is an nbgrader *source* assignment. It embeds the public view
of every item (what the learner needs to answer) and, per scenario item, an autograded test cell whose
hidden part holds that item's key; per written prompt, a manually graded Markdown answer cell. A solution
cell answers the best path in memory, so the source version passes ``nbgrader validate``; nbgrader's
release strips it, the hidden tests and the model answers.

``solutions/<assignment>.ipynb`` is the instructors' key: every option's credit, consequence and coaching,
the best path, and each rubric with its model answers and their scores.
"""

from __future__ import annotations

import html
import json
from typing import Any

import nbformat
from nbformat import NotebookNode

from clientcraft.core.keys import best_choices, item_key, public_item, public_prompt
from clientcraft.core.loader import Curriculum
from clientcraft.core.schema import Assignment, Prompt, Scenario, text
from .cells import markdown, notebook

NBGRADER_SCHEMA = 3
SETUP_IMPORT = "from clientcraft.grading.kernel import AssessmentForm"


def exercise_path(assignment_id: str) -> str:
    """Repo-relative path of an assignment's nbgrader source notebook."""
    return f"exercises/{assignment_id}/{assignment_id}.ipynb"


def solution_path(assignment_id: str) -> str:
    """Repo-relative path of an assignment's instructor key."""
    return f"solutions/{assignment_id}.ipynb"


def score_cell_id(item_id: str) -> str:
    """nbgrader grade id of a scenario item's autograded test cell."""
    return f"score-{item_id}"


def written_cell_id(prompt_id: str) -> str:
    """nbgrader grade id of a written prompt's manually graded answer cell."""
    return f"written-{prompt_id}"


def _nbgrader(cell: NotebookNode, grade_id: str, *, grade: bool = False, solution: bool = False,
              locked: bool = False, points: float | None = None) -> NotebookNode:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                            "schema_version": NBGRADER_SCHEMA, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    if locked:
        cell.metadata["editable"] = False
        cell.metadata["deletable"] = False
    return cell


def _code(source: str, *, hide: bool = True) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source.strip())
    if hide:
        cell.metadata["jupyter"] = {"source_hidden": True}
        cell.metadata["tags"] = ["hide-input"]
    return cell


def _md(source: str) -> NotebookNode:
    return markdown(source)


def _esc(value: str) -> str:
    return html.escape(value, quote=False)


def _public(cur: Curriculum, assignment: Assignment) -> dict[str, Any]:
    return {
        "assignment": assignment.id,
        "items": [public_item(cur.scenario(s)) for s in assignment.scenarios],
        "prompts": [public_prompt(cur.get("prompts", p)) for p in assignment.prompts],
    }


def _key_literal(scenario: Scenario) -> str:
    return repr(json.dumps(item_key(scenario), ensure_ascii=False, sort_keys=True))


def render_exercise(cur: Curriculum, assignment: Assignment) -> NotebookNode:
    """The nbgrader source notebook of one assignment."""
    scenarios = [cur.scenario(s) for s in assignment.scenarios]
    prompts: list[Prompt] = [cur.get("prompts", p) for p in assignment.prompts]
    public_json = json.dumps(_public(cur, assignment), ensure_ascii=False, sort_keys=True)
    cells: list[NotebookNode] = []
    cells.append(_nbgrader(_md(
        f"# {_esc(text(assignment.title))}\n\n{_esc(text(assignment.instructions))}\n\n"
        "**How to answer.** Run all cells (menu *Run*, then *Run All Cells*). For each client, click the "
        "letter of your choice; some situations continue after your first choice. Every click is saved at "
        "once in this folder, and you can change a choice until you hand in. You will see how each choice "
        "plays out, and your score, in your feedback after grading. Then write your answers in the boxes "
        "marked for writing."
    ), "intro", locked=True))
    cells.append(_nbgrader(_code(f"{SETUP_IMPORT}\n\nform = AssessmentForm.from_json({public_json!r})"),
                           "setup", locked=True))
    best = {s.id: best_choices(item_key(s)) for s in scenarios}
    cells.append(_nbgrader(_code(
        "# Nothing to type here: answer with the buttons below.\n"
        "### BEGIN SOLUTION\n"
        "from clientcraft.grading.kernel import use_in_memory\n\n"
        f"use_in_memory({json.dumps(best, sort_keys=True)})\n"
        "### END SOLUTION"), "instructor-answers", solution=True))
    for n, sc in enumerate(scenarios, 1):
        cells.append(_nbgrader(_md(f"## Client {n} of {len(scenarios)}"), f"head-{sc.id}", locked=True))
        cells.append(_nbgrader(_code(f'form.show("{sc.id}")'), f"show-{sc.id}", locked=True))
        cells.append(_nbgrader(_code(
            "# Checks that this client has an answer; your score is worked out when your work is graded.\n"
            "from clientcraft.grading.kernel import check_answered\n\n"
            f'check_answered("{sc.id}")\n'
            "### BEGIN HIDDEN TESTS\n"
            "from clientcraft.grading.kernel import grade_item\n\n"
            f"grade_item({_key_literal(sc)}, points=1.0)\n"
            "### END HIDDEN TESTS"), score_cell_id(sc.id), grade=True, locked=True, points=1.0))
    for n, pr in enumerate(prompts, 1):
        points = float(sum(c.points for c in pr.rubric))
        cells.append(_nbgrader(_md(
            f"## Written answer {n} of {len(prompts)}\n\n{_esc(text(pr.prompt))}\n\n"
            f"*Double-click the box below, replace its text with your answer, then press Shift+Enter. "
            f"Worth {points:g} point(s), marked by your instructor.*"
        ), f"ask-{pr.id}", locked=True))
        model = text(pr.model_answers[0].text)
        answer = _nbgrader(_md(f"### BEGIN SOLUTION\n{_esc(model)}\n### END SOLUTION"),
                           written_cell_id(pr.id), grade=True, solution=True, points=points)
        answer.metadata["clientcraft"] = {"item": pr.id, "lesson": pr.lesson}
        cells.append(answer)
    cells.append(_nbgrader(_md(
        "## Answer in plain text\n\nIf no buttons appear above, run the next cell: it asks each question "
        "in plain text and saves your answers the same way. Press Enter to skip it."
    ), "fallback-intro", locked=True))
    cells.append(_nbgrader(_code("form.ask_in_text()"), "fallback", locked=True))
    return notebook(cells, name=assignment.id, extra_metadata={
        "clientcraft": {"assignment": assignment.id, "kind": assignment.kind, "version": "source"}})


def render_solution(cur: Curriculum, assignment: Assignment) -> NotebookNode:
    """The instructors' answer key of one assignment (Markdown only)."""
    cells = [markdown(
        f"# Answer key: {_esc(text(assignment.title))}\n\n"
        f"For instructors only; never hand this file to learners. Assignment `{assignment.id}` "
        f"({assignment.kind}"
        + (f", parallel to `{assignment.parallel_to}`" if assignment.parallel_to else "")
        + "). A scenario's score is the mean credit of the steps on the path taken; an unanswered step "
        "on that path counts 0."
    )]
    for sc in (cur.scenario(s) for s in assignment.scenarios):
        key = item_key(sc)
        best = best_choices(key)
        lines = [f"## {_esc(text(sc.title))} (`{sc.id}`, lesson `{sc.lesson}`)", "",
                 f"**{_esc(sc.persona.name)}**: {_esc(text(sc.persona.description))}", "",
                 _esc(text(sc.situation)), "",
                 "**Best path:** " + " then ".join(f"{s} {o.upper()}" for s, o in best.items()), ""]
        for step in sc.steps:
            if step.narrative:
                lines += [f"*{_esc(text(step.narrative))}*", ""]
            lines += [f"### Step `{step.id}`: {_esc(text(step.prompt))}", "",
                      "| Option | Credit | Next | Misconception | Consequence | Coaching |",
                      "|---|---|---|---|---|---|"]
            for o in step.options:
                cell = lambda v: _esc(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
                lines.append(
                    f"| **{o.id.upper()}**. {cell(text(o.text))} | {o.credit:g} | {o.next or 'end'} | "
                    f"{o.misconception or ''} | {cell(text(o.consequence))} | {cell(text(o.coaching))} |")
            lines.append("")
        cells.append(markdown("\n".join(lines)))
    for pr in (cur.get("prompts", p) for p in assignment.prompts):
        total = sum(c.points for c in pr.rubric)
        lines = [f"## Written: {_esc(text(pr.prompt))} (`{pr.id}`)", "", "| Criterion | Points | Recommendations |",
                 "|---|---|---|"]
        lines += [f"| {_esc(text(c.description))} | {c.points:g} | {', '.join(c.recommendations)} |" for c in pr.rubric]
        for i, ma in enumerate(pr.model_answers, 1):
            got = sum(ma.scores.values())
            lines += ["", f"**Model answer {i}** ({got:g} / {total:g}):", "", f"> {_esc(text(ma.text))}", "",
                      ", ".join(f"{k}: {v:g}" for k, v in ma.scores.items())]
        cells.append(markdown("\n".join(lines)))
    return notebook(cells, name=f"key-{assignment.id}", extra_metadata={
        "clientcraft": {"assignment": assignment.id, "kind": assignment.kind, "version": "answer-key"}})


def render_assignments(cur: Curriculum) -> dict[str, NotebookNode]:
    """Every assignment's nbgrader source notebook and instructor key, keyed by repo-relative path."""
    out: dict[str, NotebookNode] = {}
    for assignment in cur.assignments.values():
        out[exercise_path(assignment.id)] = render_exercise(cur, assignment)
        out[solution_path(assignment.id)] = render_solution(cur, assignment)
    return out
