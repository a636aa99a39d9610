"""Safe feedback: each learner sees their own items' scores, choices, consequences and coaching, and nothing else.

nbgrader builds feedback from the autograded notebook, in which the hidden tests have been restored
(jupyter/nbgrader#917). :class:`RedactHiddenTests` runs first in ``GenerateFeedback``: it replaces the
source of every autograded test cell with a one-line note and drops error tracebacks (which quote source
lines), keeping the score and the learner's own item summary that the hidden test displayed.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from clientcraft.rendering import strings as t

REDACTED_SOURCE = "# This item was scored automatically. Your result and what it means are shown below."
"""The English note in place of a test cell (``# `` + :data:`strings.FEEDBACK_REDACTED`); the feedback language's
note is :func:`redacted_source`."""


def redacted_source() -> str:
    """The note that replaces a test cell's source, in the active language."""
    return f"# {t.FEEDBACK_REDACTED}"
HIDDEN_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def _is_test_cell(cell: Any) -> bool:
    nb = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") != "code":
        return False
    if nb.get("grade") and not nb.get("solution"):
        return True
    return any(marker in cell.get("source", "") for marker in HIDDEN_MARKERS)


class RedactHiddenTests(Preprocessor):
    """Replace autograded test sources (hidden tests included) with a note; drop error tracebacks."""

    enabled = Bool(True, help="Whether to redact (on unless switched off on purpose).").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if not _is_test_cell(cell):
            return cell, resources
        cell.source = redacted_source()
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" or (out.get("output_type") == "stream" and out.get("name") == "stderr"):
                outputs.append({"output_type": "stream", "name": "stdout",
                                "text": t.FEEDBACK_NOT_SCORED + "\n"})
            else:
                outputs.append(out)
        cell.outputs = [_node(o) for o in outputs]
        return cell, resources


def _node(out: Any) -> Any:
    from nbformat import from_dict

    return from_dict(out) if isinstance(out, dict) else out
