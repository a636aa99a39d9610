"""Render the graded assignments: nbgrader source notebooks (exercises/) and instructor keys (solutions/).

``exercises/<assignment>/<assignment>.ipynb`` is an nbgrader *source* assignment. It embeds the public view
of every item (what the learner needs to answer) and, per scenario item, an autograded test cell whose
hidden part holds that item's key; per written prompt, a manually graded Markdown answer cell. A solution
cell answers the best path in memory, so the source version passes ``nbgrader validate``; nbgrader's
release strips it, the hidden tests and the model answers.

``solutions/<assignment>.ipynb`` is the instructors' key: every option's credit, consequence and coaching,
the best path, and each rubric with its model answers and their scores. ``solutions/<assignment>.key.json`` is
the same key as data (:class:`clientcraft.core.keys.AssignmentKey`), the file course staff code grades from.
The hidden tests embed each item's key rendered from that same object.
"""

from __future__ import annotations

import json
from typing import Any

import nbformat
from nbformat import NotebookNode

from clientcraft.core.branching import best_choices
from clientcraft.core.keys import AssignmentKey, assignment_key, public_assignment
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.records import score_cell_id, written_cell_id
from clientcraft.core.schema import Assignment, Prompt, text

from . import strings
from .cells import markdown, notebook
from .html import markdown_escape

NBGRADER_SCHEMA = 3
SETUP_IMPORT = "from clientcraft.grading.kernel import AssessmentForm"


def exercise_path(assignment_id: str) -> str:
    """Repo-relative path of an assignment's nbgrader source notebook."""
    return f"exercises/{assignment_id}/{assignment_id}.ipynb"


def solution_path(assignment_id: str) -> str:
    """Repo-relative path of an assignment's instructor key."""
    return f"solutions/{assignment_id}.ipynb"


def key_path(assignment_id: str) -> str:
    """Repo-relative path of an assignment's key file (data, read by course staff code)."""
    return f"solutions/{assignment_id}.key.json"


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


def render_exercise(cur: Curriculum, assignment: Assignment, key: AssignmentKey, lang: str = "en",
                    name: str | None = None) -> NotebookNode:
    """The nbgrader source notebook of one assignment; its hidden tests carry the items' keys from ``key``."""
    scenarios = [cur.scenario(s) for s in assignment.scenarios]
    prompts: list[Prompt] = [cur.get("prompts", p) for p in assignment.prompts]
    public = public_assignment(cur, assignment.id, lang)
    if name:  # the answers file names the nbgrader assignment it belongs to (``<id>-<lang>`` in another language)
        public = public.model_copy(update={"assignment": name})
    public_json = json.dumps(public.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    t = strings.in_language(lang)
    cells: list[NotebookNode] = []
    cells.append(_nbgrader(_md(
        f"# {markdown_escape(text(assignment.title, lang))}\n\n"
        f"{markdown_escape(text(assignment.instructions, lang))}\n\n{t.ASSIGN_HOW_TO_ANSWER}"
    ), "intro", locked=True))
    cells.append(_nbgrader(_code(f"{SETUP_IMPORT}\n\nform = AssessmentForm.from_json({public_json!r})"),
                           "setup", locked=True))
    best = {s: best_choices(k.graph) for s, k in key.items.items()}
    cells.append(_nbgrader(_code(
        f"# {t.ASSIGN_NOTHING_TO_TYPE}\n"
        "### BEGIN SOLUTION\n"
        "from clientcraft.grading.kernel import use_in_memory\n\n"
        f"use_in_memory({json.dumps(best, sort_keys=True)})\n"
        "### END SOLUTION"), "instructor-answers", solution=True))
    for n, sc in enumerate(scenarios, 1):
        cells.append(_nbgrader(_md(f"## {t.ASSIGN_CLIENT_N.format(n=n, total=len(scenarios))}"), f"head-{sc.id}",
                               locked=True))
        cells.append(_nbgrader(_code(f'form.show("{sc.id}")'), f"show-{sc.id}", locked=True))
        cells.append(_nbgrader(_code(
            f"# {t.ASSIGN_CHECKS_ANSWERED}\n"
            "from clientcraft.grading.kernel import check_answered\n\n"
            f'check_answered("{sc.id}")\n'
            "### BEGIN HIDDEN TESTS\n"
            "from clientcraft.grading.kernel import grade_item\n\n"
            f"grade_item({key.items[sc.id].to_json()!r}, points={key.points[sc.id]!r})\n"
            "### END HIDDEN TESTS"), score_cell_id(sc.id), grade=True, locked=True, points=key.points[sc.id]))
    for n, pr in enumerate(prompts, 1):
        points = key.written[pr.id].points
        cells.append(_nbgrader(_md(
            f"## {t.ASSIGN_WRITTEN_N.format(n=n, total=len(prompts))}\n\n{markdown_escape(text(pr.prompt, lang))}\n\n"
            f"*{t.ASSIGN_WRITTEN_HOW.format(points=f'{points:g}')}*"
        ), f"ask-{pr.id}", locked=True))
        model = text(pr.model_answers[0].text)
        answer = _nbgrader(_md(f"### BEGIN SOLUTION\n{markdown_escape(model)}\n### END SOLUTION"),
                           written_cell_id(pr.id), grade=True, solution=True, points=points)
        answer.metadata["clientcraft"] = {"item": pr.id, "lesson": pr.lesson}
        cells.append(answer)
    cells.append(_nbgrader(_md(f"## {t.ASSIGN_PLAIN_TEXT}\n\n{t.ASSIGN_PLAIN_TEXT_HOW}"), "fallback-intro",
                           locked=True))
    cells.append(_nbgrader(_code("form.ask_in_text()"), "fallback", locked=True))
    meta = {"assignment": assignment.id, "kind": assignment.kind, "version": "source"}
    if lang != "en":
        meta["language"] = lang
    return notebook(cells, name=name or assignment.id, extra_metadata={"clientcraft": meta})


def render_solution(cur: Curriculum, assignment: Assignment, key: AssignmentKey) -> NotebookNode:
    """The instructors' answer key of one assignment (Markdown only)."""
    cells = [markdown(
        f"# Answer key: {markdown_escape(text(assignment.title))}\n\n"
        f"For instructors only; never hand this file to learners. Assignment `{assignment.id}` "
        f"({assignment.kind}"
        + (f", parallel to `{assignment.parallel_to}`" if assignment.parallel_to else "")
        + "). A scenario's score is the mean credit of the steps on the path taken; an unanswered step "
        "on that path counts 0."
    )]
    for sc in (cur.scenario(s) for s in assignment.scenarios):
        best = best_choices(key.items[sc.id].graph)
        lines = [f"## {markdown_escape(text(sc.title))} (`{sc.id}`, lesson `{sc.lesson}`)", "",
                 f"**{markdown_escape(sc.persona.name)}**: {markdown_escape(text(sc.persona.description))}", "",
                 markdown_escape(text(sc.situation)), "",
                 "**Best path:** " + " then ".join(f"{s} {o.upper()}" for s, o in best.items()), ""]
        for step in sc.steps:
            if step.narrative:
                lines += [f"*{markdown_escape(text(step.narrative))}*", ""]
            lines += [f"### Step `{step.id}`: {markdown_escape(text(step.prompt))}", "",
                      "| Option | Credit | Next | Misconception | Consequence | Coaching |",
                      "|---|---|---|---|---|---|"]
            for o in step.options:
                cell = lambda v: markdown_escape(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
                lines.append(
                    f"| **{o.id.upper()}**. {cell(text(o.text))} | {o.credit:g} | {o.next or 'end'} | "
                    f"{o.misconception or ''} | {cell(text(o.consequence))} | {cell(text(o.coaching))} |")
            lines.append("")
        cells.append(markdown("\n".join(lines)))
    for pr in (cur.get("prompts", p) for p in assignment.prompts):
        total = sum(c.points for c in pr.rubric)
        lines = [f"## Written: {markdown_escape(text(pr.prompt))} (`{pr.id}`)", "",
                 "| Criterion | Points | Recommendations |", "|---|---|---|"]
        lines += [f"| {markdown_escape(text(c.description))} | {c.points:g} | {', '.join(c.recommendations)} |"
                  for c in pr.rubric]
        for i, ma in enumerate(pr.model_answers, 1):
            got = sum(ma.scores.values())
            lines += ["", f"**Model answer {i}** ({got:g} / {total:g}):", "", f"> {markdown_escape(text(ma.text))}", "",
                      ", ".join(f"{k}: {v:g}" for k, v in ma.scores.items())]
        cells.append(markdown("\n".join(lines)))
    return notebook(cells, name=f"key-{assignment.id}", extra_metadata={
        "clientcraft": {"assignment": assignment.id, "kind": assignment.kind, "version": "answer-key"}})


def language_assignment_id(assignment_id: str, lang: str) -> str:
    """The nbgrader assignment name of an assignment in another language: ``<id>-<lang>`` (English: ``<id>``)."""
    return assignment_id if lang == "en" else f"{assignment_id}-{lang}"


def render_language_assignments(cur: Curriculum, lang: str) -> dict[str, NotebookNode | str]:
    """Every assignment in ``lang`` as its own nbgrader assignment ``<id>-<lang>``: the source notebook shows the
    content's current translations (English where there is none) and the key file scores by option ids exactly
    as the English one does, so all languages form one item bank (the key's texts are in ``lang``)."""
    from clientcraft.core.translations import localize

    shown = localize(cur, lang)
    out: dict[str, NotebookNode | str] = {}
    with strings.language(lang):
        for assignment in shown.assignments.values():
            name = language_assignment_id(assignment.id, lang)
            key = assignment_key(shown, assignment.id, lang)
            out[exercise_path(name)] = render_exercise(shown, assignment, key, lang, name=name)
            out[key_path(name)] = key.to_json()
    return out


def render_assignments(cur: Curriculum) -> dict[str, NotebookNode | str]:
    """Every assignment's nbgrader source notebook, instructor key and key file, keyed by repo-relative path."""
    out: dict[str, NotebookNode | str] = {}
    for assignment in cur.assignments.values():
        key = assignment_key(cur, assignment.id)
        out[exercise_path(assignment.id)] = render_exercise(cur, assignment, key)
        out[solution_path(assignment.id)] = render_solution(cur, assignment, key)
        out[key_path(assignment.id)] = key.to_json()
    return out
