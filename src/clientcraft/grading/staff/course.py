"""An nbgrader course directory for clientcraft, and the nbgrader steps run through nbgrader's Python API.

:func:`init_course` writes ``nbgrader_config.py`` (with the exchange inside the course directory, so no
system folder is needed), copies the source assignments and adds the students of a CSV roster.
:class:`Course` wraps generate/release, collect, autograde (with the submission diagnosis of
:mod:`clientcraft.grading.staff.submissions`) and feedback (made safe by
:class:`clientcraft.grading.staff.feedback.RedactHiddenTests`), with tqdm progress bars.
"""

from __future__ import annotations

import csv
import glob
import logging
import os
import re
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable

from tqdm import tqdm

from clientcraft.core.settings import repo_root
from clientcraft.runtime.responselog import LOG_URL_ENV
from clientcraft.grading.kernel.answers import ANSWERS_FILE
from clientcraft.grading.errors import CourseError, RosterError
from .keys import AssignmentKey, keys_from_notebook
from .submissions import Diagnosis, diagnose, write_report

COURSE_ID = "clientcraft"
CONFIG_FILE = "nbgrader_config.py"
ROSTER_FILE = "roster.csv"
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
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
# Deleted cells are put back by `clientcraft course autograde` before grading (nbgrader issue 1682):
# nbgrader's own add_missing_cells fails when the cell before a deleted one is locked but not graded.
c.OverwriteCells.add_missing_cells = False
c.Execute.timeout = 60
# Feedback never shows hidden tests (nbgrader issue 917).
c.GenerateFeedback.preprocessors = [
    "clientcraft.grading.staff.feedback.RedactHiddenTests",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
'''


@contextmanager
def _without_env(name: str):
    """Remove an environment variable for the duration of the block."""
    saved = os.environ.pop(name, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[name] = saved


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
        if not ID_RE.match(lid):
            problems.append(f"line {n}: id {lid!r} must be letters, digits, '.', '_' or '-'")
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
                assignments: Iterable[str] | None = None, course_id: str = COURSE_ID,
                duedates: dict[str, datetime] | None = None, exchange: Path | str | None = None) -> "Course":
    """Create (or update) a course directory: config, source assignments, students and assignments.

    The exchange is ``exchange`` if given (e.g. a folder shared by a hub's accounts), else inside the course.
    """
    _tools_on_path()
    root = Path(root).resolve()
    learners = read_roster(roster)
    exercises = Path(exercises) if exercises else default_exercises()
    if not exercises.is_dir():
        raise CourseError("init", f"exercises folder not found: {exercises}")
    wanted = list(assignments) if assignments else sorted(p.name for p in exercises.iterdir()
                                                             if (p / f"{p.name}.ipynb").is_file())
    if not wanted:
        raise CourseError("init", f"no assignments in {exercises} (run 'clientcraft build' first)")
    root.mkdir(parents=True, exist_ok=True)
    if exchange is None:
        exchange = root / "exchange"
        exchange.mkdir(exist_ok=True)
        os.chmod(exchange, 0o777)
    (root / CONFIG_FILE).write_text(CONFIG_TEMPLATE.format(
        root=str(root), course_id=course_id, exchange=str(Path(exchange).resolve()), code_stub=CODE_STUB,
        text_stub=TEXT_STUB), encoding="utf-8")
    for aid in wanted:
        src = exercises / aid
        if not (src / f"{aid}.ipynb").is_file():
            raise CourseError("init", f"assignment {aid!r}: {src / (aid + '.ipynb')} not found")
        dest = root / "source" / aid
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns(ANSWERS_FILE, ".ipynb_checkpoints", "*.pyc"))
    with (root / ROSTER_FILE).open("w", newline="", encoding="utf-8") as fh:
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
    return course


@dataclass
class GradingRun:
    """The outcome of autograding one assignment."""

    assignment: str
    diagnoses: list[Diagnosis] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    """Learners whose notebook nbgrader could not grade, with the end of its log."""

    @property
    def graded(self) -> int:
        """Submissions graded."""
        return len(self.diagnoses) - len(self.failed)


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

    def key(self, assignment: str) -> AssignmentKey:
        """The answer key of an assignment, read from its source notebook."""
        return keys_from_notebook(self.source_notebook(assignment))

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

    def _seconds_late(self, assignment: str, learner: str) -> float:
        from nbgrader.utils import parse_utc

        stamp = self.root / "submitted" / learner / assignment / "timestamp.txt"
        with self.gradebook() as gb:
            due = gb.find_assignment(assignment).duedate
        if due is None or not stamp.is_file():
            return 0.0
        try:
            when = parse_utc(stamp.read_text().strip())
        except (ValueError, TypeError):
            return 0.0
        return max(0.0, (when - parse_utc(due)).total_seconds())

    def diagnose(self, assignment: str, learners: Iterable[str] | None = None) -> list[Diagnosis]:
        """Check (and where needed repair) every collected submission; save the report."""
        key = self.key(assignment)
        released = self.release_notebook(assignment)
        counts = self.inbound_counts(assignment)
        out = []
        for learner in (list(learners) if learners is not None else self.submitted(assignment)):
            folder = self.root / "submitted" / learner / assignment
            out.append(diagnose(folder, released, key, learner=learner, assignment=assignment,
                                quarantine=self.root / "quarantine", inbound_count=counts.get(learner, 1),
                                seconds_late=self._seconds_late(assignment, learner)))
        return out

    def autograde(self, assignment: str, learners: Iterable[str] | None = None, *,
                  progress: bool = True) -> GradingRun:
        """Diagnose, then autograde each submission; one failing notebook never stops the batch.

        nbgrader runs the submitted notebooks in kernels started from this process: the response log's URL (on
        a course hub, the instructor's credential, which reads every learner's events) is kept out of them.
        """
        learners = list(learners) if learners is not None else self.submitted(assignment)
        run = GradingRun(assignment, self.diagnose(assignment, learners))
        api = self.api()
        for learner in tqdm(learners, desc=f"autograde {assignment}", unit="submission", disable=not progress):
            with _without_env(LOG_URL_ENV):
                result = api.autograde(assignment, learner, force=True, create=True)
            if not result.get("success"):
                run.failed[learner] = ((result.get("log") or "") + (result.get("error") or ""))[-2000:]
        by_learner = {d.learner: d for d in run.diagnoses}
        for learner, log in run.failed.items():
            by_learner[learner].add("autograde-failed", log.strip().splitlines()[-1] if log.strip() else "failed")
        write_report(self.report_path(assignment), run.diagnoses)
        return run

    def feedback(self, assignment: str, *, release: bool = True, progress: bool = True) -> list[Path]:
        """Generate (and release to the exchange) each autograded learner's feedback."""
        api = self.api()
        learners = sorted(p.parent.name for p in (self.root / "autograded").glob(f"*/{assignment}"))
        for learner in tqdm(learners, desc=f"feedback {assignment}", unit="learner", disable=not progress):
            self._check("feedback", api.generate_feedback(assignment, learner, force=True))
        if release and learners:
            self._check("release feedback", api.release_feedback(assignment))
        return sorted((self.root / "feedback").glob(f"*/{assignment}/*.html"))

    # -- learner side (one-machine workshops and tests) --------------------------------------------
    def _learner_app(self, cls_name: str, assignment: str, learner: str, home: Path):
        from nbgrader.auth import Authenticator
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange import ExchangeFactory

        cfg = self.config()
        cfg.Exchange.assignment_dir = str(home)
        cfg.Exchange.cache = str(home / ".nbgrader-cache")
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = assignment
        coursedir.student_id = learner
        factory = ExchangeFactory(config=cfg)
        app = getattr(factory, cls_name)(coursedir=coursedir, authenticator=Authenticator(config=cfg), config=cfg)
        app.log.setLevel(logging.ERROR)
        return app

    def fetch_as(self, learner: str, assignment: str, home: Path | str) -> Path:
        """Fetch a released assignment into ``home/<assignment>`` as ``learner`` would."""
        home = Path(home)
        home.mkdir(parents=True, exist_ok=True)
        self._learner_app("FetchAssignment", assignment, learner, home).start()
        return home / assignment

    def submit_as(self, learner: str, assignment: str, home: Path | str) -> None:
        """Submit ``home/<assignment>`` to the exchange as ``learner`` would."""
        self._learner_app("Submit", assignment, learner, Path(home)).start()
