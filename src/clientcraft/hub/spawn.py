"""What the hub does when a course user's server starts or stops (the hooks of ``jupyterhub_config.py``).

Before a server starts, :meth:`CourseHub.pre_spawn` makes sure the user's system account exists, gives their
log account a new password and hands the log URL to that server only (``Spawner.environment``), and sets up
the role's view: learners get the lesson notebooks in their home folder and the learner JupyterLab (no
formgrader or course tools); the grader's server opens on the nbgrader course folder with the workshop view.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

from clientcraft.core.settings import COHORT_ENV, LOG_URL_ENV, ROSTER_ENV
from .errors import HubError
from .logdb import CourseLogDatabase
from .settings import HubSettings

COURSE_ENV = "CLIENTCRAFT_COURSE"
LESSONS_FOLDER = "lessons"
WORKSHOP_NOTEBOOK = "workshop.ipynb"


class CourseHub:
    """The course's spawn hooks, bound to the settings of one hub folder."""

    def __init__(self, settings: HubSettings):
        self.settings = settings

    @classmethod
    def load(cls, folder: Path | str) -> "CourseHub":
        return cls(HubSettings.load(folder))

    def database(self) -> CourseLogDatabase:
        return CourseLogDatabase(self.settings.admin_url(), self.settings.database)

    # -- hooks -----------------------------------------------------------------------------------------
    def pre_spawn(self, spawner) -> None:
        """Prepare ``spawner`` (a JupyterHub Spawner) for its user; a HubError stops the start with a message."""
        user = spawner.user.name
        role = self.settings.role_of(user)
        account = ensure_system_user(user, create=self.settings.create_system_users)
        log = self.database().account(user, instructor=role == "instructor")
        env = dict(spawner.environment)
        env.update(self.environment(user, role, log.url))
        spawner.environment = env
        # JupyterLab opens on a folder (the learner's lessons, the staff's course or home folder): a learner
        # picks the lesson to work on, and JupyterLab restores their own open tabs instead of a fixed notebook.
        if role == "learner":
            self.install_lessons(account)
            spawner.notebook_dir = account.pw_dir
            spawner.default_url = f"/lab/tree/{LESSONS_FOLDER}"
        elif user == self.settings.grader:
            self.hand_course_to(account)
            spawner.notebook_dir = str(self.settings.course)
            spawner.default_url = "/lab"
        else:  # another instructor: workshop view and log, grading stays with the grader's account
            self.install_workshop(account)
            spawner.notebook_dir = account.pw_dir
            spawner.default_url = "/lab"

    def post_stop(self, spawner) -> None:
        """The user's log account stops working with their server."""
        self.database().lock(spawner.user.name)

    # -- parts -------------------------------------------------------------------------------------------
    def environment(self, user: str, role: str, log_url: str) -> dict[str, str]:
        """The variables a user's server gets on top of JupyterHub's own (``JUPYTERHUB_USER`` names them)."""
        s = self.settings
        env = {
            LOG_URL_ENV: log_url,
            "JUPYTER_CONFIG_PATH": str(s.jupyter_config(role)),
            "MPLBACKEND": "Agg",
        }
        if role == "learner":
            env[COHORT_ENV] = s.learners[user]
        else:
            env[COHORT_ENV] = s.cohorts[0] if len(s.cohorts) == 1 else ""
            env[ROSTER_ENV] = str(s.roster)
            env[COURSE_ENV] = str(s.course)
        return env

    def install_lessons(self, account: pwd.struct_passwd) -> None:
        """Copy the current lesson notebooks into the learner's ``~/lessons`` (answers live in the log): English at
        the top, each other language's in ``~/lessons/<lang>/``."""
        from clientcraft.core.languages import TRANSLATED_LANGUAGES

        lessons = sorted(self.settings.lessons.glob("*.ipynb"))
        if not lessons:
            raise HubError(str(self.settings.lessons), "holds no lesson notebooks; run 'clientcraft hub init' again")
        home = Path(account.pw_dir) / LESSONS_FOLDER
        copy_owned(lessons, home, account)
        for lang in TRANSLATED_LANGUAGES:
            translated = sorted((self.settings.lessons / lang).glob("*.ipynb"))
            if translated:
                copy_owned(translated, home / lang, account)

    def install_workshop(self, account: pwd.struct_passwd) -> None:
        copy_owned([self.settings.course / WORKSHOP_NOTEBOOK], Path(account.pw_dir), account)

    def hand_course_to(self, account: pwd.struct_passwd) -> None:
        """Make the grader's account own the course folder (it is made by root at ``hub init``)."""
        if self.settings.course.stat().st_uid != account.pw_uid:
            give_course(self.settings.course, self.settings.course_id, account.pw_uid, account.pw_gid)


def give_course(course: Path, course_id: str, uid: int, gid: int) -> None:
    """Make ``uid`` own the course folder and everything in it except the learners' hand-ins in the exchange,
    which stay their own accounts' (collect refuses a hand-in its learner does not own)."""
    inbound = course / "exchange" / course_id / "inbound"
    for path in [course, *course.rglob("*")]:
        if path.parent == inbound or inbound in path.parents:
            continue
        os.chown(path, uid, gid, follow_symlinks=False)


def ensure_system_user(name: str, *, create: bool) -> pwd.struct_passwd:
    """The system account of hub user ``name``, created (with a home folder, no password) when allowed."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        if not create:
            raise HubError(f"user {name}", "has no system account; create it (useradd -m) or set "
                                           "create_system_users") from None
    if os.geteuid() != 0:
        raise HubError(f"user {name}", "has no system account, and only root can create one")
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"  # sbin is often not on the hub's PATH
    proc = subprocess.run([useradd, "--create-home", "--shell", "/bin/bash", "--user-group", name],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 9):  # 9: created by a concurrent start
        raise HubError(f"user {name}", f"useradd failed: {proc.stderr.strip()}")
    return pwd.getpwnam(name)


def copy_owned(files: list[Path], target: Path, account: pwd.struct_passwd) -> None:
    """Copy ``files`` into ``target`` (created if needed), all owned by ``account``."""
    target.mkdir(parents=True, exist_ok=True)
    os.chown(target, account.pw_uid, account.pw_gid)
    for src in files:
        dest = target / src.name
        shutil.copyfile(src, dest)
        os.chown(dest, account.pw_uid, account.pw_gid)

