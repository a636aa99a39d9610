"""Hostile and broken submissions through the real commands: each gets the score its saved choices earn and its
reason code, none stops the batch, none reaches another learner, the key or the instructor's browser.

One course runs once (``clientcraft course init/generate/release/collect/autograde/feedback/export`` through the
CLI; learners fetch and submit with nbgrader's own exchange and answer by driving the widgets). Attacks on the
exchange itself (symbolic links, forged folders, links, FIFOs, names) are made in ``inbound/`` as a local user
would. Owner checks need accounts other than the one running the tests and run only as root.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.grading.staff.course import Course

from ...conftest import ASSIGNMENT
from ..learners import click_through, edit_notebook, expected_credit, fetch_as, raw_answers, submit_as, write_answer

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

LOGO, LATE = "quiz-logo-redo", "quiz-late-payer"
WORST = {LOGO: ["b", "b"], LATE: ["a"]}
BEST = {LOGO: ["a", "a"], LATE: ["b"]}
MIXED = {LOGO: ["c", "a"], LATE: ["c"]}
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
XSS = 'Fine answer <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> [x](javascript:alert(1))'


def _code_cell(source: str):
    return nbformat.v4.new_code_cell(source)


def _add_cells(*sources: str):
    def fn(nb):
        nb.cells.extend(_code_cell(s) for s in sources)
    return fn


def _cell(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def _set_solution(source: str):
    def fn(nb):
        _cell(nb, "instructor-answers").source = source
    return fn


def _meta(gid: str, **changes):
    def fn(nb):
        _cell(nb, gid).metadata.nbgrader.update(changes)
    return fn


def _unlock_setup(nb):
    cell = _cell(nb, "setup")
    cell.metadata.nbgrader["locked"] = False
    cell.source += "\nimport clientcraft.core.branching as b; b.score_item = lambda *a, **k: None"


def _duplicate_graded(nb):
    dup = nbformat.from_dict(json.loads(json.dumps(_cell(nb, f"score-{LOGO}"))))
    dup.source = "1.0"
    dup.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1.0"}, execution_count=1)]
    nb.cells.append(dup)


def _forged_graded(nb):
    cell = _code_cell("100")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "bonus",
                                 "points": 100.0, "schema_version": 3, "task": False}
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "100"}, execution_count=1)]
    nb.cells.append(cell)


def _script_output(nb):
    cell = _cell(nb, f"show-{LOGO}")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": "<script>window.__pwned=3</script><img src=x onerror=window.__pwned=4>"})]


def _huge_output(nb):
    cell = _cell(nb, f"show-{LOGO}")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * (17 * 1024 * 1024))]


def _kernelspec(nb):
    nb.metadata["kernelspec"] = {"name": "evil", "display_name": "evil", "language": "python"}
    nb.metadata["nbgrader"] = {"hacked": True}


def _rename_written(nb):
    cell = _cell(nb, "written-write-logo")
    cell.metadata.nbgrader["grade_id"] = "my-answer"
    cell.source = "My answer, found although its grade id was renamed."


def _file(name: str, content):
    def fn(folder: Path):
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return fn


def _nested_notebook(folder: Path):
    (folder / f"{ASSIGNMENT}.ipynb").write_text('{"cells": ' + "[" * 200_000 + "]" * 200_000 + "}")


def _drop(name: str):
    def fn(folder: Path):
        (folder / name).unlink()
    return fn


def _answers_extra(folder: Path):
    data = json.loads((folder / "answers.json").read_text())
    data.update(format="someone-else", version=7, injected={"a": 1})
    raw_answers(folder, data)


def _answers_unknown_and_invalid(folder: Path):
    data = json.loads((folder / "answers.json").read_text())
    data["items"]["ghost-item"] = {"s1": "a"}
    data["items"][LATE] = {"reply": "z"}
    raw_answers(folder, data)


# learner -> what they click, what they do to their notebook or folder before handing in, and what we expect
# ("codes": reason codes that must be in their status; "zero": choice items score 0 whatever they clicked)
PLAN: dict[str, dict] = {
    "honest-best": {"choices": BEST},
    "honest-mixed": {"choices": MIXED, "written": "I would ask what feels wrong & compare it with the brief."},
    "forge-grade-item": {"choices": WORST, "nb": _set_solution(
        "import clientcraft.grading.kernel.hidden as h\nh.grade_item = lambda *a, **k: 1.0")},
    "interactivity-none": {"choices": WORST, "codes": ["added-cells"],
                           "nb": _add_cells('get_ipython().ast_node_interactivity = "none"')},
    "patch-scorer": {"choices": WORST, "codes": ["added-cells"], "nb": _add_cells(
        "import clientcraft.core.branching as b\nb.score_item = lambda key, choices: type('S', (), "
        "{'credit': 1.0})()")},
    "rewrite-answers": {"choices": WORST, "codes": ["added-cells"], "nb": _add_cells(
        "import json, glob\nsrc = open(glob.glob('/**/source/*/*.ipynb', recursive=True)[0]).read()\n"
        "json.dump({'format': 'clientcraft-answers', 'version': 1, 'items': {}}, open('answers.json', 'w'))")},
    "print-hidden-tests": {"choices": MIXED, "codes": ["added-cells"],
                           "nb": _add_cells("for x in In:\n    if 'BEGIN HIDDEN TESTS' in x: print(x)")},
    "sabotage": {"choices": WORST, "codes": ["added-cells"], "nb": _add_cells(
        "import shutil, sqlite3, glob\n"
        "shutil.copy(glob.glob('/**/source/*/*.ipynb', recursive=True)[0], '/tmp/outbound-leak.ipynb')\n"
        "open('../../honest-best/assess-the-lesson/answers.json', 'w').write('')\n"
        "sqlite3.connect('../../gradebook.db').execute('update grade set auto_score = 0')")},
    "os-exit": {"choices": MIXED, "codes": ["added-cells"], "nb": _add_cells("import os\nos._exit(1)")},
    "huge-output": {"choices": MIXED, "codes": ["oversized-notebook"], "nb": _huge_output},
    "script-written": {"choices": BEST, "written": XSS},
    "script-output": {"choices": BEST, "nb": _script_output},
    "deep-answers": {"choices": BEST, "zero": True, "codes": ["invalid-answers-json"],
                     "folder": _file("answers.json", "[" * 200_000 + "]" * 200_000)},
    "deep-notebook": {"choices": MIXED, "codes": ["invalid-notebook"], "folder": _nested_notebook},
    "binary-answers": {"choices": BEST, "zero": True, "codes": ["invalid-answers-json"],
                       "folder": _file("answers.json", bytes(range(256)) * 40)},
    "binary-notebook": {"choices": MIXED, "codes": ["invalid-notebook"],
                        "folder": _file(f"{ASSIGNMENT}.ipynb", os.urandom(50_000))},
    "huge-answers": {"choices": BEST, "zero": True, "codes": ["oversized-answers"],
                     "folder": _file("answers.json", " " * (3 * 1024 * 1024) + "{}")},
    "renamed-written-id": {"choices": BEST, "codes": ["moved-written-answer"], "nb": _rename_written,
                           "manual": True},
    "grade-false": {"choices": MIXED, "codes": ["edited-metadata"], "nb": _meta(f"score-{LOGO}", grade=False)},
    "unlocked-setup": {"choices": MIXED, "codes": ["edited-metadata", "edited-cells"], "nb": _unlock_setup},
    "duplicated-graded": {"choices": WORST, "codes": ["forged-cells"], "nb": _duplicate_graded},
    "forged-graded": {"choices": WORST, "codes": ["forged-cells"], "nb": _forged_graded},
    "points-raised": {"choices": WORST, "codes": ["edited-metadata"], "nb": _meta(f"score-{LATE}", points=50.0)},
    "kernelspec": {"choices": MIXED, "nb": _kernelspec},
    "answers-extra-fields": {"choices": MIXED, "codes": ["invalid-answers"], "folder": _answers_extra},
    "answers-unknown-invalid": {"choices": MIXED, "codes": ["unknown-items", "invalid-options"],
                                "folder": _answers_unknown_and_invalid, "late_zero": True},
    "no-notebook": {"choices": BEST, "codes": ["missing-notebook"], "folder": _drop(f"{ASSIGNMENT}.ipynb")},
    "no-answers": {"choices": {}, "zero": True, "codes": ["missing-answers"]},
    "long-written": {"choices": MIXED, "codes": ["long-written-answer"], "written": "word " * 30_000},
    # exchange attacks (made in inbound/ after hand-in)
    "link-answers": {"choices": BEST, "zero": True, "codes": ["symlink", "missing-answers"], "inbound": "link-answers"},
    "link-notebook": {"choices": MIXED, "codes": ["symlink", "missing-notebook"], "inbound": "link-notebook"},
    "hardlink": {"choices": MIXED, "codes": ["hardlink", "missing-notebook"], "inbound": "hardlink"},
    "fifo": {"choices": MIXED, "codes": ["special-file"], "inbound": "fifo"},
    "victim": {"choices": BEST, "codes": ["forged-timestamp"], "inbound": "forged-newer"},
    "linked-folder": {"choices": BEST, "inbound": "linked-folder", "absent": True},
    "stamp-edited": {"choices": MIXED, "inbound": "stamp-edited"},
}
if AS_ROOT:  # the file system can tell owners apart only when the ids are accounts (root can chown to them)
    PLAN["daemon"] = {"choices": BEST, "codes": ["owner-mismatch"], "inbound": "owned-by-daemon"}


def _cli(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def _entries(inbound: Path, learner: str) -> list[Path]:
    return sorted(inbound.glob(f"{learner}+{ASSIGNMENT}+*"))


def _attack_inbound(kind: str, entry: Path, course: Course, inbound: Path) -> None:
    source_nb = course.source_notebook(ASSIGNMENT)
    if kind == "link-answers":
        (entry / "answers.json").unlink()
        (entry / "answers.json").symlink_to(course.root / "gradebook.db")
    elif kind == "link-notebook":
        (entry / f"{ASSIGNMENT}.ipynb").unlink()
        (entry / f"{ASSIGNMENT}.ipynb").symlink_to(source_nb)
    elif kind == "hardlink":
        (entry / f"{ASSIGNMENT}.ipynb").unlink()
        os.link(source_nb, entry / f"{ASSIGNMENT}.ipynb")
    elif kind == "fifo":
        os.mkfifo(entry / "pipe")
    elif kind == "forged-newer":  # another user forges a newer, empty hand-in of this learner
        future = (datetime.now(timezone.utc) + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        forged = inbound / f"victim+{ASSIGNMENT}+{future}+forged"
        forged.mkdir()
        (forged / "answers.json").write_text('{"format": "clientcraft-answers", "version": 1, "items": {}}')
    elif kind == "linked-folder":  # the only hand-in is a link to the course's source folder
        target = entry.with_name(entry.name + "x")
        shutil.rmtree(entry)
        target.symlink_to(source_nb.parent, target_is_directory=True)
    elif kind == "stamp-edited":
        (entry / "timestamp.txt").write_text("not a time at all")
    elif kind == "owned-by-daemon":  # the real hand-in belongs to the account daemon; a forged newer one to nobody
        for path in [entry, *entry.rglob("*")]:
            os.lchown(path, 1, 1)
        newer = (datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        forged = inbound / f"daemon+{ASSIGNMENT}+{newer}+forged"
        shutil.copytree(entry, forged)
        raw_answers(forged, {"format": "clientcraft-answers", "version": 1, "items": {}})
        for path in [forged, *forged.rglob("*")]:
            os.lchown(path, 65534, 65534)


@pytest.fixture(scope="module")
def attacked(rendered, grading_cur, tmp_path_factory):
    base = tmp_path_factory.mktemp("attacks")
    roster = base / "roster.csv"
    roster.write_text("id,cohort\n" + "".join(f"{lid},c\n" for lid in PLAN) + "absent,c\n", encoding="utf-8")
    root = base / "course"
    steps = {}
    steps["init"] = _cli("course", "init", str(root), "--roster", str(roster), "--exercises",
                         str(rendered / "exercises"), "--assignment", ASSIGNMENT)
    steps["generate"] = _cli("course", "generate", str(root), ASSIGNMENT)
    steps["release"] = _cli("course", "release", str(root), ASSIGNMENT)
    course = Course(root)
    inbound = course.exchange / course.course_id / "inbound"
    homes = base / "homes"
    for lid, spec in PLAN.items():
        folder = fetch_as(course, lid, ASSIGNMENT, homes / lid)
        if spec["choices"]:
            click_through(folder, ASSIGNMENT, spec["choices"])
        if spec.get("written"):
            write_answer(folder, ASSIGNMENT, "write-logo", spec["written"])
        if spec.get("nb"):
            edit_notebook(folder, ASSIGNMENT, spec["nb"])
        if spec.get("folder"):
            spec["folder"](folder)
        submit_as(course, lid, ASSIGNMENT, homes / lid)
        if spec.get("inbound"):
            (entry,) = _entries(inbound, lid)
            _attack_inbound(spec["inbound"], entry, course, inbound)
    for name in ("x" * 70, "mallory"):  # an id too long, and one not on the roster
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        (inbound / f"{name}+{ASSIGNMENT}+{stamp}+r").mkdir()
    time.sleep(0.05)
    steps["collect"] = _cli("course", "collect", str(root), ASSIGNMENT)
    steps["autograde"] = _cli("course", "autograde", str(root), ASSIGNMENT)
    steps["feedback"] = _cli("course", "feedback", str(root), ASSIGNMENT)
    steps["export"] = _cli("course", "export", str(root), ASSIGNMENT, "-o", str(base / "grades"))
    report = json.loads(course.report_path(ASSIGNMENT).read_text())
    with course.gradebook() as gb:
        grades = {}
        for sub in gb.find_assignment(ASSIGNMENT).submissions:
            grades[sub.student.id] = {g.name: (g.auto_score, g.needs_manual_grade)
                                      for nb in sub.notebooks for g in nb.grades}
    return {"course": course, "steps": steps, "report": report, "grades": grades, "base": base,
            "cur": grading_cur, "export": pd.read_csv(base / "grades.csv")}


def test_the_real_commands_all_succeed_and_nobody_stops_the_batch(attacked):
    for name, result in attacked["steps"].items():
        assert result.exit_code == 0, (name, result.output[-3000:])
    graded = {lid for lid, spec in PLAN.items() if not spec.get("absent")}
    assert set(attacked["grades"]) == graded
    assert "grading-failed" not in json.dumps(attacked["report"])
    assert len(PLAN) >= 30  # kinds of hostile or broken submission (with the two exchange names below)


@pytest.mark.parametrize("learner", sorted(PLAN))
def test_each_attack_scores_what_the_saved_choices_earn_with_its_reason(attacked, learner):
    spec = PLAN[learner]
    cur = attacked["cur"]
    if spec.get("absent"):
        assert learner not in attacked["grades"]
        row = attacked["export"].set_index(["learner", "item"]).loc[(learner, LOGO)]
        assert row.status.startswith("not-submitted")
        return
    grades = attacked["grades"][learner]
    choices = spec["choices"]
    for item in (LOGO, LATE):
        want = 0.0 if spec.get("zero") or not choices else expected_credit(cur.scenario(item), choices[item])
        if item == LATE and spec.get("late_zero"):
            want = 0.0  # its saved option for this item was replaced by one that does not exist
        assert grades[f"score-{item}"][0] == pytest.approx(want), (learner, item)
        assert grades[f"score-{item}"][1] is False, (learner, item)
    assert set(grades) == {f"score-{LOGO}", f"score-{LATE}", "written-write-logo"}  # nothing forged got in
    codes = attacked["report"][learner]["codes"]
    for code in spec.get("codes", []):
        assert code in codes, (learner, codes)
    if not spec.get("codes"):
        assert codes == [], (learner, codes)
    written = grades["written-write-logo"]
    answered = bool(spec.get("written")) or spec.get("manual") or any(
        c in codes for c in ("invalid-notebook", "oversized-notebook"))
    assert written == ((None, True) if answered else (0.0, False)), learner


def test_sabotage_reached_no_one(attacked):
    """The honest learners' scores are intact although other submissions tried to empty and zero them."""
    grades = attacked["grades"]["honest-best"]
    assert grades[f"score-{LOGO}"][0] == 1.0 and grades[f"score-{LATE}"][0] == 1.0
    assert not Path("/tmp/outbound-leak.ipynb").exists()


def test_feedback_holds_own_choices_only_and_no_live_markup(attacked):
    cur, root = attacked["cur"], attacked["course"].root
    logo, late = cur.scenario(LOGO), cur.scenario(LATE)
    key_texts = {t for sc in (logo, late) for st in sc.steps for o in st.options
                 for t in (o.consequence["en"], o.coaching["en"])}
    key_texts |= {ma.text["en"] for pr in cur.prompts.values() for ma in pr.model_answers}
    for lid, spec in PLAN.items():
        if spec.get("absent"):
            continue
        (page,) = (root / "feedback" / lid / ASSIGNMENT).glob("*.html")
        text = page.read_text(encoding="utf-8")
        assert page.stat().st_size < 1_000_000, lid  # bounded: outputs are rebuilt, written answers cut
        own = set()
        if spec["choices"] and not spec.get("zero"):
            for item, sc in ((LOGO, logo), (LATE, late)):
                step = sc.steps[0].id
                steps = {s.id: s for s in sc.steps}
                for option in spec["choices"][item]:
                    if item == LATE and spec.get("late_zero"):
                        break
                    opt = {o.id: o for o in steps[step].options}[option]
                    own |= {opt.consequence["en"], opt.coaching["en"]}
                    step = opt.next
                    if step is None:
                        break
        assert {t for t in key_texts if t in text} == own, lid
        for needle in ("BEGIN HIDDEN TESTS", "grade_item(", "use_in_memory") + (
                () if lid == "script-written" else ("__pwned", "onerror=")):
            assert needle not in text, (lid, needle)
    xss = (root / "feedback" / "script-written" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in xss
    assert not re.search(r"<(script|img)[^>]*__pwned", xss) and 'href="javascript' not in xss


def test_nothing_learners_receive_holds_a_key(attacked):
    course = attacked["course"]
    outbound = course.exchange / course.course_id / "outbound"
    for path in outbound.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "BEGIN HIDDEN TESTS" not in text and "KEYTXT" not in text, path


def test_refused_hand_ins_are_reported(attacked):
    refusals = json.loads((attacked["course"].root / "reports" / ASSIGNMENT / "collect.json").read_text())
    unknown = " ".join(detail for _, detail in refusals.get("", []))
    assert "mallory" in unknown and "x" * 70 in unknown
    assert {code for code, _ in refusals[""]} == {"not-on-roster", "invalid-learner-id"}
    assert any(code == "forged-timestamp" for code, _ in refusals["victim"])
    assert any(code == "symlink" for code, _ in refusals["linked-folder"])
    row = attacked["export"].set_index(["learner", "item"]).loc[("victim", LOGO)]
    assert "forged-timestamp" in row.status and row.credit == 1.0


def test_exports_escape_spreadsheet_formulas(attacked, tmp_path):
    from clientcraft.core.tabular import spreadsheet_safe

    df = pd.DataFrame({"learner": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "ok"],
                       "credit": [1.0, -1.0, 0.5, 0.0, 1.0, 1.0, 1.0]})
    safe = spreadsheet_safe(df)
    assert list(safe["learner"]) == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok"]
    assert list(safe["credit"]) == list(df["credit"])
    raw = (attacked["base"] / "grades.csv").read_text(encoding="utf-8")
    assert not re.search(r"(^|,)[=+@\t\r-]", raw.replace("\r\n", "\n"), re.M)


def test_bad_learner_ids_are_refused_where_they_enter(tmp_path, rendered):
    roster = tmp_path / "roster.csv"
    roster.write_text("id\n" + "a" * 65 + "\n../x\nok\n", encoding="utf-8")
    result = _cli("course", "init", str(tmp_path / "c"), "--roster", str(roster), "--exercises",
                  str(rendered / "exercises"))
    assert result.exit_code == 1 and "line 2" in result.output and "65 characters" in result.output
    assert "line 3" in result.output
    result = CliRunner().invoke(main, ["course", "autograde", str(tmp_path), ASSIGNMENT, "--learner", "../x"])
    assert result.exit_code == 2 and "--learner" in result.output


def test_plain_nbgrader_autograde_on_the_course_runs_no_learner_code(attacked, tmp_path):
    """The formgrader's autograde button and plain `nbgrader autograde` use the same rebuild (configured by init)."""
    import subprocess
    import sys

    course = attacked["course"]
    copy = tmp_path / "copy"
    shutil.copytree(course.root, copy, symlinks=True, ignore=shutil.ignore_patterns("exchange"))
    cfg = (copy / "nbgrader_config.py").read_text().replace(str(course.root), str(copy))
    (copy / "nbgrader_config.py").write_text(cfg)
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    for lid in ("forge-grade-item", "os-exit", "script-written"):
        out = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", ASSIGNMENT, "--force",
                              f"--student={lid}"], cwd=copy, capture_output=True, text=True, env=env, timeout=300)
        assert out.returncode == 0, out.stderr[-3000:]
    with Course(copy).gradebook() as gb:
        for lid in ("forge-grade-item", "os-exit", "script-written"):
            grades = {g.name: g.auto_score for nb in gb.find_submission(ASSIGNMENT, lid).notebooks
                      for g in nb.grades}
            assert grades == {k: v[0] for k, v in attacked["grades"][lid].items()}, lid
