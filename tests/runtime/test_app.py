"""App mode: the served folder holds the index and lessons only, Voila hides every source, keeps warm kernels
and reclaims idle ones."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from clientcraft.core.loader import load_curriculum
from clientcraft.runtime.app import AppError, AppSettings, prepare, voila_command, voila_config, voila_environment

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


def test_prepare_writes_index_and_app_lessons_without_the_instructor_view(tmp_path):
    cur = load_curriculum(FIXTURE_CONTENT)
    (tmp_path / "stale.ipynb").write_text("{}")
    files = prepare(cur, tmp_path)
    assert [p.name for p in files] == ["00-intro.ipynb", "01-the-lesson.ipynb", "index.ipynb"]
    assert not (tmp_path / "stale.ipynb").exists()
    lesson = nbformat.read(files[1], as_version=4)
    nbformat.validate(lesson)
    shown = "\n".join(c.source for c in lesson.cells if c.cell_type == "markdown")
    assert "Run All" not in shown  # no JupyterLab instructions in app mode
    assert "[All lessons](index.ipynb)" in shown and lesson.metadata.title.startswith("1. ")
    index = nbformat.read(files[2], as_version=4)
    assert any("lesson_index()" in c.source for c in index.cells if c.cell_type == "code")
    assert "workshop.ipynb" in [p.name for p in prepare(cur, tmp_path, instructor=True)]


def preheated(folder, config) -> list[str]:
    """The notebooks under ``folder`` Voila keeps kernels ready for under ``config``, decided by Voila's own filter
    (which sees each notebook's absolute path)."""
    from types import SimpleNamespace

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    manager = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    deny = SimpleNamespace(preheat_denylist=config["VoilaKernelManager"]["preheat_denylist"])
    return sorted(p.relative_to(folder).as_posix() for p in folder.resolve().rglob("*.ipynb")
                  if manager._notebook_filter(deny, p))


def test_voila_config_preheats_culls_and_lets_pages_release_their_kernel(tmp_path):
    cur = load_curriculum(FIXTURE_CONTENT)
    prepare(cur, tmp_path, settings=AppSettings(pool_size=2, idle_timeout=90, cull_interval=15))
    (tmp_path / ".de.new").mkdir()
    (tmp_path / ".de.new" / "index.ipynb").write_text("{}")  # a language folder being written
    config = json.loads((tmp_path / "voila.json").read_text())
    assert config == voila_config(AppSettings(pool_size=2, idle_timeout=90, cull_interval=15))
    vc = config["VoilaConfiguration"]
    assert vc["preheat_kernel"] is True and vc["default_pool_size"] == 2 and vc["template"] == "clientcraft"
    assert "@jupyter/nbgrader" in vc["extension_denylist"]
    assert config["MappingKernelManager"] == {"cull_idle_timeout": 90, "cull_interval": 15, "cull_connected": False}
    assert config["Voila"]["tornado_settings"]["disable_check_xsrf"] is True
    assert config["KernelManager"] == {"transport": "ipc"}  # no TCP port races when many kernels start at once
    assert preheated(tmp_path, config) == ["00-intro.ipynb", "01-the-lesson.ipynb", "index.ipynb"]
    prepare(cur, tmp_path, start="id")
    config_id = json.loads((tmp_path / "voila.json").read_text())
    assert preheated(tmp_path, config_id) == ["00-intro.ipynb", "01-the-lesson.ipynb", "id/00-intro.ipynb",
                                              "id/01-the-lesson.ipynb", "id/index.ipynb", "index.ipynb"]
    assert voila_config(AppSettings(pool_size=0))["VoilaConfiguration"]["preheat_kernel"] is False


@pytest.mark.parametrize("kwargs,message", [({"pool_size": -1}, "pool size"), ({"idle_timeout": 1.5}, "idle timeout"),
                                            ({"cull_interval": 0}, "cull interval")])
def test_bad_app_settings_are_refused_by_name(kwargs, message):
    with pytest.raises(AppError, match=message):
        AppSettings(**kwargs)


def test_voila_command_strips_sources_binds_loopback_and_finds_the_template(tmp_path):
    argv = voila_command(tmp_path, port=9000, open_browser=False)
    assert argv[1:3] == ["-m", "voila"] and "--strip_sources=True" in argv and "--template=clientcraft" in argv
    assert "--port=9000" in argv and "--Voila.ip=127.0.0.1" in argv and "--no-browser" in argv
    with pytest.raises(AppError, match="does not exist"):
        voila_command(tmp_path, notebook="nope.ipynb")
    env = voila_environment({"JUPYTER_PATH": "/elsewhere"})
    first = Path(env["JUPYTER_PATH"].split(os.pathsep)[0])
    assert (first / "voila" / "templates" / "clientcraft" / "conf.json").is_file()
    assert env["JUPYTER_PATH"].endswith("/elsewhere")


def test_cli_log_export(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from clientcraft.cli import main
    from clientcraft.core.records import Event
    from clientcraft.core.settings import sqlite_url
    from clientcraft.runtime.responselog import ResponseLog

    url = sqlite_url(tmp_path / "l.sqlite")
    ResponseLog(url).record(Event(learner_id="ana", lesson="welcome", mode="practice", kind="choice"))
    out = tmp_path / "e.csv"
    res = CliRunner().invoke(main, ["log", "export", "--url", url, str(out)])
    assert res.exit_code == 0, res.output
    assert "wrote 1 events" in res.output and out.read_text().startswith("id,event_id,learner_id")
    res = CliRunner().invoke(main, ["log", "export", "--url", url, str(tmp_path / "e.xlsx")])
    assert res.exit_code == 1 and "csv or parquet" in res.output


def test_a_kernel_leaving_the_pool_gets_a_fresh_idle_clock(monkeypatch):
    """A pooled kernel may have waited longer than the idle timeout; once a page takes it, the culler must not shut
    it down before the page connects, and must still cull it once it has really been idle that long."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from datetime import timedelta
    from types import SimpleNamespace

    from jupyter_server._tz import utcnow

    from clientcraft.runtime.voila_kernels import PoolAwareKernelManager

    def run(coro):  # in a thread of its own: a browser test in this process may keep an event loop running
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coro).result()

    km = PoolAwareKernelManager(cull_idle_timeout=60)
    long_ago = utcnow() - timedelta(hours=1)
    kernel = SimpleNamespace(last_activity=long_ago, execution_state="idle", kernel_name="python3",
                             kernel_spec=SimpleNamespace(metadata={}))
    km._kernels["k1"] = kernel
    shut = []

    async def shutdown(kernel_id, *args, **kwargs):
        shut.append(kernel_id)

    monkeypatch.setattr(km, "shutdown_kernel", shutdown)
    run(km.cull_kernel_if_idle("k1"))  # first seen outside the pool: its clock starts now
    assert shut == [] and kernel.last_activity > long_ago
    run(km.cull_kernel_if_idle("k1"))  # not idle for 60 s yet
    assert shut == []
    kernel.last_activity = utcnow() - timedelta(seconds=61)
    run(km.cull_kernel_if_idle("k1"))
    assert shut == ["k1"]


def test_prepare_adds_review_notebooks_and_the_handouts(tmp_path, toolkit_copy):
    cur = load_curriculum(toolkit_copy())
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "stale.html").write_text("old")
    files = prepare(cur, tmp_path)
    assert [p.name for p in files] == [
        "00-intro.ipynb", "01-the-lesson.ipynb", "01r-later.ipynb", "handouts.ipynb", "index.ipynb"]
    assert sorted(p.name for p in (tmp_path / "handouts").iterdir()) == [
        "glossary.html", "job-aid.html", "phrase-bank.html", "prevention-kit.html"]
    lesson = (tmp_path / "01-the-lesson.ipynb").read_text()
    assert "(handouts/job-aid.html)" in lesson  # relative links: Voila redirects them to its files handler
    config = json.loads((tmp_path / "voila.json").read_text())
    assert "handouts" in config["ContentsManager"]["hide_globs"]  # the index lists handouts.ipynb, not the folder


def test_voila_serves_only_the_handout_pages_as_files(tmp_path):
    import re

    argv = voila_command(tmp_path, open_browser=False)
    (allow,) = [a for a in argv if a.startswith("--VoilaConfiguration.file_allowlist=")]
    (pattern,) = re.findall(r"'([^']+)'", allow)
    assert re.fullmatch(pattern, "handouts/job-aid.html") and re.fullmatch(pattern, "id/handouts/job-aid.html")
    for path in ("01-the-lesson.ipynb", "handouts/../secret.html", "handouts/x.pdf", "other/job-aid.html"):
        assert not re.fullmatch(pattern, path), path


def test_other_languages_are_written_in_the_background_each_folder_whole(tmp_path):
    from clientcraft.runtime.app import prepare_later

    cur = load_curriculum(FIXTURE_CONTENT)
    prepare(cur, tmp_path, languages=("en",))
    assert not (tmp_path / "nb").exists()
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "stale.ipynb").write_text("{}")
    prepare_later(cur, tmp_path, languages=["nb", "de"]).join(timeout=120)
    for lang in ("nb", "de"):
        names = sorted(p.name for p in (tmp_path / lang).glob("*.ipynb"))
        assert names == ["00-intro.ipynb", "01-the-lesson.ipynb", "index.ipynb"], lang
        index = nbformat.read(tmp_path / lang / "index.ipynb", as_version=4)
        assert index.metadata["clientcraft"]["language"] == lang
        assert any(f'lesson_index(language="{lang}")' in c.source for c in index.cells if c.cell_type == "code")
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no staging folder left behind


def test_stopping_the_app_command_stops_the_server_it_started(tmp_path):
    """SIGTERM to the process that runs the server (as a service manager or `kill` sends it) reaches the server."""
    import signal
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    code = ("import os, sys\nfrom pathlib import Path\nfrom clientcraft.runtime.app import run_until_stopped\n"
            "sys.exit(run_until_stopped([sys.executable, '-c', 'import time; time.sleep(120)'], cwd=Path('.'), "
            "env=dict(os.environ)))")
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        children = []
        while not children and time.monotonic() < deadline:
            children = psutil.Process(parent.pid).children()
            time.sleep(0.1)
        assert children, "the server process never started"
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=30) != 0  # the server died of the forwarded signal
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"still running after the app command stopped: {[p.pid for p in alive]}"
    finally:
        parent.kill()
        for child in psutil.Process().children(recursive=True):
            child.kill()
