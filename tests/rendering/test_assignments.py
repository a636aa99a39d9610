"""The assignment renderer: nbgrader source notebooks and instructor keys (tests of rendering/assignments.py)."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from clientcraft.core.keys import PUBLIC_FIELDS_FORBIDDEN, AssignmentKey, assignment_key
from clientcraft.rendering.assignments import exercise_path, key_path, render_assignments, solution_path
from clientcraft.rendering.cells import dumps

from ..conftest import ASSIGNMENT

REPO = Path(__file__).resolve().parents[2]
NBGRADER = str(Path(sys.executable).parent / "nbgrader")


def _cells(nb, **meta):
    return [c for c in nb.cells if all(c.metadata.get("nbgrader", {}).get(k) == v for k, v in meta.items())]


def _public(nb) -> dict:
    (setup,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup"]
    literal = re.search(r"from_json\((.*)\)\s*$", setup.source, re.S).group(1)
    return json.loads(ast.literal_eval(literal))


def test_paths_and_determinism(grading_cur):
    first, second = render_assignments(grading_cur), render_assignments(grading_cur)
    assert set(first) == {exercise_path(a) for a in grading_cur.assignments} | {
        solution_path(a) for a in grading_cur.assignments} | {key_path(a) for a in grading_cur.assignments}
    assert {k: dumps(v) for k, v in first.items()} == {k: dumps(v) for k, v in second.items()}


def test_source_notebook_has_valid_nbgrader_cells(grading_cur):
    nb = render_assignments(grading_cur)[exercise_path(ASSIGNMENT)]
    nbformat.validate(nb)
    validator = MetadataValidator()
    for cell in nb.cells:
        validator.validate_cell(cell)
    tests = _cells(nb, grade=True, solution=False)
    assert [c.metadata.nbgrader["grade_id"] for c in tests] == ["score-quiz-logo-redo", "score-quiz-late-payer"]
    for cell in tests:
        assert cell.metadata.nbgrader["points"] == 1.0 and cell.metadata.nbgrader["locked"]
        assert "### BEGIN HIDDEN TESTS" in cell.source and "### END HIDDEN TESTS" in cell.source
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        assert "credit" not in visible and "KEYTXT" not in visible
    (written,) = _cells(nb, grade=True, solution=True)
    assert written.cell_type == "markdown" and written.metadata.nbgrader["points"] == 3.0
    assert "KEYTXT-model" in written.source and "BEGIN SOLUTION" in written.source
    grade_ids = [c.metadata.nbgrader["grade_id"] for c in nb.cells]
    assert len(grade_ids) == len(set(grade_ids))


def test_each_hidden_test_holds_only_its_own_key(grading_cur):
    nb = render_assignments(grading_cur)[exercise_path(ASSIGNMENT)]
    logo, late = _cells(nb, grade=True, solution=False)
    assert "KEYTXT-cons-open-a" in logo.source and "KEYTXT-cons-reply-a" not in logo.source
    assert "KEYTXT-cons-reply-b" in late.source and "KEYTXT-cons-open-b" not in late.source


def test_public_data_carries_no_grading_fields(grading_cur):
    nb = render_assignments(grading_cur)[exercise_path(ASSIGNMENT)]
    public = _public(nb)
    text = json.dumps(public)
    for field in PUBLIC_FIELDS_FORBIDDEN:
        assert f'"{field}"' not in text
    assert "KEYTXT" not in text
    assert [i["id"] for i in public["items"]] == ["quiz-logo-redo", "quiz-late-payer"]
    assert public["items"][0]["steps"]["open"]["options"][0]["next"] == "offer"


def test_the_key_file_and_the_hidden_tests_come_from_one_key(grading_cur):
    files = render_assignments(grading_cur)
    key = AssignmentKey.model_validate_json(files[key_path(ASSIGNMENT)])
    assert key == assignment_key(grading_cur, ASSIGNMENT)
    for cell in _cells(files[exercise_path(ASSIGNMENT)], grade=True, solution=False):
        item = cell.metadata.nbgrader["grade_id"].removeprefix("score-")
        assert repr(key.items[item].to_json()) in cell.source
        assert cell.metadata.nbgrader["points"] == key.points[item]


def test_solution_key_lists_every_option_and_model_answer(grading_cur):
    nb = render_assignments(grading_cur)[solution_path(ASSIGNMENT)]
    page = "\n".join(c.source for c in nb.cells)
    for sc in grading_cur.scenarios.values():
        for st in sc.steps:
            for o in st.options:
                assert o.consequence["en"] in page and o.coaching["en"] in page
    assert "KEYTXT-model" in page and "(3 / 3)" in page and "listens: 2" in page
    assert "Best path:** open A then offer A" in page
    assert "Cy &lt;Boss&gt;" in page  # content text is escaped


@pytest.fixture(scope="module")
def generated(rendered, tmp_path_factory):
    """A course with both fixture assignments generated (release versions)."""
    from clientcraft.grading.staff.course import init_course

    base = tmp_path_factory.mktemp("validate")
    roster = base / "roster.csv"
    roster.write_text("id\nann\n", encoding="utf-8")
    course = init_course(base / "course", roster, exercises=rendered / "exercises")
    for aid in ("assess-the-lesson", "baseline"):
        course.generate(aid)
    return course


def _validate(path: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    return subprocess.run([NBGRADER, "validate", str(path), *extra], capture_output=True, text=True, env=env,
                          cwd=path.parent, timeout=300)


@pytest.mark.nbgrader
@pytest.mark.slow
@pytest.mark.parametrize("assignment", ["assess-the-lesson", "baseline"])
def test_nbgrader_validate_passes_on_the_solution_version(rendered, tmp_path, assignment):
    folder = tmp_path / assignment
    shutil.copytree(rendered / "exercises" / assignment, folder)
    result = _validate(folder / f"{assignment}.ipynb")
    assert "Success! Your notebook passes all the tests." in result.stdout, result.stdout + result.stderr
    assert not (folder / "answers.json").exists()  # the solution version answers in memory only


@pytest.mark.nbgrader
@pytest.mark.slow
@pytest.mark.parametrize("assignment", ["assess-the-lesson", "baseline"])
def test_nbgrader_validate_invert_shows_the_release_version_does_not_pass(generated, assignment):
    released = generated.release_notebook(assignment)
    result = _validate(released, "--invert")
    assert "Success! The notebook does not pass any tests." in result.stdout, result.stdout + result.stderr
    assert "NOTEBOOK PASSED" not in result.stdout
    text = released.read_text(encoding="utf-8")
    assert "BEGIN HIDDEN" not in text and "use_in_memory" not in text and "KEYTXT" not in text


@pytest.mark.nbgrader
@pytest.mark.slow
def test_real_exercises_validate_when_built():
    sources = sorted((REPO / "exercises").glob("*/*.ipynb"))
    if not sources:
        pytest.skip("no exercises/ built in this checkout yet")
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_validate, sources))
    for nb_path, result in zip(sources, results):
        assert "Success! Your notebook passes all the tests." in result.stdout, (nb_path, result.stdout)
        assert not (nb_path.parent / "answers.json").exists()
