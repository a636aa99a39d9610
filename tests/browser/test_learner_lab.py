"""The learner JupyterLab (what ``./run start`` opens): no instructor menus or buttons, no instructor notebooks,
Run All brings the exercises without leaving the learner at the bottom, and a saved lesson reopens without
"model not found"."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.core.schema import text

from .conftest import SLOW_MS, free_port, give_name, served, server_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
LESSON = "01-two-kinds-of-difficult.ipynb"


@pytest.fixture(scope="module")
def learner_lab(tmp_path_factory):
    """JupyterLab with the learner settings (etc/jupyter-learner), rooted at a copy of notebooks/."""
    home = tmp_path_factory.mktemp("learner-lab")
    root = home / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    env = server_env(home)
    env.update(JUPYTER_CONFIG_PATH=str(REPO / "etc" / "jupyter-learner"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), HOME=str(home))
    port = free_port()
    argv = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    with served("JupyterLab", argv, cwd=root, env=env, ready=base + "/lab", log=home / "lab.log"):
        yield base, root


def test_learner_lab_has_no_instructor_parts_and_lessons_reopen_cleanly(learner_lab, new_context, artifacts):
    from playwright.sync_api import expect

    base, root = learner_lab
    cur = load_curriculum()
    sc = next(s for s in cur.scenarios_for("two-kinds-of-difficult", "practice") if len(s.steps) == 1)
    page = new_context(1280, 800).new_page()
    page.goto(f"{base}/lab/tree/{LESSON}")
    notebook = page.locator(".jp-NotebookPanel").first
    notebook.wait_for(timeout=SLOW_MS)
    page.locator(".jp-RenderedMarkdown").get_by_text("To start:").wait_for(timeout=SLOW_MS)

    # no instructor menus, buttons or notebooks
    menus = [t.strip() for t in page.locator(".lm-MenuBar-itemLabel").all_inner_texts()]
    assert "Run" in menus and not any("nbgrader" in m.lower() for m in menus), menus
    toolbar = page.locator(".jp-NotebookPanel-toolbar").first
    expect(toolbar.get_by_text("Validate")).to_have_count(0)
    expect(toolbar.locator("select")).to_have_count(0)  # the Code/Markdown cell-type list
    files = page.locator(".jp-DirListing-itemName").all_inner_texts()
    assert LESSON in files and not any(n.startswith(("workshop", "dashboard")) for n in files), files

    # Run All: the name form and the exercises appear, and the learner is not left at the bottom of the lesson
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    field = page.get_by_label("Your name").first
    field.wait_for(timeout=SLOW_MS)
    page.locator(".cc-scenario").last.wait_for(timeout=SLOW_MS)  # every cell has run
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "learner-lab-after-run-all.png"))
    # back at the start of the lesson, not at its last cell (where JupyterLab's Run All leaves the view)
    expect(page.get_by_role("heading", name=text(cur.lessons["two-kinds-of-difficult"].title)).first).to_be_in_viewport()
    expect(page.locator(".jp-RenderedMarkdown").get_by_text("Next:")).not_to_be_in_viewport()
    give_name(page, "Lab Learner")
    box = page.locator(".cc-scenario").filter(has_text=text(sc.title)).first

    box.scroll_into_view_if_needed()
    box.get_by_role("radio", name=text(sc.steps[0].options[0].text)).click()
    box.get_by_role("button", name="Submit").click()
    box.get_by_text(" ".join(text(sc.steps[0].options[0].consequence).split()[:5])).first.wait_for(timeout=SLOW_MS)

    # save, then open the lesson again as after a restart: no widget outputs were saved, so none is missing
    page.keyboard.press("Control+s")
    page.wait_for_timeout(2000)
    saved = json.loads((root / LESSON).read_text())
    assert all(c.get("outputs", []) == [] for c in saved["cells"] if c["cell_type"] == "code")
    page.goto(f"{base}/lab/tree/{LESSON}")
    page.locator(".jp-RenderedMarkdown").get_by_text("To start:").wait_for(timeout=SLOW_MS)
    page.wait_for_timeout(1000)
    assert "model not found" not in page.content()
    page.screenshot(path=str(artifacts / "learner-lab-reopened.png"))
