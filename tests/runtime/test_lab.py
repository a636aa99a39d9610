"""The learner JupyterLab: saved lesson notebooks keep no widget outputs (no "model not found" when reopened)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

from clientcraft.runtime.lab import strip_lesson_outputs

REPO = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def saved_model(nb) -> dict:
    return {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))}


def with_widget_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.execution_count = i
            cell.outputs = [nbformat.v4.new_output("display_data", data={WIDGET_VIEW: {"model_id": "x", "version_major": 2}})]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_a_saved_lesson_keeps_its_text_but_no_widget_outputs():
    lesson = REPO / "notebooks" / "01-two-kinds-of-difficult.ipynb"
    model = saved_model(with_widget_outputs(lesson))
    strip_lesson_outputs(model=model, path="01-two-kinds-of-difficult.ipynb", contents_manager=None)
    nb = model["content"]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert "widgets" not in nb["metadata"]
    committed = json.loads(lesson.read_text())
    assert [c["source"] for c in nb["cells"]] == [c["source"] for c in committed["cells"]]
    assert "Run All Cells" in "".join(nb["cells"][0]["source"])  # the note telling the learner how to start


def test_other_notebooks_are_saved_untouched():
    model = saved_model(with_widget_outputs(REPO / "instructor" / "workshop.ipynb"))
    before = copy.deepcopy(model)
    strip_lesson_outputs(model=model, path="workshop.ipynb", contents_manager=None)
    assert model == before
    files = {"type": "file", "content": "x"}
    strip_lesson_outputs(model=files, path="a.txt", contents_manager=None)
    assert files == {"type": "file", "content": "x"}


def test_the_learner_settings_install_the_hook():
    config = json.loads((REPO / "etc/jupyter-learner/jupyter_server_config.json").read_text())
    assert config["FileContentsManager"]["pre_save_hook"] == "clientcraft.runtime.lab.strip_lesson_outputs"
    overrides = json.loads((REPO / "etc/jupyter-learner/labconfig/default_setting_overrides.json").read_text())
    hidden = {item["name"] for item in overrides["@jupyterlab/notebook-extension:panel"]["toolbar"] if item["disabled"]}
    assert "cellType" in hidden
