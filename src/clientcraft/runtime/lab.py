"""The learner JupyterLab: what it does to lesson notebooks when they are saved.

Lesson widgets live in the kernel; a widget output saved into a lesson notebook shows "Error displaying widget:
model not found" the next time the notebook opens without them. ``etc/jupyter-learner/jupyter_server_config.json``
installs :func:`strip_lesson_outputs` as the server's pre-save hook, so a saved lesson keeps only its text and
its "Run All to start" note. Answers are never lost: they live in the response log, not in the notebook.
"""

from __future__ import annotations

from typing import Any

CLEARED_KINDS = ("lesson", "index")
"""Notebook kinds (``metadata.clientcraft.kind``) whose outputs are cleared on save."""


def strip_lesson_outputs(model: dict[str, Any], **_kwargs: Any) -> None:
    """Pre-save hook: clear the outputs, execution counts and widget state of clientcraft lesson notebooks."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    nb = model["content"]
    meta = nb.get("metadata") or {}
    if (meta.get("clientcraft") or {}).get("kind") not in CLEARED_KINDS:
        return
    meta.pop("widgets", None)
    for cell in nb.get("cells") or []:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
