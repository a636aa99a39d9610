"""The audience tracks rendered by the build: notebooks/<audience>/ beside the full course."""

from __future__ import annotations

import json


from clientcraft.core.loader import load_curriculum
from clientcraft.rendering.lessons import lesson_path, render_lessons

def _calls(nb):
    return [c.source.splitlines()[-1] for c in nb.cells if c.cell_type == "code"]


def test_build_renders_the_staff_track_beside_the_full_course(staff_content):
    cur = load_curriculum(staff_content)
    nbs = render_lessons(cur)
    staff = nbs[lesson_path(1, "the-lesson", "staff")]
    assert lesson_path(1, "the-lesson", "staff") == "notebooks/staff/01-the-lesson.ipynb"
    assert "notebooks/staff/00-intro.ipynb" in nbs
    assert [c for c in _calls(staff) if c.startswith("scenario(")] == ['scenario("p-two")']
    assert _calls(staff)[-1] == 'progress("the-lesson", audience="staff")'
    assert any(c.source.startswith("**Staff track.** You work *behind the counter*.") for c in staff.cells)
    assert staff.metadata["clientcraft"] == {"lesson": "the-lesson", "kind": "lesson", "audience": "staff"}
    full = nbs[lesson_path(1, "the-lesson")]
    assert [c for c in _calls(full) if c.startswith("scenario(")] == ['scenario("p-one")', 'scenario("p-two")']
    assert "Staff track" not in json.dumps(full)
    intro = nbs["notebooks/staff/00-intro.ipynb"]
    assert "](01-the-lesson.ipynb)" in intro.cells[-1].source  # the next lesson of the same track
    workshop = json.dumps(nbs["instructor/workshop.ipynb"])
    assert "`p-two`: Practice two (Norway; you are a member of staff)" in workshop
    assert "notebooks/staff/" in workshop


