"""Where the learner's notebooks live and the order they come in: lessons, with review sets before or after them."""

from __future__ import annotations

from clientcraft.core.curriculum import Curriculum
from clientcraft.core.schema import ReviewSet, text


def lesson_path(order: int, lesson_id: str) -> str:
    """Repo-relative path of a lesson notebook."""
    return f"notebooks/{order:02d}-{lesson_id}.ipynb"


def review_path(cur: Curriculum, rs: ReviewSet) -> str:
    """Repo-relative path of a review set's notebook: it sorts just before or after its lesson."""
    if rs.before_lesson:
        return f"notebooks/{cur.lessons[rs.before_lesson].order - 1:02d}r-{rs.id}.ipynb"
    return f"notebooks/{cur.lessons[rs.after_lesson].order:02d}r-{rs.id}.ipynb"


def course_sequence(cur: Curriculum) -> list[tuple[str, str, int]]:
    """The learner's notebooks in course order: (repo-relative path, title, days to wait before it)."""
    seq: list[tuple[str, str, int]] = []
    for lesson in cur.lessons_in_order():
        seq += [(review_path(cur, rs), text(rs.title), rs.wait_days)
                for rs in cur.review_sets.values() if rs.before_lesson == lesson.id]
        seq.append((lesson_path(lesson.order, lesson.id), text(lesson.title), 0))
        seq += [(review_path(cur, rs), text(rs.title), rs.wait_days)
                for rs in cur.review_sets.values() if rs.after_lesson == lesson.id]
    return seq


def next_link_md(seq: list[tuple[str, str, int]], path: str) -> str:
    """The "Next:" line of the notebook at ``path`` (empty for the last one)."""
    paths = [p for p, _t, _w in seq]
    if path not in paths or paths.index(path) + 1 == len(seq):
        return ""
    nxt, title, wait = seq[paths.index(path) + 1]
    name = nxt.split("/", 1)[1]
    if wait:
        return f"**Later, in about {wait} days:** [{title}]({name}). Coming back after a gap is what makes it stick."
    return f"**Next:** [{title}]({name})"
