"""Where the learner's notebooks live and the order they come in: lessons, with review sets before or after them.

The full course lives in ``notebooks/``; an audience's track (``tracks`` in curriculum.yaml) in
``notebooks/<audience>/``, with its own copy of the review sets so its "Next:" links stay inside the track.
"""

from __future__ import annotations

from clientcraft.core.curriculum import Curriculum
from clientcraft.core.schema import ReviewSet, text


INDEX_NAME = "index.ipynb"
"""The app's start page (the lesson index), served by ``clientcraft app`` only."""


def index_link_md() -> str:
    """The app variant's link back to the lesson index."""
    from . import strings

    return f"[{strings.INDEX_ALL_LESSONS}]({INDEX_NAME})"


def folder(audience: str | None = None) -> str:
    """Repo-relative folder of the full course's notebooks (``None``) or of one audience's track."""
    return "notebooks" if audience is None else f"notebooks/{audience}"


def up(audience: str | None = None) -> str:
    """The relative path from a notebook of ``audience``'s track back to ``notebooks/`` (empty for the course)."""
    return "" if audience is None else "../"


def lesson_path(order: int, lesson_id: str, audience: str | None = None) -> str:
    """Repo-relative path of a lesson notebook (of one audience's track: ``notebooks/<audience>/``)."""
    return f"{folder(audience)}/{order:02d}-{lesson_id}.ipynb"


def review_path(cur: Curriculum, rs: ReviewSet, audience: str | None = None) -> str:
    """Repo-relative path of a review set's notebook: it sorts just before or after its lesson."""
    if rs.before_lesson:
        return f"{folder(audience)}/{cur.lessons[rs.before_lesson].order - 1:02d}r-{rs.id}.ipynb"
    return f"{folder(audience)}/{cur.lessons[rs.after_lesson].order:02d}r-{rs.id}.ipynb"


def course_sequence(cur: Curriculum, audience: str | None = None, lang: str = "en") -> list[tuple[str, str, int]]:
    """The learner's notebooks in course order (of one audience's track when given): (repo-relative path,
    title in ``lang``, days to wait before it)."""
    seq: list[tuple[str, str, int]] = []
    for lesson in cur.lessons_in_order():
        seq += [(review_path(cur, rs, audience), text(rs.title, lang), rs.wait_days)
                for rs in cur.review_sets.values() if rs.before_lesson == lesson.id]
        seq.append((lesson_path(lesson.order, lesson.id, audience), text(lesson.title, lang), 0))
        seq += [(review_path(cur, rs, audience), text(rs.title, lang), rs.wait_days)
                for rs in cur.review_sets.values() if rs.after_lesson == lesson.id]
    return seq


def next_link_md(seq: list[tuple[str, str, int]], path: str) -> str:
    """The "Next:" line of the notebook at ``path`` (empty for the last one); the link is relative to the notebook's
    own folder (every notebook of one sequence shares a folder)."""
    paths = [p for p, _t, _w in seq]
    if path not in paths or paths.index(path) + 1 == len(seq):
        return ""
    nxt, title, wait = seq[paths.index(path) + 1]
    name = nxt.rsplit("/", 1)[1]
    from . import strings

    if wait:
        return strings.NEXT_LATER.format(days=wait, link=f"[{title}]({name})")
    return f"**{strings.LESSON_NEXT}** [{title}]({name})"
