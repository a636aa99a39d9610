"""Contracts as code: the names and formats the parts of clientcraft exchange.

Grade-cell ids name an assignment's graded cells; path text writes the options chosen along a branching item.
"""

from __future__ import annotations

SCORE_CELL_PREFIX = "score-"
"""Grade id prefix of a scenario item's autograded test cell."""
WRITTEN_CELL_PREFIX = "written-"
"""Grade id prefix of a written prompt's manually graded answer cell."""
GRADE_CELL_PREFIXES = (SCORE_CELL_PREFIX, WRITTEN_CELL_PREFIX)


def score_cell_id(item_id: str) -> str:
    """nbgrader grade id of a scenario item's autograded test cell."""
    return f"{SCORE_CELL_PREFIX}{item_id}"


def written_cell_id(prompt_id: str) -> str:
    """nbgrader grade id of a written prompt's manually graded answer cell."""
    return f"{WRITTEN_CELL_PREFIX}{prompt_id}"


def item_of_cell(grade_id: str) -> str | None:
    """The item id a generated grade cell belongs to (the inverse of the two helpers above), else None."""
    for prefix in GRADE_CELL_PREFIXES:
        if grade_id.startswith(prefix) and len(grade_id) > len(prefix):
            return grade_id[len(prefix):]
    return None


PATH_SEPARATOR = ">"
"""Separates the chosen option ids of a branching item in path text (``a>c``)."""


def path_text(options: list[str] | tuple[str, ...]) -> str:
    """The chosen option ids along a path, as one text (``["a", "c"]`` -> ``"a>c"``)."""
    return PATH_SEPARATOR.join(options)


def parse_path(text: str | None) -> list[str]:
    """The option ids of a path text (the inverse of :func:`path_text`; empty text is an empty path)."""
    return [part.strip() for part in (text or "").split(PATH_SEPARATOR) if part.strip()]
