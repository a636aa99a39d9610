"""``clientcraft hub``: set up a JupyterHub course folder."""

from __future__ import annotations

from pathlib import Path

import click

from clientcraft.hub.recipe import AUTHENTICATORS


@click.group()
def hub() -> None:
    """Run the course on JupyterHub (see docs/hub-guide.md)."""


@hub.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--learners", "roster", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Roster CSV: header with an 'id' column (the hub and system account name), optional cohort.")
@click.option("--instructor", "instructors", multiple=True, required=True,
              help="Instructor account (repeatable); the first one owns the nbgrader course folder.")
@click.option("--log-admin-url", envvar="CLIENTCRAFT_HUB_LOG_ADMIN_URL", required=True,
              help="PostgreSQL URL of an account that may create databases and roles (or set "
                   "$CLIENTCRAFT_HUB_LOG_ADMIN_URL); kept in FOLDER/secrets, never given to user servers.")
@click.option("--course-id", default="clientcraft", show_default=True, help="nbgrader course id.")
@click.option("--database", default=None, help="Log database name (default: clientcraft_<course id>).")
@click.option("--cohort", default="", help="Cohort of learners whose roster row names none.")
@click.option("--ip", default="127.0.0.1", show_default=True, help="Address the hub listens on.")
@click.option("--port", default=8000, show_default=True, help="Port the hub listens on.")
@click.option("--hub-port", default=8081, show_default=True, help="Internal port of the hub's API (loopback).")
@click.option("--proxy-api-port", default=8001, show_default=True, help="Internal port of the proxy's API.")
@click.option("--auth", "authenticator", type=click.Choice(AUTHENTICATORS), default="pam", show_default=True,
              help="pam: system account passwords; shared-password: one password for all (trials only).")
@click.option("--admin", "admins", multiple=True, help="Hub admin account (repeatable; may open any server).")
@click.option("--proxy", default=None, help="Path of configurable-http-proxy (default: found on PATH).")
@click.option("--assignment", "assignments", multiple=True, help="Only these assignments (default: all).")
@click.option("--exercises", default=None, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The built exercises folder with the assignments (default: the checkout's exercises/; needed "
                   "when clientcraft is installed from a wheel).")
@click.option("--content", default=None, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Curriculum content folder for the lessons (default: the checkout's or the installed one).")
@click.option("--no-create-users", is_flag=True, help="Do not create missing system accounts at first login.")
def init(folder: Path, roster: Path, instructors: tuple[str, ...], log_admin_url: str, course_id: str,
         database: str | None, cohort: str, ip: str, port: int, hub_port: int, proxy_api_port: int,
         authenticator: str, admins: tuple[str, ...], proxy: str | None, assignments: tuple[str, ...],
         exercises: Path | None, content: Path | None, no_create_users: bool) -> None:
    """Write (or update) FOLDER: jupyterhub_config.py, lessons, nbgrader course and exchange, log database."""
    from clientcraft.hub.recipe import HubOptions, init_hub

    options = HubOptions(ip=ip, port=port, hub_port=hub_port, proxy_api_port=proxy_api_port,
                         authenticator=authenticator, admins=admins, proxy=proxy)
    s = init_hub(folder, roster, list(instructors), log_admin_url, options=options, course_id=course_id,
                 database=database, cohort=cohort, assignments=list(assignments) or None, exercises=exercises,
                 content=content, create_system_users=not no_create_users)
    click.echo(f"hub folder ready at {s.root}: {len(s.learners)} learner(s), instructor(s) "
               f"{', '.join(s.instructors)}; log database {s.database}")
    click.echo(f"start it as root: cd {s.root} && jupyterhub -f jupyterhub_config.py")
