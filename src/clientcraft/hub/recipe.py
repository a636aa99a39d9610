"""``clientcraft hub init``: write a hub folder that runs one clientcraft course on JupyterHub.

The folder holds ``jupyterhub_config.py`` (from a template; start the hub there as root), the settings the
hooks read, the lesson notebooks, the nbgrader course (made by
:func:`clientcraft.grading.staff.course.init_course`: keys and gradebook for the grader's account only, the
nbgrader exchange inside it shared by every course account), the Jupyter settings of each role, and
``secrets/`` (hub-only). It also creates the course's log database and its access rules. Running it again
updates everything and keeps the gradebook, the exchange and the log.
"""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from clientcraft.grading.staff.course import COURSE_ID, init_course, read_roster
from .errors import HubError
from .logdb import CourseLogDatabase
from .settings import ADMIN_URL_FILE, PASSWORD_FILE, HubSettings
from .spawn import give_course

UNIX_NAME_RE = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
AUTHENTICATORS = ("pam", "shared-password")
LEARNER_SERVER_EXTENSIONS_OFF = ("nbgrader.server_extensions.formgrader",
                                 "nbgrader.server_extensions.create_assignment",
                                 "nbgrader.server_extensions.course_list")
"""Course-staff tools a learner's server does not load (their JupyterLab panels are hidden as well)."""


@dataclass
class HubOptions:
    """How the hub is reached and who logs in how (everything else comes from the roster and the content)."""

    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    authenticator: str = "pam"
    admins: tuple[str, ...] = ()
    proxy: str | None = None
    """The configurable-http-proxy program (default: found on PATH or in the checkout's .hub-node folder)."""


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("clientcraft.hub", "templates"), autoescape=False,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["pyrepr"] = repr  # the template writes Python: every value goes in as a Python literal
    return env


def find_proxy() -> str | None:
    """configurable-http-proxy on PATH, else in the checkout's project-local npm folder (``./run test``)."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    from clientcraft.core.settings import repo_root

    root = repo_root()
    local = root / ".hub-node" / "node_modules" / ".bin" / "configurable-http-proxy" if root else None
    return str(local) if local and os.access(local, os.X_OK) else None


def check_names(learners: list[str], instructors: list[str]) -> None:
    """Hub names double as system account names: lowercase, short, no clashes between the two lists."""
    problems = [f"{n!r}: use lowercase letters, digits, '.', '_' or '-' (at most 32, not starting with a digit "
                "or '-')" for n in [*learners, *instructors] if not UNIX_NAME_RE.match(n)]
    both = sorted(set(learners) & set(instructors))
    if both:
        problems.append(f"both learner and instructor: {', '.join(both)}")
    if not instructors:
        problems.append("at least one instructor is needed (--instructor NAME)")
    if problems:
        raise HubError("hub users", "; ".join(problems))


def world_reachable(path: Path) -> bool:
    """Whether any account can run ``path``: every folder on the way (links resolved) is searchable by others."""
    real = Path(os.path.realpath(path))
    if not os.access(real, os.F_OK) or not real.stat().st_mode & 0o001:
        return False
    return all(p.stat().st_mode & 0o001 for p in real.parents)


def render_config(settings: HubSettings, options: HubOptions) -> str:
    """The text of ``jupyterhub_config.py``."""
    if options.authenticator not in AUTHENTICATORS:
        raise HubError("authenticator", f"{options.authenticator!r} is not one of {', '.join(AUTHENTICATORS)}")
    proxy = options.proxy or find_proxy()
    if not proxy:
        raise HubError("proxy", "configurable-http-proxy not found: install it (npm install -g "
                                "configurable-http-proxy) or pass --proxy PATH")
    singleuser = Path(sys.executable).parent / "jupyterhub-singleuser"
    for program in (singleuser, Path(sys.executable)):
        if not world_reachable(program):
            raise HubError("python environment", f"{program} (really {os.path.realpath(program)}) cannot be run by "
                           "the course accounts (a folder on its path is closed to them, e.g. /root); install "
                           "clientcraft into an environment every account can read, e.g. /opt/clientcraft")
    return _env().get_template("jupyterhub_config.py.j2").render(
        course_id=settings.course_id, bind_url=f"http://{options.ip}:{int(options.port)}/",
        hub_port=int(options.hub_port), proxy_command=[proxy],
        proxy_api_url=f"http://127.0.0.1:{int(options.proxy_api_port)}", authenticator=options.authenticator,
        admins=set(options.admins), singleuser=str(singleuser))


def init_hub(folder: Path | str, roster: Path | str, instructors: list[str], admin_url: str, *,
             options: HubOptions | None = None, course_id: str = COURSE_ID, database: str | None = None,
             cohort: str = "", content: Path | None = None, exercises: Path | None = None,
             assignments: list[str] | None = None, create_system_users: bool = True) -> HubSettings:
    """Create or update the hub folder for a course; its settings."""
    from clientcraft.runtime.app import prepare
    from clientcraft.core.loader import load_curriculum
    from clientcraft.rendering.cells import dumps
    from clientcraft.rendering.lessons import WORKSHOP_PATH, render_lessons
    from .spawn import WORKSHOP_NOTEBOOK

    options = options or HubOptions()
    folder = Path(folder).resolve()
    learners = read_roster(roster)
    check_names([lr.id for lr in learners], list(instructors))
    settings = HubSettings(root=str(folder), course_id=course_id,
                           database=database or f"clientcraft_{re.sub(r'[^a-z0-9_]', '_', course_id.lower())}",
                           learners={lr.id: lr.cohort or cohort for lr in learners},
                           instructors=list(instructors), grader=instructors[0],
                           create_system_users=create_system_users)
    config_text = render_config(settings, options)  # fails early on a bad option, before anything is written

    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    settings.secrets.mkdir(exist_ok=True)
    os.chmod(settings.secrets, 0o700)
    _write_secret(settings.secrets / ADMIN_URL_FILE, admin_url.strip())
    if options.authenticator == "shared-password" and not (settings.secrets / PASSWORD_FILE).is_file():
        _write_secret(settings.secrets / PASSWORD_FILE, secrets.token_urlsafe(12))

    CourseLogDatabase(admin_url, settings.database).create()

    cur = load_curriculum(content)
    prepare(cur, settings.lessons)
    with settings.roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "first_name", "last_name", "email", "cohort"])
        for lr in learners:
            writer.writerow([lr.id, lr.first_name, lr.last_name, lr.email, settings.learners[lr.id]])
    owner = settings.course.stat() if settings.course.exists() else None
    # The course folder and its exchange, with clientcraft's modes: staff folders, keys and gradebook for the
    # grader's account only; the exchange inside it open to every course account as nbgrader expects.
    init_course(settings.course, settings.roster, exercises=exercises, assignments=assignments,
                course_id=course_id)
    (settings.course / WORKSHOP_NOTEBOOK).write_text(dumps(render_lessons(cur)[WORKSHOP_PATH]), encoding="utf-8")
    if owner is not None:  # a re-run as root keeps the grader's ownership of what it (re)wrote
        give_course(settings.course, course_id, owner.st_uid, owner.st_gid)

    _write_jupyter_config(settings, course_id)
    settings.save()
    (folder / "jupyterhub_config.py").write_text(config_text, encoding="utf-8")
    return settings


def _write_secret(path: Path, text: str) -> None:
    path.touch(mode=0o600, exist_ok=True)
    os.chmod(path, 0o600)
    path.write_text(text + "\n", encoding="utf-8")


def _write_jupyter_config(settings: HubSettings, course_id: str) -> None:
    from clientcraft.core.settings import learner_lab_settings

    nbgrader = (f"c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = {course_id!r}\n"
                f"c.Exchange.root = {str(settings.exchange)!r}\nc.Exchange.path_includes_course = False\n")
    learner = settings.jupyter_config("learner")
    if learner.exists():
        shutil.rmtree(learner)
    shutil.copytree(learner_lab_settings(), learner)
    (learner / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {ext: False for ext in LEARNER_SERVER_EXTENSIONS_OFF}}},
        indent=1) + "\n", encoding="utf-8")
    (learner / "nbgrader_config.py").write_text(nbgrader, encoding="utf-8")
    instructor = settings.jupyter_config("instructor")
    instructor.mkdir(parents=True, exist_ok=True)
    (instructor / "nbgrader_config.py").write_text(
        nbgrader + f"c.CourseDirectory.root = {str(settings.course)!r}\n", encoding="utf-8")
    for path in [settings.folder / "etc", *(settings.folder / "etc").rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
