"""Grade files for the LMS gradebook: per assignment, one CSV for Canvas and one for Moodle.

The score of a learner on an assignment is the sum over its graded items of credit x the item's points (the
nbgrader points of the assignment), out of the assignment's total points. A learner gets a score only when every
item is scored and the submission is usable (status ``ok`` in the per-item export); otherwise the cell is left
empty (Canvas leaves an empty cell alone, Moodle imports it as no grade) and the learner is listed in
``GradeFiles.blank`` with the reasons, for the course team to settle by hand.

Canvas (Grades > Import): ``Student, ID, SIS User ID, SIS Login ID, Section`` and one column per assignment, named
``clientcraft: <assignment>`` (Canvas creates the assignment on import), then a ``Points Possible`` row. Canvas
finds the student by ``ID`` (its user id), else ``SIS User ID``, else ``SIS Login ID``.

Moodle (Grades > Import > CSV file): ``First name, Last name, ID number, Email address, Username`` and one
column per assignment in points; at import choose how to identify users ("Map from" one of the identity
columns, "Map to" the matching user field) and map the grade column to a grade item (or a new one).

Learner ids are mapped through the roster: the course roster gives names, e-mail and cohort; an optional LMS
roster (CSV with ``id`` and any of ``canvas_id``, ``sis_user_id``, ``sis_login_id``, ``section``,
``moodle_username``, ``moodle_idnumber``, ``email``) gives the ids the LMS knows. Without one, the clientcraft
id goes to Canvas's ``SIS User ID`` and Moodle's ``ID number``, and the cohort to Canvas's ``Section``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

from ..core.atomic import write_text_atomic
from ..core.tabular import defuse
from .errors import ExportError

if TYPE_CHECKING:  # pragma: no cover
    from ..grading.staff.course import Course, Learner

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
"""Identity columns of a Canvas gradebook CSV, in Canvas's order."""
MOODLE_COLUMNS = ("First name", "Last name", "ID number", "Email address", "Username")
"""Identity columns of the Moodle grade import CSV (the names Moodle's own grade export uses)."""
LMS_ROSTER_FIELDS = ("canvas_id", "sis_user_id", "sis_login_id", "section", "moodle_username", "moodle_idnumber",
                     "email")
"""Optional columns of an LMS roster, beside ``id``."""


@dataclass
class AssignmentTotals:
    """Each learner's score on one assignment (None when it cannot be given), its maximum and why not."""

    assignment: str
    points_possible: float
    scores: dict[str, float | None] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)


def totals(assignment: str, rows: Iterable[Mapping], points: Mapping[str, float]) -> AssignmentTotals:
    """Totals from the per-item export rows of one assignment and the points of each item."""
    out = AssignmentTotals(assignment, float(sum(points.values())))
    sums: dict[str, float] = {}
    for r in rows:
        learner, item = str(r["learner"]), str(r["item"])
        if item not in points:
            raise ExportError(assignment, f"item {item!r} of learner {learner!r} is not in the assignment's key")
        sums.setdefault(learner, 0.0)
        status = str(r.get("status") or "ok")
        credit = r.get("credit")
        if status != "ok":
            out.reasons.setdefault(learner, status)
        elif credit is None or credit != credit:  # None or NaN: not scored yet
            out.reasons.setdefault(learner, f"{item} not scored")
        else:
            sums[learner] += float(credit) * points[item]
    for learner, total in sums.items():
        out.scores[learner] = None if learner in out.reasons else round(total, 4)
    return out


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _csv(rows: list[list[str]]) -> str:
    """CSV text of ``rows``; a cell a spreadsheet would run as a formula gets a leading apostrophe."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[defuse(cell) for cell in row] for row in rows])
    return buf.getvalue()


def read_lms_roster(path: Path | str) -> dict[str, dict[str, str]]:
    """The LMS ids of each learner from a CSV with an ``id`` column (see :data:`LMS_ROSTER_FIELDS`)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ExportError(str(path), f"cannot be read: {exc}") from None
    if not rows or "id" not in rows[0]:
        raise ExportError(str(path), "needs a header with an 'id' column and at least one learner")
    unknown = [c for c in rows[0] if c not in ("id", *LMS_ROSTER_FIELDS)]
    if unknown:
        raise ExportError(str(path), f"unknown column(s) {', '.join(unknown)}; use id, {', '.join(LMS_ROSTER_FIELDS)}")
    out = {}
    for n, row in enumerate(rows, start=2):
        lid = (row.get("id") or "").strip()
        if not lid or lid in out:
            raise ExportError(str(path), f"line {n}: id {lid!r} is empty or appears twice")
        out[lid] = {k: (row.get(k) or "").strip() for k in LMS_ROSTER_FIELDS}
    return out


def canvas_csv(t: AssignmentTotals, roster: list["Learner"], lms: Mapping[str, Mapping[str, str]]) -> str:
    """The Canvas gradebook CSV of one assignment."""
    header = [*CANVAS_COLUMNS, f"clientcraft: {t.assignment}"]
    rows = [header, ["Points Possible", "", "", "", "", _number(t.points_possible)]]
    for lr in roster:
        ids = lms.get(lr.id, {})
        name = ", ".join(p for p in (lr.last_name, lr.first_name) if p) or lr.id
        rows.append([name, ids.get("canvas_id", ""), ids.get("sis_user_id") or lr.id, ids.get("sis_login_id", ""),
                     ids.get("section") or lr.cohort, _number(t.scores.get(lr.id))])
    return _csv(rows)


def moodle_csv(t: AssignmentTotals, roster: list["Learner"], lms: Mapping[str, Mapping[str, str]]) -> str:
    """The Moodle grade import CSV of one assignment."""
    rows = [[*MOODLE_COLUMNS, f"clientcraft: {t.assignment}"]]
    for lr in roster:
        ids = lms.get(lr.id, {})
        rows.append([lr.first_name, lr.last_name, ids.get("moodle_idnumber") or lr.id,
                     ids.get("email") or lr.email, ids.get("moodle_username", ""), _number(t.scores.get(lr.id))])
    return _csv(rows)


@dataclass
class GradeFiles:
    """The files written and, per assignment, the learners left blank with the reason."""

    paths: list[Path] = field(default_factory=list)
    blank: dict[str, dict[str, str]] = field(default_factory=dict)


def write_grade_files(course: "Course", assignments: Iterable[str], stem: Path | str, *,
                      lms_roster: Path | str | None = None) -> GradeFiles:
    """Write ``<stem>-<assignment>-canvas.csv`` and ``<stem>-<assignment>-moodle.csv`` for each assignment."""
    from ..grading.staff.export import item_rows

    stem = Path(stem)
    lms = read_lms_roster(lms_roster) if lms_roster else {}
    roster = course.learners()
    unknown = sorted(set(lms) - {lr.id for lr in roster})
    if unknown:
        raise ExportError(str(lms_roster), f"learner(s) not in the course roster: {', '.join(unknown)}")
    result = GradeFiles()
    for aid in assignments:
        key = course.key(aid)
        points = {item: key.item_points(item) for item in key.grade_ids.values()}
        t = totals(aid, item_rows(course, aid), points)
        for name, render in (("canvas", canvas_csv), ("moodle", moodle_csv)):
            path = stem.with_name(f"{stem.name}-{aid}-{name}.csv")
            write_text_atomic(path, render(t, roster, lms))
            result.paths.append(path)
        result.blank[aid] = {lid: why for lid, why in t.reasons.items() if lid in {lr.id for lr in roster}}
    return result
