"""What a hidden test cell runs: score one item from the kernel's answers and show the learner's summary.

The returned number becomes the cell's output, which nbgrader reads as partial credit. Nothing is ever
written to stderr (nbgrader fails a test cell that writes there): warnings are silenced and any problem
is reported on the summary instead, with a score of 0.
"""

from __future__ import annotations

import warnings

from clientcraft.core.branching import score
from clientcraft.core.keys import ItemKey, parse_item_key
from clientcraft.grading.errors import AnswersFileError
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import widget

from .answers import current_answers
from .summary import item_summary_html


def grade_item(key: ItemKey | str | dict, points: float = 1.0, folder: str | None = None) -> float:
    """Points earned on one item (credit x ``points``); displays the item summary as HTML."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            key = key if isinstance(key, ItemKey) else parse_item_key(key, "hidden test")
        except Exception as exc:  # noqa: BLE001 - a hidden test must never crash or write to stderr
            _show(widget("para", t.SUMMARY_NOT_SCORED.format(reason=type(exc).__name__)))
            return 0.0
        problem = None
        try:
            choices = current_answers(folder).choices(key.id)
        except AnswersFileError as exc:
            choices, problem = {}, exc.reason
        except Exception as exc:  # noqa: BLE001 - a hidden test must never crash or write to stderr
            choices, problem = {}, type(exc).__name__  # the summary says the choices could not be read
        result = score(key.graph, choices)
        _show(item_summary_html(key, result, points=points, problem=problem))
        return round(result.credit * points, 6)


def _show(html_text: str) -> None:
    try:
        from IPython.display import HTML, display

        display(HTML(html_text))
    except Exception:  # noqa: BLE001 - outside IPython there is nothing to show
        pass
