"""A course on a real JupyterHub: 10 learners and an instructor, each with their own server and system account.

The hub is written by ``clientcraft hub init`` and runs with configurable-http-proxy, the shared-password
authenticator, the local process spawner and a throwaway PostgreSQL log. Every server is started at once
through the hub's REST API. Eight learners are driven through their servers' REST and kernel APIs and two
through JupyterLab in Chromium (the lesson; their assignment goes through the same APIs as the others'); each
opens a lesson, answers its first scenario, fetches the baseline assignment, answers it and submits. The
instructor generates and releases the assignment, collects, autogrades, releases feedback (which every learner
fetches) and exports the grades, then opens the workshop view, which shows every learner's answer under their
hub name. The log holds each answer exactly once.
"""

from __future__ import annotations

import html
import json
import os
import pwd
import re
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from markupsafe import escape

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ASSIGNMENT = "baseline"
LESSON = "01-two-kinds-of-difficult.ipynb"
BROWSER_LEARNERS = 2


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
    """Open the lesson, run its set-up cell and first scenario, choose ``option`` and press Submit; what the
    widget and its event show, the log URL the server was given, and every output the cells produced."""
    path = f"lessons/{LESSON}"
    code = [c["source"] for c in server.notebook(path)["cells"] if c["cell_type"] == "code"]
    setup, first = code[0], next(c for c in code if "\nscenario(" in c)
    kernel = server.open(path)
    results = server.run_cells(path, kernel, lambda source: source in (setup, first))
    assert [r["source"] for r in results] == [setup, first]
    errors = [r["error"] for r in results if r["error"]]
    assert not errors, errors[0][-2000:]
    count = results[1]["count"]
    shown = kernel.value(
        "import json, os\n"
        f"w = Out[{count}]\n"
        f"w.view.value = {option!r}\n"
        "w.submit()\n"
        "ev = w.events[-1]\n"
        "print(json.dumps({'learner': ev.learner_id, 'cohort': ev.cohort, 'scenario': ev.scenario, "
        "'option': ev.option, 'feedback': w.view.feedback_html, 'log_url': os.environ['CLIENTCRAFT_LOG_URL'], "
        "'location': w.log.location}))")
    shown["outputs"] = json.dumps([r["outputs"] for r in results])
    kernel.shutdown()
    return shown


def _answer_assignment(server, course_id: str, k: int, written: str) -> None:
    """Fetch the assignment, click an answer at every step of every item, write the text answer, submit."""
    listed = server.nbgrader("fetch", course_id, ASSIGNMENT)
    assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched" for a in listed), listed
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    kernel = server.open(path)
    setup = server.run_cells(path, kernel, lambda source: "AssessmentForm" in source)
    assert len(setup) == 1 and not setup[0]["error"], setup
    kernel.execute(
        "for item_id in form.order:\n"  # a click on a button at every step on the learner's path
        "    view = form.show(item_id)\n"
        "    step = view.item.entry\n"
        "    while step:\n"
        "        options = view.item.steps[step].options\n"
        f"        chosen = options[{k} % len(options)]\n"
        "        view.click(step, chosen.id)\n"
        "        step = chosen.next\n")
    checks = server.run_cells(path, kernel, lambda source: "check_answered(" in source)
    assert checks and not [c["error"] for c in checks if c["error"]], "an item is still unanswered"
    kernel.shutdown()
    nb = server.notebook(path)
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id", "").startswith("written-"):
            cell["source"] = written
    server.save_notebook(path, nb)
    listed = server.nbgrader("submit", course_id, ASSIGNMENT)
    assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "submitted" for a in listed), listed


def _current_notebook(page):
    """The notebook panel JupyterLab shows (inactive tabs are hidden)."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def kernel_idle(page, notebook: str, timeout: float) -> None:
    """Wait until the kernel of ``notebook`` (the current document) is connected and idle.

    The status bar's kernel item ("Python 3 (ipykernel) | Idle", titled "Change kernel for NOTEBOOK") reads the
    notebook's session context itself. The execution indicator in the notebook's toolbar does not do for this:
    it says "idle" from the moment the notebook is shown, before the session context has started or connected
    a kernel, and Run All Cells in that window asks which kernel to use, or runs nothing.
    """
    from playwright.sync_api import expect

    status = page.locator("#jp-main-statusbar").locator(f'[role="button"][title="Change kernel for {notebook}"]')
    expect(status).to_have_text(re.compile(r"\|\s*Idle\s*$"), timeout=timeout)


def run_all_cells(page) -> None:
    """Run > Run All Cells in JupyterLab's menu bar (the menu item is found by its command)."""
    from playwright.sync_api import expect

    page.get_by_role("menuitem", name="Run", exact=True).click()
    item = page.locator(".lm-Menu-item[data-command='runmenu:run-all']")
    expect(item).to_be_visible()
    expect(item).not_to_have_attribute("aria-disabled", "true")
    item.click()


def open_from_file_browser(page, name: str) -> None:
    """Open the notebook ``name`` shown in JupyterLab's file browser: select it, press Enter (a double click can
    land on another row when the listing refreshes between its two clicks)."""
    from playwright.sync_api import expect

    item = page.locator(".jp-FileBrowser .jp-DirListing-item").filter(
        has=page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(name)}$")))
    expect(item).to_have_count(1, timeout=240_000)
    item.click()
    expect(item).to_have_class(re.compile(r"\bjp-mod-selected\b"))
    page.keyboard.press("Enter")


def run_lesson(page, lesson: str, first_widget) -> None:
    """With ``lesson`` open in JupyterLab, wait for its kernel, run all its cells and wait for ``first_widget``
    (a locator) to show."""
    from playwright.sync_api import expect

    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")
    expect(tab).to_have_text(lesson, timeout=240_000)
    kernel_idle(page, lesson, 240_000)
    run_all_cells(page)
    expect(first_widget).to_be_visible(timeout=240_000)


def _lesson_in_browser(run, browser, name: str, option_text: str, consequence_words: str, artifacts: Path) -> None:
    """Log in to the hub in Chromium, open the lesson in JupyterLab, run it, choose with the keyboard, Submit
    and see the consequence."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    browser.clear_cookies()  # one browser, one learner at a time
    page = browser.new_page()
    page.set_default_timeout(120_000)
    console: list[str] = []
    t0 = time.monotonic()
    page.on("console", lambda msg: console.append(f"{time.monotonic() - t0:.1f} {msg.type}: {msg.text}"[:300]))
    page.on("request", lambda r: console.append(f"{time.monotonic() - t0:.1f} {r.method} {r.url.split('?')[0]} "
                                                f"{r.post_data or ''}"[:300])
            if "/api/sessions" in r.url and r.method != "GET" else None)
    try:
        page.goto(f"{run.base}/hub/login")
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill(run.shared_password())
        page.get_by_role("button", name="Sign in").click()
        open_from_file_browser(page, LESSON)  # the hub opens JupyterLab on the learner's lessons folder
        radio = page.get_by_role("radio", name=option_text, exact=True)
        run_lesson(page, LESSON, radio.first)
        widget = page.locator(".jp-OutputArea-output").filter(has=radio).first
        radio = widget.get_by_role("radio", name=option_text, exact=True)
        radio.focus()
        page.keyboard.press("Space")  # keyboard: the radio's label covers its input
        expect(radio).to_be_checked()
        submit = widget.get_by_role("button", name="Submit")
        expect(submit).to_be_enabled(timeout=60_000)  # the kernel enables it once the choice arrives
        submit.click()
        expect(widget.get_by_text(consequence_words).first).to_be_visible(timeout=60_000)
        page.screenshot(path=str(artifacts / f"hub-{name}-lesson.png"))
    except (AssertionError, PlaywrightTimeout):
        page.screenshot(path=str(artifacts / f"hub-{name}-lesson-failed.png"))
        print(f"{name}: browser console:\n" + "\n".join(console[-40:]), flush=True)
        raise
    finally:
        page.close()


def test_course_on_a_real_hub(course_hub, browser, artifacts):
    run = course_hub
    s = run.settings
    sc = _lesson_scenario()
    step = sc.steps[0]
    browser_learners, api_learners = run.learners[:BROWSER_LEARNERS], run.learners[BROWSER_LEARNERS:]
    assert len(run.learners) >= 10 and len(browser_learners) == 2
    took: dict[str, float] = {}
    t0 = time.monotonic()

    # -- every server starts at once; the instructor prepares the assignment from their own server -----------
    run.request_servers([run.instructor, *run.learners])
    run.wait_ready([run.instructor])
    teacher = run.server(run.instructor)
    assert teacher.get("formgrader").status_code == 200
    tk = teacher.open("workshop.ipynb")  # the grader's terminal and workshop view
    _course_cmd(tk, "generate", str(s.course), ASSIGNMENT)
    _course_cmd(tk, "release", str(s.course), ASSIGNMENT)
    grader = pwd.getpwnam(run.instructor).pw_uid
    assert os.stat(s.course).st_uid == grader and stat.S_IMODE(os.stat(s.course).st_mode) == 0o711
    for private in ("source", "release", "gradebook.db"):  # answer keys and grades: the grader's account only
        assert os.stat(s.course / private).st_uid == grader
        assert stat.S_IMODE(os.stat(s.course / private).st_mode) & 0o077 == 0, private
    run.wait_ready(run.learners)
    took["servers and release"] = time.monotonic() - t0
    print(f"servers and release: {took['servers and release']:.0f} s", flush=True)

    servers = {n: run.server(n) for n in run.learners}
    learner = servers[api_learners[0]]
    assert learner.get("formgrader").status_code == 404  # the learner view has no course-staff tools
    assert learner.http.get(teacher.url + "formgrader", allow_redirects=False).status_code == 403
    assert learner.http.get(servers[api_learners[1]].url + "api/contents", allow_redirects=False).status_code == 403

    # -- eight learners answer through the APIs while two use JupyterLab in Chromium ---------------------------
    chosen = {n: step.options[i % len(step.options)] for i, n in enumerate(run.learners)}
    written = {n: f"<b>{n}</b>: I would listen first & ask." for n in run.learners}

    def api_learner(name: str):
        shown = _answer_lesson(servers[name], chosen[name].id)
        _answer_assignment(servers[name], s.course_id, run.learners.index(name), written[name])
        return name, shown

    t1 = time.monotonic()
    with ThreadPoolExecutor(max_workers=3) as pool:
        api_done = pool.map(api_learner, api_learners)
        for name in browser_learners:  # the browser runs in this thread meanwhile
            opt = chosen[name]
            _lesson_in_browser(run, browser, name, text(opt.text), " ".join(text(opt.consequence).split()[:4]),
                               artifacts)
            print(f"{name} answered in the browser after {time.monotonic() - t1:.0f} s", flush=True)
        browser_done = pool.map(lambda n: _answer_assignment(servers[n], s.course_id, run.learners.index(n),
                                                             written[n]), browser_learners)
        shown = dict(api_done)
        list(browser_done)
    took["learners"] = time.monotonic() - t1
    print(f"learners: {took['learners']:.0f} s", flush=True)

    for name, got in shown.items():
        assert (got["learner"], got["cohort"], got["scenario"], got["option"]) == \
            (name, run.cohort, sc.id, chosen[name].id)
        assert " ".join(text(chosen[name].consequence).split()[:4]) in html.unescape(got["feedback"])
        # the log credential is in the server's environment, never in what a notebook shows or saves
        password = re.match(r"postgresql\+psycopg://[^:]+:([^@]+)@", got["log_url"]).group(1)
        assert password not in got["location"] and password not in got["outputs"]
        assert password not in got["feedback"]
        for path in Path(pwd.getpwnam(name).pw_dir).rglob("*"):
            if path.is_file():
                assert password.encode() not in path.read_bytes(), path

    # -- the instructor collects, autogrades, releases feedback and exports ------------------------------------
    t2 = time.monotonic()
    assert "10 submission(s) collected" in _course_cmd(tk, "collect", str(s.course), ASSIGNMENT)
    for name in run.learners:  # every submission in the exchange is the learner's own system account's
        inbound = [p for p in (s.exchange / s.course_id / "inbound").iterdir() if p.name.startswith(name + "+")]
        assert inbound and all(p.stat().st_uid == pwd.getpwnam(name).pw_uid for p in inbound)
    graded = _course_cmd(tk, "autograde", str(s.course), ASSIGNMENT)
    assert "10 graded, 0 failed" in graded, graded
    assert "10 feedback file(s) released" in _course_cmd(tk, "feedback", str(s.course), ASSIGNMENT)
    _course_cmd(tk, "export", str(s.course), ASSIGNMENT, "-o", str(s.course / "exports" / "grades"))
    grades = tk.value("import pandas as pd, json\n"
                      f"df = pd.read_csv({str(s.course / 'exports' / 'grades.csv')!r})\n"
                      "print(json.dumps(df.to_dict(orient='records')))")
    assert sorted({row["learner"] for row in grades}) == sorted(run.learners)
    took["grading"] = time.monotonic() - t2
    print(f"grading: {took['grading']:.0f} s", flush=True)

    # -- every learner fetches their feedback; what they wrote is shown as text, never as markup ---------------
    def fetch_feedback(name: str) -> str:
        got = servers[name].nbgrader("fetch_feedback", s.course_id, ASSIGNMENT)
        handed_in = [sub for a in got if a["assignment_id"] == ASSIGNMENT for sub in a.get("submissions", [])]
        assert handed_in and any(sub["has_local_feedback"] for sub in handed_in), got
        page = next(Path(pwd.getpwnam(name).pw_dir, ASSIGNMENT, "feedback").rglob("*.html"))
        return page.read_text(encoding="utf-8")

    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = dict(zip(run.learners, pool.map(fetch_feedback, run.learners)))
    for name, page in pages.items():
        assert f"<b>{name}</b>" not in page and f"&lt;b&gt;{name}&lt;/b&gt;" in page, name
        others = [n for n in run.learners if n != name and f"&lt;b&gt;{n}&lt;/b&gt;" in page]
        assert not others, f"{name}'s feedback shows {others}' answers"

    # -- the workshop view shows every learner's answer under their hub name -----------------------------------
    t3 = time.monotonic()
    results = teacher.run_all("workshop.ipynb", tk)
    assert not [r["error"] for r in results if r["error"]], results
    count = next(r["count"] for r in results if "workshop_view()" in r["source"])
    view = tk.value(
        "import json, time\n"
        f"v = Out[{count}]\n"
        f"v.scenario_picker.value = {sc.id!r}\n"
        f"v.step_picker.value = {step.id!r}\n"
        "v.refresh()\n"
        "print(json.dumps({'chosen': v.chosen, 'missing': v.missing, 'table': v.answers.value, "
        "'status': v.status.value}))")
    assert view["chosen"] == {n: chosen[n].id for n in run.learners}
    assert view["missing"] == []
    for name in run.learners:
        option = str(escape(text(chosen[name].text)))
        assert f"<tr><td>{name}</td><td>{option}</td></tr>" in view["table"]
    assert "127.0.0.1" not in view["status"] and "postgresql" not in view["status"]  # no internal addresses
    tk.shutdown()
    took["workshop view"] = time.monotonic() - t3

    # -- the log holds each answer exactly once, under the hub names and the course's cohort --------------------
    with run.cluster.connect(s.database) as conn:
        rows = conn.execute(
            "SELECT learner_id, cohort, option, count(*) FROM events WHERE scenario = %s AND step = %s "
            "AND kind = 'choice' GROUP BY learner_id, cohort, option", (sc.id, step.id)).fetchall()
    assert sorted(rows) == sorted((n, run.cohort, chosen[n].id, 1) for n in run.learners)
    print("hub course phases: " + ", ".join(f"{k} {v:.0f} s" for k, v in took.items()))
