"""Deterministic notebook construction shared by the renderers."""

from __future__ import annotations

import hashlib

import nbformat
from nbformat import NotebookNode

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _cell_id(prefix: str, index: int, source: str) -> str:
    digest = hashlib.sha1(f"{prefix}\0{index}\0{source}".encode("utf-8")).hexdigest()[:12]
    return f"{prefix[:20]}-{index:03d}-{digest}".replace("_", "-")


def notebook(cells: list[NotebookNode], *, name: str, extra_metadata: dict | None = None) -> NotebookNode:
    """A v4.5 notebook with deterministic cell ids derived from ``name``, position and source."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    if extra_metadata:
        nb.metadata.update(extra_metadata)
    for i, cell in enumerate(cells):
        cell["id"] = _cell_id(name, i, cell.source)
    nb.cells = cells
    return nb


def markdown(source: str, **metadata) -> NotebookNode:
    """A Markdown cell."""
    cell = nbformat.v4.new_markdown_cell(source.strip() + "\n" if source.strip() else "")
    cell.source = cell.source.rstrip("\n")
    if metadata:
        cell.metadata.update(metadata)
    return cell


def hidden_code(source: str, *, tags: tuple[str, ...] = ("hide-input",), **metadata) -> NotebookNode:
    """A code cell whose source JupyterLab hides (``jupyter.source_hidden``) and Voila strips."""
    cell = nbformat.v4.new_code_cell(source.strip())
    cell.metadata["jupyter"] = {"source_hidden": True}
    cell.metadata["tags"] = list(tags)
    cell.metadata["editable"] = False
    cell.metadata["deletable"] = False
    if metadata:
        cell.metadata.update(metadata)
    return cell


def dumps(nb: NotebookNode | str) -> str:
    """Serialise a generated file exactly as it is committed (a notebook; text, such as a key file, as it is)."""
    if isinstance(nb, str):
        return nb
    out = nbformat.writes(nb, version=4)
    return out if out.endswith("\n") else out + "\n"
