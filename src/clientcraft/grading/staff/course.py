"""An nbgrader course directory for clientcraft, and the nbgrader steps run through nbgrader's Python API.

:func:`init_course` writes ``nbgrader_config.py`` (with the exchange inside the course directory, so no
system folder is needed), copies the source assignments and their key files (``keys/``, never released) and
adds the students of a CSV roster.
:class:`Course` wraps generate/release, collect, autograde (with the submission diagnosis of
:mod:`clientcraft.grading.staff.submissions`) and feedback (made safe by
:class:`clientcraft.grading.staff.feedback.RedactHiddenTests`), with tqdm progress bars.
"""

from __future__ import annotations

import csv
import glob
import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable

from tqdm import tqdm

from clientcraft.core.errors import KeyFormatError
from clientcraft.core.ids import learner_id_problem
from clientcraft.core.keys import AssignmentKey, read_key_file
from clientcraft.core.settings import repo_root
from clientcraft.grading.errors import CourseError, RosterError
from clientcraft.grading.kernel.answers import ANSWERS_FILE

from .autograde import GradingRun, autograde_batch

COURSE_ID = "clientcraft"
CONFIG_FILE = "nbgrader_config.py"
ROSTER_FILE = "roster.csv"
KEYS_DIR = "keys"
"""Folder of the course directory holding the assignments' key files (outside source/, so never released)."""
CODE_STUB = "# Nothing to type here: answer with the buttons below."
TEXT_STUB = "Replace this line with your answer."

CONFIG_TEMPLATE = '''\
# nbgrader configuration written by `clientcraft course init`; safe to edit.
c = get_config()  # noqa: F821

c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = False
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}
# Collect refuses hand-ins not owned by their learner, symbolic links and forged times (see the staff guide).
c.ExchangeFactory.collect = "clientcraft.grading.staff.exchange.SafeCollect"
c.ExchangeSubmit.add_random_string = True
c.CourseDirectory.max_file_size = 20000  # kilobytes per handed-in file
c.CourseDirectory.max_dir_size = 50000  # kilobytes per hand-in
# BEGIN clientcraft grading: plain `nbgrader autograde` and the formgrader's button never run learner code either
c.Autograde.sanitize_preprocessors = ["clientcraft.grading.staff.preprocessors.RebuildFromSubmission"]
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# END clientcraft grading
# Feedback never shows hidden tests (nbgrader issue 917).
c.GenerateFeedback.preprocessors = [
    "clientcraft.grading.staff.feedback.RedactHiddenTests",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
'''


def _tools_on_path() -> None:
    """nbgrader's gradebook runs the ``alembic`` command; make this environment's scripts findable."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


@dataclass
class Learner:
    """One roster row."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    cohort: str = ""


def read_roster(path: Path | str) -> list[Learner]:
    """Read a roster CSV with an ``id`` column (optional: first_name, last_name, email, cohort)."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(path, ["file not found"])
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(path, [f"not a readable CSV file ({exc})"]) from None
    if not rows or "id" not in (rows[0].keys() if rows else []):
        raise RosterError(path, ["needs a header row with an 'id' column and at least one learner"])
    problems, seen, out = [], set(), []
    for n, row in enumerate(rows, start=2):
        lid = (row.get("id") or "").strip()
        problem = learner_id_problem(lid)
        if problem:
            shown = repr(lid) if len(lid) <= 40 else repr(lid[:37] + "...")
            problems.append(f"line {n}: id {shown} {problem}")
            continue
        if lid in seen:
            problems.append(f"line {n}: id {lid!r} appears twice")
            continue
        seen.add(lid)
        out.append(Learner(lid, *(str(row.get(k) or "").strip() for k in ("first_name", "last_name", "email", "cohort"))))
    if problems:
        raise RosterError(path, problems)
    return out


def default_exercises() -> Path:
    """The checkout's ``exercises/`` folder."""
    root = repo_root()
    if root is None:
        raise CourseError("init", "no clientcraft checkout found; pass the exercises folder explicitly")
    return root / "exercises"


def init_course(root: Path | str, roster: Path | str, *, exercises: Path | str | None = None,
                keys: Path | str | None = None, assignments: Iterable[str] | None = None,
                course_id: str = COURSE_ID, duedates: dict[str, datetime] | None = None) -> "Course":
    """Create (or update) a course directory: config, source assignments, key files, students and assignments.

    ``keys`` is the folder of the ``<assignment>.key.json`` files (default: ``solutions/`` beside
    ``exercises``).
    """
    _tools_on_path()
    root = Path(root).resolve()
    learners = read_roster(roster)
    exercises = Path(exercises) if exercises else default_exercises()
    if not exercises.is_dir():
        raise CourseError("init", f"exercises folder not found: {exercises}")
    keys = Path(keys) if keys else exercises.parent / "solutions"
    wanted = list(assignments) if assignments else sorted(p.name for p in exercises.iterdir()
                                                             if (p / f"{p.name}.ipynb").is_file())
    if not wanted:
        raise CourseError("init", f"no assignments in {exercises} (run 'clientcraft build' first)")
    for aid in wanted:  # refuse a missing notebook or a missing or malformed key before anything is written
        if not (exercises / aid / f"{aid}.ipynb").is_file():
            raise CourseError("init", f"assignment {aid!r}: {exercises / aid / (aid + '.ipynb')} not found")
        try:
            read_key_file(keys / f"{aid}.key.json")
        except KeyFormatError as exc:
            raise CourseError("init", f"assignment {aid!r}: {exc}") from None
    root.mkdir(parents=True, exist_ok=True)
    secure_course_folder(root, course_id)
    (root / CONFIG_FILE).write_text(CONFIG_TEMPLATE.format(
        root=str(root), course_id=course_id, exchange=str(root / "exchange"), code_stub=CODE_STUB,
        text_stub=TEXT_STUB), encoding="utf-8")
    os.chmod(root / CONFIG_FILE, PRIVATE_FILE)
    for aid in wanted:
        dest = root / "source" / aid
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(exercises / aid, dest,
                        ignore=shutil.ignore_patterns(ANSWERS_FILE, ".ipynb_checkpoints", "*.pyc"))
        shutil.copyfile(keys / f"{aid}.key.json", root / KEYS_DIR / f"{aid}.key.json")
        os.chmod(root / KEYS_DIR / f"{aid}.key.json", PRIVATE_FILE)
    fd = os.open(root / ROSTER_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.chmod(root / ROSTER_FILE, PRIVATE_FILE)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "first_name", "last_name", "email", "cohort"])
        for lr in learners:
            writer.writerow([lr.id, lr.first_name, lr.last_name, lr.email, lr.cohort])
    course = Course(root)
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course_id) as gb:
        for lr in learners:
            gb.update_or_create_student(lr.id, first_name=lr.first_name or None, last_name=lr.last_name or None,
                                        email=lr.email or None)
        for aid in wanted:
            due = (duedates or {}).get(aid)
            gb.update_or_create_assignment(aid, **({"duedate": due} if due else {}))
    os.chmod(root / "gradebook.db", PRIVATE_FILE)
    return course


STAFF_FOLDERS = ("source", "release", "submitted", "autograded", "feedback", "reports", KEYS_DIR)
"""Course folders that hold keys, learners' work or grades: course staff only (mode 0700)."""
PRIVATE_FILE = 0o600
EXCHANGE_MODES = {"": 0o1777, "{course}": 0o755, "{course}/outbound": 0o755, "{course}/inbound": 0o2733,
                  "{course}/feedback": 0o711}
"""Modes of the exchange inside the course folder: nbgrader's documented modes (world-writable root, learners
may write into inbound but not list it), with the sticky bit on the root so no learner can rename or replace
the course's folders in it."""


def secure_course_folder(root: Path, course_id: str) -> None:
    """Set the modes of a course folder whatever the umask: others may only pass through it to the exchange."""
    os.chmod(root, 0o711)
    for name in STAFF_FOLDERS:
        (root / name).mkdir(exist_ok=True)
        os.chmod(root / name, 0o700)
    for rel, mode in EXCHANGE_MODES.items():
        path = root / "exchange" / rel.format(course=course_id) if rel else root / "exchange"
        path.mkdir(exist_ok=True)
        os.chmod(path, mode)
    for name in (CONFIG_FILE, ROSTER_FILE, "gradebook.db"):
        if (root / name).exists():
            os.chmod(root / name, PRIVATE_FILE)


class Course:
    """An nbgrader course directory made by :func:`init_course`."""

    def __init__(self, root: Path | str):
        _tools_on_path()
        self.root = Path(root).resolve()
        if not (self.root / CONFIG_FILE).is_file():
            raise CourseError("open", f"{self.root} is not a course directory (no {CONFIG_FILE}); "
                                      "run 'clientcraft course init' first")
        self._api = None

    # -- configuration ------------------------------------------------------------------------------
    @property
    def db_url(self) -> str:
        """The gradebook's SQLAlchemy URL."""
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def config(self):
        """The course's nbgrader configuration (a traitlets Config)."""
        from traitlets.config.loader import PyFileConfigLoader

        cfg = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        cfg.CourseDirectory.db_url = self.db_url
        return cfg

    @property
    def course_id(self) -> str:
        """The nbgrader course id."""
        return self.config().CourseDirectory.course_id

    @property
    def exchange(self) -> Path:
        """The exchange folder inside the course directory."""
        return Path(self.config().Exchange.root)

    def api(self):
        """An ``NbGraderAPI`` bound to this course (quiet: its log goes to the returned results)."""
        if self._api is None:
            from nbgrader.apps import NbGraderAPI

            self._api = NbGraderAPI(config=self.config())
            self._api.log.setLevel(logging.ERROR)
        return self._api

    def gradebook(self):
        """The course's nbgrader Gradebook (use as a context manager)."""
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.course_id)

    @staticmethod
    def _check(step: str, result: dict) -> dict:
        if not result.get("success"):
            raise CourseError(step, "nbgrader reported a failure", (result.get("log") or "") + (result.get("error") or ""))
        return result

    # -- paths -------------------------------------------------------------------------------------
    def source_notebook(self, assignment: str) -> Path:
        """The source (instructor) notebook of an assignment."""
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def release_notebook(self, assignment: str) -> Path:
        """The released (learner) notebook of an assignment."""
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def key_file(self, assignment: str) -> Path:
        """The key file of an assignment (copied in at set-up; never released)."""
        return self.root / KEYS_DIR / f"{assignment}.key.json"

    def key(self, assignment: str) -> AssignmentKey:
        """The answer key of an assignment, read from its key file."""
        return read_key_file(self.key_file(assignment))

    def assignments(self) -> list[str]:
        """The assignments set up in the course (its ``source/`` folders)."""
        source = self.root / "source"
        return sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []

    def learners(self) -> list[Learner]:
        """The roster saved at set-up."""
        return read_roster(self.root / ROSTER_FILE)

    def report_path(self, assignment: str) -> Path:
        """Where the submission diagnoses of an assignment are saved."""
        return self.root / "reports" / assignment / "submissions.json"

    # -- nbgrader steps ----------------------------------------------------------------------------
    def generate(self, assignment: str) -> Path:
        """Run ``generate_assignment``: the release version, without solutions or hidden tests."""
        self._check("generate", self.api().generate_assignment(assignment, force=True, create=True))
        return self.release_notebook(assignment).parent

    def release(self, assignment: str) -> None:
        """Copy the release version into the exchange's outbound folder."""
        outbound = self.exchange / self.course_id / "outbound" / assignment
        if outbound.exists():
            self._check("release", self.api().unrelease(assignment))
        self._check("release", self.api().release_assignment(assignment))

    def collect(self, assignment: str) -> int:
        """Collect the newest submission of each learner from the exchange; return how many."""
        self._check("collect", self.api().collect(assignment, update=True))
        return len(self.submitted(assignment))

    def submitted(self, assignment: str) -> list[str]:
        """Learners with a collected submission of ``assignment``."""
        base = self.root / "submitted"
        return sorted(p.parent.name for p in base.glob(f"*/{assignment}") if p.is_dir())

    def inbound_counts(self, assignment: str) -> dict[str, int]:
        """How many submissions each learner handed in (the exchange keeps every one)."""
        counts: dict[str, int] = {}
        for p in glob.glob(str(self.exchange / self.course_id / "inbound" / f"*+{assignment}+*")):
            learner = Path(p).name.split("+", 1)[0]
            counts[learner] = counts.get(learner, 0) + 1
        return counts

    def collect_refusals(self, assignment: str) -> dict[str, list[tuple[str, str]]]:
        """Hand-ins that collect refused, by the learner they named: (reason code, detail)."""
        from .exchange import read_refusals

        return read_refusals(self.collect_report_path(assignment))

    def collect_report_path(self, assignment: str) -> Path:
        """Where collect records the hand-ins it refused."""
        return self.root / "reports" / assignment / "collect.json"

    def autograde(self, assignment: str, learners: Iterable[str] | None = None, *,
                  progress: bool = True) -> GradingRun:
        """Grade the collected submissions from their data alone (no kernel); one bad one never stops the batch."""
        return autograde_batch(self, assignment, learners, progress=progress)

    def feedback(self, assignment: str, *, release: bool = True, progress: bool = True) -> list[Path]:
        """Generate (and release to the exchange) each autograded learner's feedback."""
        api = self.api()
        learners = sorted(p.parent.name for p in (self.root / "autograded").glob(f"*/{assignment}"))
        for learner in tqdm(learners, desc=f"feedback {assignment}", unit="learner", disable=not progress):
            self._check("feedback", api.generate_feedback(assignment, learner, force=True))
        if release and learners:
            self._check("release feedback", api.release_feedback(assignment))
        return sorted((self.root / "feedback").glob(f"*/{assignment}/*.html"))
