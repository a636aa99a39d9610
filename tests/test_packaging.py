"""The package works as an ordinary wheel: learner content ships inside it, graded content never does."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True,
    )
    (whl,) = out.glob("clientcraft-*.whl")
    return whl


def test_wheel_ships_learner_content_and_no_assessment(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "clientcraft/_content/recommendations.yaml" in names
    assert any(n.startswith("clientcraft/_content/practice/") for n in names)
    assert any(n.startswith("clientcraft/_content/lessons/") for n in names)
    assert not [n for n in names if "assessment" in n.split("/")[-2:][0] or "/assessment/" in n]
    assert not [n for n in names if n.startswith(("exercises/", "solutions/", "data/"))]
    assert not [n for n in names if n.endswith(".key.json")]
    assert "clientcraft/rendering/templates/widgets.html.j2" in names  # the widgets' HTML comes from templates
    for front_end in ("identity.js", "scenario.js", "reflection.js", "widgets.css"):  # works offline: no CDN
        assert f"clientcraft/runtime/widgets/{front_end}" in names
    assert "clientcraft/runtime/appshare/voila/templates/clientcraft/index.html.j2" in names


def test_installed_wheel_loads_its_own_content(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from clientcraft.core.loader import default_curriculum\n"
        "from clientcraft.core.settings import content_dir\n"
        "cur = default_curriculum()\n"
        "print(content_dir())\n"
        "print(len(cur.lessons), len(cur.recommendations), len(cur.scenarios), len(cur.assignments))\n"
        "assert all(s.mode == 'practice' for s in cur.scenarios.values())\n"
        "from clientcraft.rendering.html import widget\n"
        "assert widget('alert', '<x>') == '<p role=\"alert\">&lt;x&gt;</p>'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CLIENTCRAFT_CONTENT"}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    where, counts = result.stdout.strip().splitlines()
    assert where.startswith(str(site))
    lessons, recs, scenarios, assignments = map(int, counts.split())
    assert lessons >= 1 and recs >= 20 and scenarios >= 1 and assignments == 0
