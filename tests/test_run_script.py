"""The quick-start script and the learner JupyterLab configuration it applies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_run_script_is_valid_bash_and_knows_its_commands():
    subprocess.run(["bash", "-n", str(REPO / "run")], check=True)
    text = (REPO / "run").read_text(encoding="utf-8")
    for command in ("setup)", "start)", "app)", "test)"):
        assert command in text
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "./run test" in ci


def test_learner_lab_hides_plugins_that_exist():
    """Every plugin the learner view disables exists in the installed extensions (a rename would be caught)."""
    config = json.loads((REPO / "etc/jupyter-learner/labconfig/page_config.json").read_text(encoding="utf-8"))
    disabled = config["disabledExtensions"]
    assert disabled["@jupyter/nbgrader:create-assignment"] and disabled["@jupyter/nbgrader:formgrader"]
    share = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    nbgrader_js = "".join(p.read_text(encoding="utf-8", errors="ignore")
                          for p in (share / "@jupyter" / "nbgrader").rglob("*.js"))
    for plugin in disabled:
        if plugin.startswith("@jupyter/nbgrader:"):
            assert f'"{plugin}"' in nbgrader_js, plugin
