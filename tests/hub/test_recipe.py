"""``clientcraft hub init``: the hub folder, its configuration and its checks."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.hub.errors import HubError
from clientcraft.hub.recipe import HubOptions, check_names, render_config, world_reachable
from clientcraft.hub.settings import HubSettings
from clientcraft.hub.spawn import CourseHub


@pytest.fixture
def any_python(monkeypatch):
    """Take this Python as runnable by every account (checked on its own below; here it may live in /root)."""
    monkeypatch.setattr("clientcraft.hub.recipe.world_reachable", lambda path: True)


def _settings(tmp_path) -> HubSettings:
    return HubSettings(root=str(tmp_path), course_id="c1", database="clientcraft_c1",
                       learners={"ana": "march", "bo": "march"}, instructors=["teach"], grader="teach")


def test_names_must_be_system_account_names():
    check_names(["ana", "bo.k", "c_d-1"], ["teach"])
    with pytest.raises(HubError) as info:
        check_names(["Ana", "1x", "ok"], ["ok"])
    msg = str(info.value)
    assert "'Ana'" in msg and "'1x'" in msg and "both learner and instructor: ok" in msg
    with pytest.raises(HubError, match="at least one instructor"):
        check_names(["ana"], [])


def test_config_is_valid_python_with_the_course_settings(tmp_path, any_python):
    proxy = tmp_path / "chp"
    text = render_config(_settings(tmp_path), HubOptions(port=8123, hub_port=8124, proxy_api_port=8125,
                                                         authenticator="shared-password", proxy=str(proxy)))
    compile(text, "jupyterhub_config.py", "exec")
    assert "c.JupyterHub.bind_url = 'http://127.0.0.1:8123/'" in text
    assert "c.JupyterHub.hub_port = 8124" in text and "'http://127.0.0.1:8125'" in text
    assert f"c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]" in text
    assert 'c.JupyterHub.spawner_class = "localprocess"' in text
    assert "c.Spawner.pre_spawn_hook = course.pre_spawn" in text and "post_stop" in text
    assert "SharedPasswordAuthenticator" in text
    pam = render_config(_settings(tmp_path), HubOptions(proxy=str(proxy)))
    assert "c.JupyterHub.authenticator_class = 'pam'" in pam and "SharedPassword" not in pam
    with pytest.raises(HubError, match="not one of"):
        render_config(_settings(tmp_path), HubOptions(authenticator="dummy", proxy=str(proxy)))


def test_python_environment_must_be_runnable_by_every_account(tmp_path):
    closed = tmp_path / "closed"
    (closed / "bin").mkdir(parents=True)
    program = closed / "bin" / "python"
    program.write_text("")
    program.chmod(0o755)
    closed.chmod(0o700)
    assert not world_reachable(program)
    closed.chmod(0o755)
    assert world_reachable(program) == all(p.stat().st_mode & 0o001 for p in program.parents)


def test_environment_of_each_role(tmp_path):
    hub = CourseHub(_settings(tmp_path))
    learner = hub.environment("ana", "learner", "postgresql+psycopg://r:pw@127.0.0.1/db")
    assert learner == {"CLIENTCRAFT_LOG_URL": "postgresql+psycopg://r:pw@127.0.0.1/db",
                       "JUPYTER_CONFIG_PATH": str(tmp_path / "etc" / "learner"), "MPLBACKEND": "Agg",
                       "CLIENTCRAFT_COHORT": "march"}
    teacher = hub.environment("teach", "instructor", "u")
    assert teacher["CLIENTCRAFT_ROSTER"] == str(tmp_path / "roster.csv")
    assert teacher["CLIENTCRAFT_COURSE"] == str(tmp_path / "course") and teacher["CLIENTCRAFT_COHORT"] == "march"
    assert "CLIENTCRAFT_LEARNER" not in learner  # the hub name (JUPYTERHUB_USER) is the learner id
    with pytest.raises(HubError, match="neither a learner nor an instructor"):
        hub.settings.role_of("eve")


def test_settings_file_round_trip_and_errors(tmp_path):
    s = _settings(tmp_path)
    s.save()
    assert HubSettings.load(tmp_path) == s
    (tmp_path / "clientcraft-hub.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(HubError, match="cannot read the hub settings"):
        HubSettings.load(tmp_path)
    with pytest.raises(HubError, match="cannot read the log admin URL"):
        s.admin_url()


@pytest.mark.nbgrader
def test_init_writes_the_hub_folder(tmp_path, postgres, any_python):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,cohort\nana,Ana,march\nbo,Bo,\n", encoding="utf-8")
    folder = tmp_path / "hub"
    args = ["hub", "init", str(folder), "--learners", str(roster), "--instructor", "teach", "--cohort", "may",
            "--auth", "shared-password", "--proxy", sys.executable, "--assignment", "baseline"]
    result = CliRunner().invoke(main, args, env={"CLIENTCRAFT_HUB_LOG_ADMIN_URL": postgres.url()})
    assert result.exit_code == 0, result.output
    s = HubSettings.load(folder)
    assert s.learners == {"ana": "march", "bo": "may"} and s.grader == "teach"
    assert stat.S_IMODE((folder / "secrets").stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "secrets" / "log-admin-url").stat().st_mode) == 0o600
    assert postgres.password not in (folder / "jupyterhub_config.py").read_text()
    assert postgres.password not in (folder / "clientcraft-hub.json").read_text()
    assert stat.S_IMODE(s.course.stat().st_mode) == 0o711 and (s.course / "source" / "baseline").is_dir()
    assert stat.S_IMODE((s.course / "source").stat().st_mode) == 0o700  # answer keys: the grader only
    assert s.exchange == s.course / "exchange" and stat.S_IMODE(s.exchange.stat().st_mode) == 0o1777
    assert f"c.Exchange.root = {str(s.exchange)!r}" in (s.course / "nbgrader_config.py").read_text()
    assert sorted(p.name for p in s.lessons.glob("*.ipynb"))[0] == "00-welcome.ipynb"
    assert not (s.lessons / "workshop.ipynb").exists() and (s.course / "workshop.ipynb").is_file()
    learner_etc = s.jupyter_config("learner")
    server_cfg = json.loads((learner_etc / "jupyter_server_config.json").read_text())
    assert server_cfg["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False
    assert json.loads((learner_etc / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    assert "c.CourseDirectory.course_id = 'clientcraft'" in (learner_etc / "nbgrader_config.py").read_text()
    assert (s.roster.read_text().splitlines()[1:]) == ["ana,Ana,,,march", "bo,Bo,,,may"]
    again = CliRunner().invoke(main, args, env={"CLIENTCRAFT_HUB_LOG_ADMIN_URL": postgres.url()})
    assert again.exit_code == 0, again.output  # a re-run updates in place
    assert Path(s.course / "gradebook.db").is_file()


def test_a_learner_gets_the_lessons_in_every_language(tmp_path):
    import pwd
    import os

    from clientcraft.core.loader import load_curriculum
    from clientcraft.runtime.app import prepare

    hub = CourseHub(_settings(tmp_path))
    prepare(load_curriculum(), hub.settings.lessons)
    home = tmp_path / "home"
    me = pwd.getpwuid(os.getuid())
    account = pwd.struct_passwd((me.pw_name, me.pw_passwd, me.pw_uid, me.pw_gid, me.pw_gecos, str(home),
                                 me.pw_shell))
    hub.install_lessons(account)
    top = sorted(p.name for p in (home / "lessons").glob("*.ipynb"))
    assert "00-welcome.ipynb" in top and "index.ipynb" in top
    for lang in ("id", "nb", "tl", "de"):
        assert sorted(p.name for p in (home / "lessons" / lang).glob("*.ipynb")) == top, lang
