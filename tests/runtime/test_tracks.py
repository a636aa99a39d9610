"""The audience tracks at run time: the app serves one track, progress and the workshop view follow it."""

from __future__ import annotations

import nbformat
import pytest

from clientcraft.core.errors import UnknownItemError
from clientcraft.core.loader import load_curriculum
from clientcraft.runtime.app import prepare
from clientcraft.runtime.widgets import ScenarioWidget
from clientcraft.runtime.widgets.progress import learner_progress
from clientcraft.runtime.workshop import WorkshopView

def _calls(nb):
    return [c.source.splitlines()[-1] for c in nb.cells if c.cell_type == "code"]


def test_app_serves_one_track(staff_content, tmp_path):
    cur = load_curriculum(staff_content)
    files = prepare(cur, tmp_path / "app", audience="staff")
    assert [p.name for p in files] == ["00-intro.ipynb", "01-the-lesson.ipynb", "index.ipynb"]
    assert [c for c in _calls(nbformat.read(files[1], as_version=4)) if c.startswith("scenario(")] == [
        'scenario("p-two")']
    assert 'lesson_index(audience="staff")' in _calls(nbformat.read(files[2], as_version=4))  # the track's progress
    prepare(cur, tmp_path / "app", audience="staff", instructor=True)
    workshop = nbformat.read(tmp_path / "app" / "workshop.ipynb", as_version=4)
    assert 'workshop_view(audience="staff")' in _calls(workshop)
    with pytest.raises(UnknownItemError):
        prepare(cur, tmp_path / "app", audience="owner")  # no owner track is declared


def test_app_track_takes_the_review_sets_and_the_handouts():
    """The staff track in the app: its lessons, the review sets and the handouts index, all in one folder whose
    notebooks reach the handouts as handouts/<name>."""
    import re
    import tempfile
    from pathlib import Path

    cur = load_curriculum()
    with tempfile.TemporaryDirectory() as tmp:
        files = prepare(cur, Path(tmp), audience="staff")
        names = [p.name for p in files]
        assert {f"{ls.order:02d}-{ls.id}.ipynb" for ls in cur.lessons.values()} < set(names)
        assert "04r-mixed-review.ipynb" in names and "handouts.ipynb" in names
        for f in files:
            links = re.findall(r"\]\(([^)\s:]+\.(?:html|ipynb))\)", f.read_text(encoding="utf-8"))
            assert links, f.name
            for target in links:
                assert (Path(tmp) / target).is_file(), f"{f.name} links {target}"
        lesson = nbformat.read(Path(tmp) / "02-listen-clarify-make-right.ipynb", as_version=4)
        shown = [c.split('"')[1] for c in _calls(lesson) if c.startswith("scenario(")]
        assert shown and all(cur.scenario(s).audience == "staff" for s in shown)


def test_progress_counts_the_tracks_scenarios(staff_content):
    cur = load_curriculum(staff_content)
    rows = [{"kind": "choice", "scenario": "p-two", "step": "s1", "option": "a", "timestamp": 1}]
    (full,) = learner_progress(cur, rows, ["the-lesson"])
    (staff,) = learner_progress(cur, rows, ["the-lesson"], audience="staff")
    assert (full.steps_done, full.steps_total) == (1, 3)
    assert (staff.steps_done, staff.steps_total, staff.scenarios) == (1, 2, ("p-two",))


def test_workshop_view_track_picker_filters_the_scenarios(staff_content, tmp_path):
    from clientcraft.core.settings import sqlite_url
    from clientcraft.runtime.responselog import ResponseLog

    cur = load_curriculum(staff_content)
    view = WorkshopView(cur, log=ResponseLog(sqlite_url(tmp_path / "l.sqlite")), cohort="")
    assert [v for _l, v in view.scenario_picker.options] == ["p-one", "p-two"]
    view.track_picker.value = "staff"
    assert [v for _l, v in view.scenario_picker.options] == ["p-two"] and view.scenario_picker.value == "p-two"
    staff_view = WorkshopView(cur, log=view.log, audience="staff")
    assert [v for _l, v in staff_view.scenario_picker.options] == ["p-two"]


def test_scenario_header_says_where_and_who(staff_content):
    cur = load_curriculum(staff_content)
    head = ScenarioWidget(cur.scenario("p-two"), cur).view.head_html
    assert "<b>Where:</b> Norway" in head and "<b>You are:</b> a member of staff" in head
    assert "cc-where" not in ScenarioWidget(cur.scenario("p-one"), cur).view.head_html


