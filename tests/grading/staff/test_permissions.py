"""The course folder keeps keys, work and grades from other local users, and its exchange has nbgrader's modes.

The modes are checked whatever the umask. As root, a probe process running as the account ``nobody`` then tries
what a learner on a shared host would: it can reach the exchange, fetch the release and hand in, and it cannot
read the gradebook, the source (keys), the roster, other hand-ins or grades, nor replace the course's folders.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from clientcraft.grading.staff.course import init_course

from ...conftest import ASSIGNMENT

PROBE_PYTHON = Path("/usr/bin/python3")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def course(rendered):
    base = Path(tempfile.mkdtemp(prefix="cc-perm-", dir="/tmp"))
    os.chmod(base, 0o755)  # a place other accounts can reach, as a home folder on a shared host is
    roster = base / "roster.csv"
    roster.write_text("id\nann\n", encoding="utf-8")
    old = os.umask(0)  # the worst umask: nothing is private unless init makes it so
    try:
        course = init_course(base / "course", roster, exercises=rendered / "exercises", assignments=[ASSIGNMENT])
    finally:
        os.umask(old)
    yield course
    shutil.rmtree(base, ignore_errors=True)


def test_init_sets_the_modes_whatever_the_umask(course):
    root = course.root
    assert _mode(root) == 0o711
    for name in ("source", "release", "submitted", "autograded", "feedback", "reports", "keys"):
        assert _mode(root / name) == 0o700, name
    for name in ("gradebook.db", "nbgrader_config.py", "roster.csv"):
        assert _mode(root / name) == 0o600, name
    ex = root / "exchange"
    assert _mode(ex) == 0o1777  # world-writable like nbgrader documents, sticky so nobody renames others' folders
    assert _mode(ex / "clientcraft") == 0o755
    assert _mode(ex / "clientcraft" / "outbound") == 0o755
    assert _mode(ex / "clientcraft" / "inbound") == 0o2733  # hand in, but never list others' hand-ins
    assert _mode(ex / "clientcraft" / "feedback") == 0o711


PROBE = r"""
import json, os, sys
root = sys.argv[1]
ex = os.path.join(root, "exchange", "clientcraft")
out = {}
def attempt(name, fn):
    try:
        fn()
        out[name] = "ok"
    except OSError as exc:
        out[name] = type(exc).__name__
attempt("read gradebook", lambda: open(os.path.join(root, "gradebook.db"), "rb").read(1))
attempt("read roster", lambda: open(os.path.join(root, "roster.csv")).read(1))
attempt("read config", lambda: open(os.path.join(root, "nbgrader_config.py")).read(1))
attempt("list source", lambda: os.listdir(os.path.join(root, "source")))
attempt("read source notebook", lambda: open(os.path.join(root, "source", sys.argv[2], sys.argv[2] + ".ipynb")).read(1))
attempt("list submitted", lambda: os.listdir(os.path.join(root, "submitted")))
attempt("list course folder", lambda: os.listdir(root))
attempt("list inbound", lambda: os.listdir(os.path.join(ex, "inbound")))
attempt("write outbound", lambda: open(os.path.join(ex, "outbound", "x.ipynb"), "w").write("x"))
attempt("replace course exchange", lambda: os.rename(ex, os.path.join(root, "exchange", "moved")))
attempt("read release", lambda: open(os.path.join(ex, "outbound", sys.argv[2], sys.argv[2] + ".ipynb")).read(1))
attempt("hand in", lambda: os.mkdir(os.path.join(ex, "inbound", "ann+" + sys.argv[2] + "+2030-01-01 00:00:00.000000 UTC+r")))
print(json.dumps(out))
"""


@pytest.mark.nbgrader
def test_another_local_user_can_hand_in_but_read_nothing(course):
    if os.geteuid() != 0:
        pytest.skip("needs root to run a probe as another account")
    if not PROBE_PYTHON.exists():
        pytest.skip(f"{PROBE_PYTHON} is needed to run the probe as another account")
    course.generate(ASSIGNMENT)
    course.release(ASSIGNMENT)
    result = subprocess.run([str(PROBE_PYTHON), "-c", PROBE, str(course.root), ASSIGNMENT], user=65534,
                            group=65534, extra_groups=[], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    allowed = {"read release", "hand in"}
    for name, outcome in got.items():
        if name in allowed:
            assert outcome == "ok", (name, outcome)
        else:
            assert outcome == "PermissionError", (name, outcome)
