"""Grade a batch of collected submissions in the course team's process, with no kernel and no learner code.

For each submission, :func:`~clientcraft.grading.staff.submissions.take_submission` takes only data (the saved
choices and the written answers). The choices are scored from the assignment's key by the branching rule; the
autograded notebook is rebuilt from the *released* notebook (which holds no key): the learner's written answers
go into their cells as inert text (a fenced block: the formgrader and feedback show it as text, never as markup),
each scored item's cell gets the learner's own summary (sanitised with nh3) and the score as its result. The
grades go into nbgrader's gradebook in one session, as nbgrader's ``SaveAutoGrades`` and ``AssignLatePenalties``
would write them (auto scores, manual-grade flags, "No response." comments, the configured late-penalty plugin),
so the formgrader, manual grading of written answers, feedback and ``nbgrader export`` keep working.

One submission that cannot be graded gets the reason code ``grading-failed`` and the rest of the batch goes on.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import nh3
from tqdm import tqdm

from clientcraft.core.branching import score
from clientcraft.core.ids import is_learner_id
from clientcraft.grading.kernel.answers import ANSWERS_FILE
from clientcraft.grading.kernel.summary import item_summary_html
from clientcraft.rendering import strings as t
from .submissions import Diagnosis, Template, UnreadableFile, read_bounded, take_submission, write_report

SUMMARY_TAGS = {"div", "h4", "p", "b", "i", "ul", "ol", "li", "span", "br"}
"""The only tags an item summary may hold in an autograded notebook (nh3 drops the rest)."""
SUMMARY_ATTRIBUTES = {"div": {"class", "data-item"}, "span": {"class"}}
NO_RESPONSE = "No response."
SECRET_FILE = "submission_secret.txt"
COMMIT_EVERY = 100
"""Submissions graded between two gradebook commits."""


@dataclass
class GradingRun:
    """The outcome of autograding one assignment."""

    assignment: str
    diagnoses: list[Diagnosis] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    """Learners whose submission could not be graded, with the reason."""
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    """learner -> grade id -> auto score written to the gradebook (None: waits for a manual grade)."""

    @property
    def graded(self) -> int:
        """Submissions graded."""
        return len(self.diagnoses) - len(self.failed)


def inert_markdown(text: str) -> str:
    """Markdown that shows ``text`` verbatim as a fenced block: no markup, link, image or maths in it is live.

    The fence is longer than any run of backticks in the text, so the text cannot close it.
    """
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def clean_summary(html_text: str) -> str:
    """An item summary reduced to the few tags it needs (no script, handler, style or link survives)."""
    return nh3.clean(html_text, tags=SUMMARY_TAGS, attributes=SUMMARY_ATTRIBUTES, url_schemes=set())


def _unreadable(intake) -> bool:
    """True when a notebook was handed in but could not be read (its written answers wait for a person)."""
    return not intake.notebook_read and "missing-notebook" not in intake.diagnosis.codes


ANSWERS_PROBLEMS = ("missing-answers", "invalid-answers-json", "oversized-answers")


def _learner_note(intake) -> str | None:
    """What the learner's feedback says when their saved choices could not be read."""
    codes = [c for c in ANSWERS_PROBLEMS if c in intake.diagnosis.codes]
    if not codes:
        return None
    if codes == ["missing-answers"]:
        return t.SUMMARY_NO_CHOICES
    return t.SUMMARY_CHOICES_UNREADABLE.format(reason=codes[0])


def _stamp(folder: Path):
    from nbgrader.utils import parse_utc

    try:
        raw = read_bounded(folder / "timestamp.txt", 200).decode("utf-8").strip()
        return parse_utc(raw) if raw else None
    except (UnreadableFile, UnicodeDecodeError, ValueError, TypeError, OverflowError):
        return None


def _secret(folder: Path) -> str:
    try:
        raw = read_bounded(folder / SECRET_FILE, 512).decode("ascii").strip()
    except (UnreadableFile, UnicodeDecodeError):
        return ""
    return raw if re.fullmatch(r"[0-9a-fA-F]{16,256}", raw) else ""


def _late_plugin(config):
    """The late-penalty plugin nbgrader's ``AssignLatePenalties`` would use under ``config``."""
    from nbgrader.plugins import LateSubmissionPlugin
    from traitlets.utils.importstring import import_item

    cls = config.AssignLatePenalties.get("plugin_class", LateSubmissionPlugin)
    cls = import_item(cls) if isinstance(cls, str) else cls
    return cls(config=config)


class Batch:
    """Everything one batch shares: the key, the released notebook, the gradebook's cells."""

    def __init__(self, course, assignment: str):
        self.course, self.assignment = course, assignment
        self.key = course.key(assignment)
        released_path = course.release_notebook(assignment)
        if not released_path.is_file():
            from clientcraft.grading.errors import CourseError

            raise CourseError("autograde", f"{released_path} not found; run 'clientcraft course generate' first")
        self.notebook_name = released_path.name
        self.notebook_id = released_path.stem
        self.released = json.loads(released_path.read_text(encoding="utf-8"))
        self.written_ids = {gid: item for gid, item in self.key.grade_ids.items() if item in self.key.written}
        self.score_ids = {gid: item for gid, item in self.key.grade_ids.items() if item in self.key.items}
        self.template = Template.of(self.released, self.notebook_name, self.written_ids, {
            item: {sid: list(step.options) for sid, step in k.steps.items()}
            for item, k in self.key.items.items()})
        self.counts = course.inbound_counts(assignment)
        self.refused = course.collect_refusals(assignment)
        self.late = _late_plugin(course.config())

    # -- the autograded notebook --------------------------------------------------------------------
    def notebook(self, intake, results: dict[str, tuple[Any, float]]) -> dict:
        nb = copy.deepcopy(self.released)
        for cell in nb["cells"]:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid in self.score_ids:
                item = self.score_ids[gid]
                result, points = results[item]
                summary = clean_summary(item_summary_html(self.key.items[item], result, points=points,
                                                          problem=_learner_note(intake)))
                earned = round(result.credit * points, 6)
                cell["execution_count"] = 1
                cell["outputs"] = [
                    {"output_type": "display_data", "metadata": {},
                     "data": {"text/html": summary, "text/plain": f"{item}: {earned:g} / {points:g}"}},
                    {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                     "data": {"text/plain": repr(earned)}},
                ]
            elif gid in self.written_ids:
                text = intake.written.get(self.written_ids[gid])
                if text is not None and self._answered(text):
                    cell["source"] = inert_markdown(text)
                elif _unreadable(intake):
                    cell["source"] = t.WRITTEN_UNREADABLE.format(reason=intake.diagnosis.status)
            elif cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        return nb

    def _answered(self, text: str | None) -> bool:
        return bool(text and text.strip() and text.strip() != self.template.stub.strip())

    # -- one learner --------------------------------------------------------------------------------
    def prepare(self, learner: str) -> "_Graded":
        """Read, score and write the autograded files of one learner (no gradebook access)."""
        folder = self.course.root / "submitted" / learner / self.assignment
        intake = take_submission(folder, self.template, learner=learner, assignment=self.assignment)
        diag = intake.diagnosis
        for code, detail in self.refused.get(learner, []):
            diag.add(code, detail)
        results = {}
        for item, item_key in self.key.items.items():
            points = float(self.key.points[item])
            results[item] = (score(item_key.graph, intake.choices.get(item, {})), points)
        out = self.course.root / "autograded" / learner / self.assignment
        out.mkdir(parents=True, exist_ok=True)
        (out / self.notebook_name).write_text(json.dumps(self.notebook(intake, results), ensure_ascii=False),
                                              encoding="utf-8")
        secret = _secret(folder)
        if secret:  # what the learner's nbgrader needs to find their feedback in the exchange
            (out / SECRET_FILE).write_text(secret, encoding="utf-8")
        stamp = _stamp(folder)
        if stamp is not None:
            (out / "timestamp.txt").write_text(stamp.isoformat(sep=" "), encoding="utf-8")
        if self.counts.get(learner, 1) > 1:
            diag.add("duplicate-submission", f"{self.counts[learner]} submissions in the exchange; the newest "
                                             "accepted one was graded")
        return _Graded(learner, intake, results, stamp)

    def record(self, gb, graded: "_Graded", objects: dict) -> None:
        """Write one learner's grades into the gradebook session (in memory until the next flush)."""
        from nbgrader.api import Comment, Grade, SubmittedAssignment, SubmittedNotebook

        learner, intake, results, stamp = graded.learner, graded.intake, graded.results, graded.stamp
        assignment, notebook = objects["assignment"], objects["notebook"]
        student = objects["students"].get(learner)
        if student is None:
            student = gb.update_or_create_student(learner)
            objects["students"][learner] = student
        sub = objects["submissions"].get(learner)
        if sub is None:
            with gb.db.no_autoflush:
                sub = SubmittedAssignment(assignment=assignment, student=student, timestamp=stamp)
                gb.db.add(sub)
                snb = SubmittedNotebook(notebook=notebook, assignment=sub)
                gb.db.add(snb)
                grades = {cell.name: Grade(cell=cell, notebook=snb) for cell in objects["grade_cells"]}
                comments = {cell.name: Comment(cell=cell, notebook=snb) for cell in objects["solution_cells"]}
                gb.db.add_all(list(grades.values()) + list(comments.values()))
            objects["submissions"][learner] = sub
        else:
            sub.timestamp = stamp
            snb = next(n for n in sub.notebooks if n.notebook_id == notebook.id)
            names = objects["cell_names"]
            grades = {names[g.cell_id]: g for g in snb.grades}
            comments = {names[c.cell_id]: c for c in snb.comments}
        scores = graded.scores
        total = 0.0
        for gid, grade in grades.items():
            if gid in self.score_ids:
                result, points = results[self.score_ids[gid]]
                auto: float | None = round(result.credit * points, 6)
            elif gid in self.written_ids:
                answered = self._answered(intake.written.get(self.written_ids[gid]))
                auto = None if answered or _unreadable(intake) else 0.0
            else:  # a graded cell clientcraft does not know: leave it to a person
                auto = None
            grade.auto_score = auto
            grade.needs_manual_grade = grade.manual_score is not None or auto is None
            scores[gid] = auto
            base = grade.manual_score if grade.manual_score is not None else auto
            total += (base or 0.0) + (grade.extra_credit or 0.0)
        for gid, comment in comments.items():
            answered = gid in self.written_ids and self._answered(intake.written.get(self.written_ids[gid]))
            comment.auto_comment = None if answered or _unreadable(intake) else NO_RESPONSE
        snb.late_submission_penalty = None
        due = assignment.duedate
        if due is not None and sub.extension is not None:
            due = due + sub.extension
        if stamp is not None and due is not None and stamp > due:
            seconds = (stamp - due).total_seconds()
            intake.diagnosis.add("late", f"{seconds:.0f} s after the due date")
            penalty = self.late.late_submission_penalty(learner, total, seconds)
            if penalty is not None:
                snb.late_submission_penalty = min(max(0.0, penalty), total)


@dataclass
class _Graded:
    """One learner's scored submission, waiting to be recorded in the gradebook."""

    learner: str
    intake: Any
    results: dict[str, tuple[Any, float]]
    stamp: Any
    scores: dict[str, float | None] = field(default_factory=dict)


def _objects(gb, assignment: str, notebook_id: str) -> dict:
    """The gradebook rows a batch uses, loaded once (existing submissions with their grades and comments)."""
    from nbgrader.api import SubmittedAssignment, SubmittedNotebook
    from sqlalchemy.orm import selectinload

    gb_assignment = gb.find_assignment(assignment)
    notebook = gb.find_notebook(notebook_id, assignment)
    subs = (gb.db.query(SubmittedAssignment).filter(SubmittedAssignment.assignment_id == gb_assignment.id)
            .options(selectinload(SubmittedAssignment.student),
                     selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.grades),
                     selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.comments))
            .all())
    grade_cells, solution_cells = list(notebook.grade_cells), list(notebook.solution_cells)
    return {"assignment": gb_assignment, "notebook": notebook, "grade_cells": grade_cells,
            "solution_cells": solution_cells,
            "cell_names": {c.id: c.name for c in grade_cells + solution_cells},
            "students": {s.id: s for s in gb.students}, "submissions": {s.student.id: s for s in subs}}


def _fail(run: GradingRun, diag: Diagnosis, exc: Exception) -> None:
    diag.add("grading-failed", f"{type(exc).__name__}: {str(exc)[:300]}")
    run.failed[diag.learner] = f"{type(exc).__name__}: {exc}"
    run.scores.pop(diag.learner, None)
    if diag not in run.diagnoses:
        run.diagnoses.append(diag)


def autograde_batch(course, assignment: str, learners: Iterable[str] | None = None, *,
                    progress: bool = True) -> GradingRun:
    """Grade the collected submissions of ``assignment`` (default: every collected one) in one gradebook
    session; save the diagnoses report. A failing submission is reported and never stops the batch."""
    batch = Batch(course, assignment)
    learners = list(learners) if learners is not None else course.submitted(assignment)
    run = GradingRun(assignment)
    pending: list[_Graded] = []
    with course.gradebook() as gb:
        gb.db().expire_on_commit = False  # the batch's rows stay loaded across its commits
        objects = _objects(gb, assignment, batch.notebook_id)

        def record(graded: _Graded) -> None:
            nonlocal objects
            try:
                with gb.db.no_autoflush:
                    batch.record(gb, graded, objects)
                pending.append(graded)
                run.scores[graded.learner] = graded.scores
            except Exception as exc:  # noqa: BLE001 - redo the others since the last commit without this one
                gb.db.rollback()
                objects = _objects(gb, assignment, batch.notebook_id)
                _fail(run, graded.intake.diagnosis, exc)
                redo = list(pending)
                pending.clear()
                for other in redo:
                    other.scores.clear()
                    record(other)

        for learner in tqdm(learners, desc=f"autograde {assignment}", unit="submission", disable=not progress):
            if not is_learner_id(learner):
                _fail(run, Diagnosis(str(learner)[:80], assignment), ValueError("not a valid learner id"))
                continue
            try:
                graded = batch.prepare(learner)
            except Exception as exc:  # noqa: BLE001 - one submission never stops the batch
                _fail(run, Diagnosis(learner, assignment), exc)
                continue
            run.diagnoses.append(graded.intake.diagnosis)
            record(graded)
            if len(pending) >= COMMIT_EVERY:
                gb.db.commit()
                pending.clear()
        gb.db.commit()
    write_report(course.report_path(assignment), run.diagnoses)
    return run


