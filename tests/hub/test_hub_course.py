"""A course on a real JupyterHub: 10 learners and an instructor, each with their own server and system account.

The hub is written by ``clientcraft hub init`` and runs with configurable-http-proxy, the shared-password
authenticator, the local process spawner and a throwaway PostgreSQL log. Eight learners are driven through
their servers' REST and kernel APIs, two through JupyterLab in Chromium; each opens a lesson, answers its first
scenario, fetches the baseline assignment, answers it and submits. The instructor generates and releases the
assignment, collects, autogrades, releases feedback and opens the workshop view, which shows every learner's
answer under their hub name.
"""

from __future__ import annotations

import html
import json
import os
import pwd
import re
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ASSIGNMENT = "baseline"
LESSON = "01-two-kinds-of-difficult.ipynb"


def _lesson_scenario():
    cur = load_curriculum()
    lesson = cur.lessons_in_order()[1]
    assert LESSON == f"{lesson.order:02d}-{lesson.id}.ipynb"
    return cur.scenarios_for(lesson.id, "practice")[0]


def _course_cmd(kernel, *args: str) -> str:
    """Run ``clientcraft course ARGS`` in the instructor's kernel, as they would in their server's terminal."""
    res = kernel.value(
        "import json, os, subprocess\n"
        f"p = subprocess.run(['clientcraft', 'course', *{list(args)!r}], capture_output=True, text=True)\n"
        "print(json.dumps([p.returncode, p.stdout, p.stderr[-3000:]]))", timeout=600)
    assert res[0] == 0, f"clientcraft course {' '.join(args)} failed:\n{res[1]}\n{res[2]}"
    return res[1]


def _answer_lesson(server, option: str) -> dict:
    """Open the lesson, run all its cells, answer its first scenario with ``option``; what the widget shows."""
    kernel = server.open(f"lessons/{LESSON}")
    results = server.run_all(f"lessons/{LESSON}", kernel)
    errors = [r["error"] for r in results if r["error"]]
    assert not errors, errors[0][-2000:]
    cells = [c for c in server.notebook(f"lessons/{LESSON}")["cells"] if c["cell_type"] == "code"]
    count = next(r["count"] for c, r in zip(cells, results) if "\nscenario(" in c["source"])
    shown = kernel.value(
        "import json, os\n"
        f"w = Out[{count}]\n"
        f"w.choice.value = {option!r}\n"
        "w.submit_button.click()\n"
        "ev = w.events[-1]\n"
        "print(json.dumps({'learner': ev.learner_id, 'cohort': ev.cohort, 'scenario': ev.scenario, "
        "'option': ev.option, 'feedback': w.feedback.value, 'log_url': os.environ['CLIENTCRAFT_LOG_URL'], "
        "'location': w.log.location}))")
    shown["outputs"] = json.dumps([r["outputs"] for r in results])
    kernel.close()
    return shown


def _answer_assignment(server, course_id: str, k: int, written: str) -> None:
    listed = server.nbgrader("fetch", course_id, ASSIGNMENT)
    assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched" for a in listed), listed
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    kernel = server.open(path)
    server.run_all(path, kernel)  # unanswered checks fail and the plain-text fallback has no stdin: as in Lab
    kernel.execute(
        "for item_id in form.order:\n"
        "    view = form.show(item_id)\n"
        "    step = view.item['entry']\n"
        "    while step:\n"
        "        options = view.item['steps'][step]['options']\n"
        f"        chosen = options[{k} % len(options)]\n"
        "        view.click(step, chosen['id'])\n"
        "        step = chosen['next']\n")
    kernel.close()
    nb = server.notebook(path)
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id", "").startswith("written-"):
            cell["source"] = written
    server.save_notebook(path, nb)
    listed = server.nbgrader("submit", course_id, ASSIGNMENT)
    assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "submitted" for a in listed), listed


def _in_browser(run, browser, name: str, option_text: str, consequence_words: str, artifacts: Path) -> None:
    from playwright.sync_api import expect

    browser.clear_cookies()  # one browser, one learner at a time
    page = browser.new_page()
    page.goto(f"{run.base}/hub/login", timeout=120_000)
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(run.shared_password())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(rf"/user/{name}/lab"), timeout=180_000)
    page.goto(f"{run.base}/user/{name}/lab/tree/lessons/{LESSON}", timeout=180_000)
    page.get_by_text(re.compile(r"\|\s*Idle")).first.wait_for(timeout=180_000)  # status bar: kernel ready
    page.get_by_role("menuitem", name="Run", exact=True).click(timeout=180_000)
    page.get_by_text("Run All Cells", exact=True).click()
    radio = page.get_by_role("radio", name=option_text).first
    radio.wait_for(timeout=180_000)
    radio.check()
    submit = page.get_by_role("button", name="Submit").first
    expect(submit).to_be_enabled(timeout=60_000)
    submit.click()
    page.get_by_text(consequence_words).first.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / f"hub-{name}-lesson.png"))
    page.close()


def test_course_on_a_real_hub(course_hub, browser, artifacts):
    run = course_hub
    s = run.settings
    sc = _lesson_scenario()
    step = sc.steps[0]
    api_learners, browser_learners = run.learners[2:], run.learners[:2]

    # -- the instructor prepares the assignment from their own server ------------------------------------
    run.spawn([run.instructor])
    teacher = run.server(run.instructor)
    assert teacher.get("formgrader").status_code == 200
    tk = teacher.open("workshop.ipynb")
    _course_cmd(tk, "generate", str(s.course), ASSIGNMENT)
    _course_cmd(tk, "release", str(s.course), ASSIGNMENT)
    course_mode = os.stat(s.course)
    assert stat.S_IMODE(course_mode.st_mode) == 0o700  # answer keys and gradebook: the grader's account only
    assert course_mode.st_uid == pwd.getpwnam(run.instructor).pw_uid

    # -- every learner gets a server; eight answer through the APIs, two in a browser ------------------------
    run.spawn(run.learners)
    servers = {n: run.server(n) for n in run.learners}
    learner = servers[api_learners[0]]
    assert learner.get("formgrader").status_code == 404  # the learner view has no course-staff tools
    assert learner.http.get(teacher.url + "formgrader", allow_redirects=False).status_code == 403
    assert learner.http.get(servers[api_learners[1]].url + "api/contents", allow_redirects=False).status_code == 403

    chosen = {n: step.options[i % len(step.options)] for i, n in enumerate(run.learners)}

    def learner_path(item):
        i, name = item
        shown = _answer_lesson(servers[name], chosen[name].id)
        _answer_assignment(servers[name], s.course_id, i, f"<b>{name}</b>: I would listen first & ask.")
        return name, shown

    with ThreadPoolExecutor(max_workers=3) as pool:
        shown = dict(pool.map(learner_path, enumerate(api_learners)))
    for name, got in shown.items():
        assert (got["learner"], got["cohort"], got["scenario"], got["option"]) == \
            (name, run.cohort, sc.id, chosen[name].id)
        assert " ".join(text(chosen[name].consequence).split()[:4]) in html.unescape(got["feedback"])
        # the log credential is in the server's environment, never in what a notebook shows or saves
        password = re.match(r"postgresql\+psycopg://[^:]+:([^@]+)@", got["log_url"]).group(1)
        assert password not in got["location"] and password not in got["outputs"]
        assert password not in got["feedback"]
        for path in Path(os.path.expanduser(f"~{name}")).rglob("*"):
            if path.is_file():
                assert password.encode() not in path.read_bytes(), path

    for name in browser_learners:
        opt = chosen[name]
        _in_browser(run, browser, name, text(opt.text), " ".join(text(opt.consequence).split()[:4]), artifacts)
        _answer_assignment(servers[name], s.course_id, run.learners.index(name), f"{name}: listen, then decide.")

    # -- the instructor grades and releases feedback -----------------------------------------------------
    assert "10 submission(s) collected" in _course_cmd(tk, "collect", str(s.course), ASSIGNMENT)
    graded = _course_cmd(tk, "autograde", str(s.course), ASSIGNMENT)
    assert "10 graded, 0 failed" in graded, graded
    assert "10 feedback file(s) released" in _course_cmd(tk, "feedback", str(s.course), ASSIGNMENT)
    _course_cmd(tk, "export", str(s.course), ASSIGNMENT, "-o", str(s.course / "exports" / "grades"))
    rows = tk.value("import pandas as pd, json\n"
                    f"df = pd.read_csv({str(s.course / 'exports' / 'grades.csv')!r})\n"
                    "print(json.dumps(sorted(df['learner'].unique().tolist())))")
    assert rows == sorted(run.learners)
    for name in run.learners:  # every submission in the exchange is the learner's own system account's
        inbound = [p for p in (s.exchange / s.course_id / "inbound").iterdir() if p.name.startswith(name + "+")]
        assert inbound and all(p.stat().st_uid == pwd.getpwnam(name).pw_uid for p in inbound)
    got = learner.nbgrader("fetch_feedback", s.course_id, ASSIGNMENT)
    fetched = [a for a in got if a["assignment_id"] == ASSIGNMENT]
    assert fetched and any(nb.get("has_local_feedback") for a in fetched for nb in a["notebooks"]), fetched
    feedback_html = next(Path(os.path.expanduser(f"~{api_learners[0]}"), ASSIGNMENT, "feedback").rglob("*.html"))
    page = feedback_html.read_text(encoding="utf-8")
    assert f"<b>{api_learners[0]}</b>" not in page and f"&lt;b&gt;{api_learners[0]}&lt;/b&gt;" in page

    # -- the workshop view shows every learner's answer under their hub name -------------------------------
    results = teacher.run_all("workshop.ipynb", tk)
    cells = [c for c in teacher.notebook("workshop.ipynb")["cells"] if c["cell_type"] == "code"]
    count = next(r["count"] for c, r in zip(cells, results) if "workshop_view()" in c["source"])
    view = tk.value(
        "import json, time\n"
        f"v = Out[{count}]\n"
        f"v.scenario_picker.value = {sc.id!r}\n"
        f"v.step_picker.value = {step.id!r}\n"
        "t0 = time.perf_counter(); v.refresh(); took = time.perf_counter() - t0\n"
        "print(json.dumps({'chosen': v.chosen, 'missing': v.missing, 'table': v.answers.value, "
        "'status': v.status.value, 'took': took}))")
    assert view["chosen"] == {n: chosen[n].id for n in run.learners}
    assert view["missing"] == []
    for name in run.learners:
        assert f"<td>{name}</td>" in view["table"]
    assert "***" in view["status"] and "127.0.0.1" in view["status"]
    tk.close()

    # -- the log holds each answer exactly once, under the hub names ---------------------------------------
    with run.cluster.connect(s.database) as conn:
        counted = dict(conn.execute(
            "SELECT learner_id, count(*) FROM events WHERE scenario = %s AND step = %s AND kind = 'choice' "
            "GROUP BY learner_id", (sc.id, step.id)).fetchall())
    assert counted == {n: 1 for n in run.learners}
