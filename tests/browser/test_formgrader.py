"""A written answer and a stored output carrying script are inert in the formgrader and in the feedback, in a real
browser: a Jupyter server with nbgrader's formgrader on loopback, headless Chromium, and a hostile submission
graded by `clientcraft course autograde`."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import nbformat
import pytest

from clientcraft.grading.staff.course import init_course

from ..conftest import ASSIGNMENT
from ..grading.learners import click_through, edit_notebook, fetch_as, submit_as, write_answer
from .conftest import free_port, served

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader, pytest.mark.slow]

ATTACK = ('Ask first. <script>window.__pwned = "script"</script> <img src=x onerror="window.__pwned = \'img\'"> '
          '<a href="javascript:window.__pwned=1">link</a> $\\href{javascript:alert(1)}{maths}$ ``` </pre>')


def _stored_script(nb):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "show-quiz-logo-redo":
            cell.outputs = [nbformat.v4.new_output("display_data", data={
                "text/html": "<script>window.__pwned = 'output'</script><img src=y onerror=\"window.__pwned='o'\">"})]


@pytest.fixture
def graded_course(rendered, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name\nmallory,Mal,Lory\n", encoding="utf-8")
    course = init_course(tmp_path / "course", roster, exercises=rendered / "exercises", assignments=[ASSIGNMENT])
    course.generate(ASSIGNMENT)
    course.release(ASSIGNMENT)
    folder = fetch_as(course, "mallory", ASSIGNMENT, tmp_path / "home")
    click_through(folder, ASSIGNMENT, {"quiz-logo-redo": ["a", "a"], "quiz-late-payer": ["b"]})
    write_answer(folder, ASSIGNMENT, "write-logo", ATTACK)
    edit_notebook(folder, ASSIGNMENT, _stored_script)
    submit_as(course, "mallory", ASSIGNMENT, tmp_path / "home")
    course.collect(ASSIGNMENT)
    run = course.autograde(ASSIGNMENT, progress=False)
    assert run.failed == {}
    course.feedback(ASSIGNMENT, release=False, progress=False)
    return course


@pytest.fixture
def formgrader(graded_course, tmp_path):
    """Base URL and token of a Jupyter server with the formgrader, run in the course folder on loopback."""
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    argv = [str(Path(sys.executable).parent / "jupyter"), "server", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={graded_course.root}"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    with served("the Jupyter server", argv, cwd=graded_course.root, env=env, ready=f"{base}/api/status?token={token}",
                log=tmp_path / "server.log"):
        yield base, token


def _no_script_ran(page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_formgrader_shows_the_answer_as_text_and_runs_none_of_it(graded_course, formgrader, browser, artifacts):
    base, token = formgrader
    with graded_course.gradebook() as gb:
        (nb,) = gb.find_submission(ASSIGNMENT, "mallory").notebooks
        submission_id = nb.id
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/formgrader/submissions/{submission_id}/?token={token}", wait_until="networkidle")
    page.wait_for_timeout(1500)  # MathJax and the formgrader's scripts have run
    page.screenshot(path=str(artifacts / "formgrader-hostile-answer.png"), full_page=True)
    _no_script_ran(page)
    assert dialogs == []
    shown = page.inner_text("body")
    assert "<script>window.__pwned" in shown and "onerror=" in shown  # the learner's text, shown as text
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert "1 / 1" in shown  # the item summary (own choices) is there
    for link in page.locator("a").all():  # clicking what looks like a link runs nothing either
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript"), href


def test_feedback_page_runs_none_of_it(graded_course, browser):
    (html_file,) = (graded_course.root / "feedback" / "mallory" / ASSIGNMENT).glob("*.html")
    page = browser.new_page()
    page.goto(html_file.as_uri(), wait_until="load")
    page.wait_for_timeout(1000)
    _no_script_ran(page)
    assert "<script>window.__pwned" in page.inner_text("body")
    assert page.locator("img[src='x'], img[src='y']").count() == 0
