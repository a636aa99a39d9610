"""Per-item grade export: one row per learner, assignment and item, as CSV and Parquet.

nbgrader's own export has totals only. Columns: :data:`clientcraft.core.records.GRADE_EXPORT_COLUMNS` (read by
the cohort analytics). ``credit`` is the gradebook score divided by the item's points
(so ``max_credit`` is 1.0); it is empty for a written answer not yet marked and for learners who handed
nothing in. Path, misconception and recommendations come from scoring the saved choices (read from the
collected submission as grading reads them) with the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from clientcraft.core.branching import score
from clientcraft.core.records import GRADE_EXPORT_COLUMNS, path_text
from clientcraft.core.tabular import write_csv
from clientcraft.grading.errors import CourseError

from .course import Course
from .submissions import read_report, saved_choices


def _choices(folder: Path, key, learner: str, assignment: str) -> dict[str, dict]:
    steps = {item: {sid: list(st.options) for sid, st in k.steps.items()} for item, k in key.items.items()}
    return saved_choices(folder, steps, learner=learner, assignment=assignment)


def item_rows(course: Course, assignment: str) -> list[dict]:
    """The export rows of one assignment, every roster learner included."""
    key = course.key(assignment)
    report = read_report(course.report_path(assignment))
    cohorts = {lr.id: lr.cohort for lr in course.learners()}
    with course.gradebook() as gb:
        learners = sorted(set(cohorts) | {s.id for s in gb.students})
        rows = []
        for learner in learners:
            try:
                sub = gb.find_submission(assignment, learner)
            except Exception:  # noqa: BLE001 - nbgrader's MissingEntry: nothing handed in
                sub = None
            diag = report.get(learner, {})
            base_status = diag.get("status", "ok") if sub is not None else "not-submitted"
            grades = {}
            stamp = None
            if sub is not None:
                stamp = sub.timestamp
                for nb in sub.notebooks:
                    for g in nb.grades:
                        grades[g.name] = g
            choices = _choices(course.root / "submitted" / learner / assignment, key, learner, assignment)
            for gid, item in key.grade_ids.items():
                g = grades.get(gid)
                written = item in key.written
                points = key.item_points(item)
                codes = [] if base_status == "ok" else [base_status]
                codes += [c for c in diag.get("item_codes", {}).get(item, []) if c not in base_status.split(";")]
                credit = None
                if g is not None and g.score is not None and not (written and g.needs_manual_grade):
                    credit = round(float(g.score) / points, 6) if points else 0.0
                elif written and sub is not None:
                    codes.append("needs-manual-grade")
                row = {"learner": learner, "cohort": cohorts.get(learner, ""), "assignment": assignment,
                       "item": item, "path": "", "credit": credit, "max_credit": 1.0,
                       "lesson": key.lessons.get(item, ""), "recommendations": "",
                       "misconception": "", "mode": "assessment",
                       "timestamp": pd.Timestamp(stamp, tz="UTC") if stamp else pd.NaT,
                       "status": ";".join(dict.fromkeys(c for c in codes if c and c != "ok")) or "ok"}
                if not written and sub is not None:
                    result = score(key.items[item].graph, choices.get(item, {}))
                    row.update(path=path_text(result.options), misconception=result.misconception or "",
                               recommendations=" ".join(result.recommendations))
                rows.append(row)
    return rows


def export_items(course: Course, assignments: Iterable[str], out: Path | str) -> dict[str, Path]:
    """Write the per-item rows of ``assignments`` to ``out`` (.csv and .parquet beside each other)."""
    rows: list[dict] = []
    for aid in assignments:
        if not course.source_notebook(aid).is_file():
            raise CourseError("export", f"assignment {aid!r} is not in {course.root / 'source'}")
        rows.extend(item_rows(course, aid))
    df = pd.DataFrame(rows, columns=list(GRADE_EXPORT_COLUMNS))
    df["credit"] = pd.to_numeric(df["credit"], errors="coerce").astype("float64")
    df["max_credit"] = df["max_credit"].astype("float64")
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
    out = Path(out)
    stem = out.with_suffix("") if out.suffix in (".csv", ".parquet") else out
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = {"csv": stem.with_suffix(".csv"), "parquet": stem.with_suffix(".parquet")}
    write_csv(df, paths["csv"])
    df.to_parquet(paths["parquet"], index=False)
    return paths
