"""Diagnose each collected submission before autograding, and repair what can be graded anyway.

Every problem gets a reason code that ends up in the export's ``status`` column:

``missing-notebook``, ``invalid-notebook`` (not valid JSON or not a notebook), ``missing-answers``,
``invalid-answers-json``, ``invalid-answers``, ``unknown-items``, ``invalid-options``, ``deleted-cells``,
``edited-cells``, ``late`` and ``duplicate-submission``.

A missing or unreadable notebook is moved to ``quarantine/`` (nothing is lost) and replaced by the released
notebook, so the saved answers, which live in the answers file, are still graded.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import compute_checksum

from clientcraft.grading.kernel.answers import ANSWERS_FILE, load_answers
from clientcraft.grading.errors import AnswersFileError
from .keys import AssignmentKey

REASONS: dict[str, str] = {
    "missing-notebook": "the notebook was not handed in; the released notebook was used to grade the saved answers",
    "invalid-notebook": "the notebook is not a readable notebook; it was moved to quarantine/ and the saved "
                        "answers were graded with the released notebook (written answers need a manual look)",
    "missing-answers": "no answers file: no choice was saved (every choice item scores 0)",
    "invalid-answers-json": "the answers file is not valid JSON (every choice item scores 0)",
    "invalid-answers": "the answers file does not have the expected fields (every choice item scores 0)",
    "unknown-items": "the answers file names items this assignment does not have (ignored)",
    "invalid-options": "some saved choices are not options of their step (those steps score 0)",
    "deleted-cells": "graded or locked cells were deleted (nbgrader restored graded cells from the source)",
    "edited-cells": "locked cells were edited (nbgrader graded with the original cells)",
    "late": "handed in after the due date",
    "duplicate-submission": "handed in more than once; the newest submission was graded",
}
"""Reason code -> what it means for the instructor."""


@dataclass
class Diagnosis:
    """What was wrong with one learner's submission, and what was done about it."""

    learner: str
    assignment: str
    codes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    item_codes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, code: str, detail: str, item: str | None = None) -> None:
        """Record one problem (each code once per submission; per item when it concerns one item)."""
        if code not in self.codes:
            self.codes.append(code)
        self.details.append(f"{code}: {detail}")
        if item is not None:
            self.item_codes.setdefault(item, [])
            if code not in self.item_codes[item]:
                self.item_codes[item].append(code)

    @property
    def status(self) -> str:
        """``ok`` or the reason codes joined by ``;``."""
        return ";".join(self.codes) if self.codes else "ok"

    def as_dict(self) -> dict:
        """JSON-ready form for the submissions report."""
        return asdict(self) | {"status": self.status}


def _cells_by_id(nb) -> dict[str, object]:
    return {c.metadata.nbgrader["grade_id"]: c for c in nb.cells
            if "nbgrader" in c.get("metadata", {}) and "grade_id" in c.metadata.nbgrader}


def restore_cells(submitted, released):
    """The submitted notebook with every deleted nbgrader cell put back, in the released order.

    Cells the learner added stay after the nbgrader cell they followed. (nbgrader's own
    ``OverwriteCells.add_missing_cells`` only restores graded cells and fails when the cell before a
    deleted one is a locked, ungraded cell.)
    """
    want = _cells_by_id(released)
    have = _cells_by_id(submitted)
    extras: dict[str | None, list] = {}
    anchor = None
    for cell in submitted.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in want:
            anchor = gid
        else:
            extras.setdefault(anchor, []).append(cell)
    out = list(extras.get(None, []))
    for gid, cell in want.items():
        out.append(have.get(gid, cell))
        out.extend(extras.get(gid, []))
    nb = nbformat.from_dict(dict(submitted))
    nb.cells = out
    return nb


def diagnose(folder: Path, released: Path, key: AssignmentKey, *, learner: str, assignment: str,
             quarantine: Path, inbound_count: int = 1, seconds_late: float = 0.0,
             repair: bool = True) -> Diagnosis:
    """Check one submitted assignment folder against the released notebook and the key."""
    diag = Diagnosis(learner, assignment)
    nb_path = folder / released.name
    released_nb = nbformat.read(released, as_version=4)
    submitted = None
    if not nb_path.exists():
        diag.add("missing-notebook", f"{nb_path.name} is not in the submission")
    else:
        try:
            submitted = nbformat.read(nb_path, as_version=4)
            nbformat.validate(submitted)
        except Exception as exc:  # noqa: BLE001 - any unreadable notebook is the same problem
            diag.add("invalid-notebook", f"{nb_path.name}: {type(exc).__name__}: {str(exc)[:200]}")
            submitted = None
            if repair:
                dest = quarantine / assignment / learner
                dest.mkdir(parents=True, exist_ok=True)
                shutil.move(str(nb_path), dest / nb_path.name)
    if submitted is None and repair:
        shutil.copyfile(released, nb_path)
    if submitted is not None:
        want, got = _cells_by_id(released_nb), _cells_by_id(submitted)
        missing = sorted(gid for gid in want if gid not in got)
        if missing:
            diag.add("deleted-cells", "missing cells " + ", ".join(missing) + " (put back from the released notebook)")
            for gid in missing:
                if gid in key.grade_ids:
                    diag.item_codes.setdefault(key.grade_ids[gid], []).append("deleted-cells")
            if repair:
                dest = quarantine / assignment / learner
                dest.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(nb_path, dest / nb_path.name)
                nbformat.write(restore_cells(submitted, released_nb), nb_path)
        edited = []
        for gid, cell in got.items():
            ref = want.get(gid)
            if ref is None or not ref.metadata.nbgrader.get("locked"):
                continue
            if cell.cell_type != ref.cell_type or compute_checksum(cell) != ref.metadata.nbgrader.get("checksum"):
                edited.append(gid)
        if edited:
            diag.add("edited-cells", "changed locked cells " + ", ".join(sorted(edited)))
    try:
        answers = load_answers(folder / ANSWERS_FILE)
    except AnswersFileError as exc:
        diag.add(exc.code, exc.reason)
    else:
        for item, choices in answers.items.items():
            if item not in key.items:
                diag.add("unknown-items", f"unknown item {item!r}")
                continue
            steps = key.items[item]["steps"]
            for step, option in choices.items():
                if step not in steps or not isinstance(option, str) or option not in steps[step]["options"]:
                    diag.add("invalid-options", f"item {item!r} step {step!r}: {option!r} is not an option", item)
    if seconds_late > 0:
        diag.add("late", f"{seconds_late:.0f} s after the due date")
    if inbound_count > 1:
        diag.add("duplicate-submission", f"{inbound_count} submissions in the exchange; the newest was graded")
    return diag


def write_report(path: Path, diagnoses: list[Diagnosis]) -> None:
    """Save the diagnoses of one assignment as JSON, keeping those of learners not diagnosed this time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = read_report(path) | {d.learner: d.as_dict() for d in diagnoses}
    path.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_report(path: Path) -> dict[str, dict]:
    """The diagnoses saved by :func:`write_report` (empty when there is none)."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
