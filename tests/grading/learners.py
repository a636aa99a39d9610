"""Simulated learners for the grading tests: answer a released notebook by driving its widgets from Python."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

import nbformat

from clientcraft.core.branching import choices_along


@contextmanager
def cwd(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def open_form(folder: Path, assignment: str):
    """Run the released notebook's set-up cell in ``folder`` (as the kernel would) and return its form."""
    nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    (setup,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup"]
    ns: dict = {}
    with cwd(folder):
        exec(setup.source, ns)  # noqa: S102 - the notebook's own set-up code
    return ns["form"]


def click_through(folder: Path, assignment: str, answers: dict[str, list[str]]) -> None:
    """Click the given options, in order along each item's path, on freshly opened widgets."""
    form = open_form(folder, assignment)
    for item, options in answers.items():
        view = form.show(item)
        for step, option in choices_along(view.item.graph, options).items():
            view.click(step, option)


def write_answer(folder: Path, assignment: str, prompt: str, text: str) -> None:
    """Type a written answer into the manually graded cell of ``prompt``."""
    path = folder / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == f"written-{prompt}":
            c.source = text
    nbformat.write(nb, path)


def edit_notebook(folder: Path, assignment: str, fn) -> None:
    """Apply ``fn(nb)`` to the learner's notebook and save it."""
    path = folder / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    fn(nb)
    nbformat.write(nb, path)


def raw_answers(folder: Path, data) -> None:
    """Overwrite the answers file with arbitrary content (a learner editing it by hand)."""
    (folder / "answers.json").write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def _exchange_app(course, cls_name: str, assignment: str, learner: str, home: Path):
    """An nbgrader exchange app (fetch or submit) acting as ``learner`` with ``home`` as their folder."""
    import logging

    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    cfg = course.config()
    cfg.Exchange.assignment_dir = str(home)
    cfg.Exchange.cache = str(home / ".nbgrader-cache")
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    coursedir.student_id = learner
    app = getattr(ExchangeFactory(config=cfg), cls_name)(coursedir=coursedir, authenticator=Authenticator(config=cfg),
                                                         config=cfg)
    app.log.setLevel(logging.ERROR)
    return app


def fetch_as(course, learner: str, assignment: str, home: Path) -> Path:
    """Fetch a released assignment into ``home/<assignment>`` as ``learner`` would (nbgrader's exchange)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    _exchange_app(course, "FetchAssignment", assignment, learner, home).start()
    return home / assignment


def submit_as(course, learner: str, assignment: str, home: Path) -> None:
    """Submit ``home/<assignment>`` to the exchange as ``learner`` would."""
    _exchange_app(course, "Submit", assignment, learner, Path(home)).start()


def expected_credit(scenario, options: list[str]) -> float:
    """Mean credit along the path the options take; an unanswered step on the path counts 0.

    Worked out from the content itself, not through the branching rule, so it checks the grader independently.
    """
    steps = {s.id: s for s in scenario.steps}
    step, credits, given = scenario.steps[0].id, [], list(options)
    while step:
        opts = {o.id: o for o in steps[step].options}
        if not given or given[0] not in opts:
            credits.append(0.0)
            break
        chosen = opts[given.pop(0)]
        credits.append(chosen.credit)
        step = chosen.next
    return sum(credits) / len(credits)
