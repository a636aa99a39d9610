"""Canvas and Moodle grade files against the column formats the two gradebooks document for import."""

from __future__ import annotations

import csv
import io

import pytest

from clientcraft.grading.staff.course import Learner
from clientcraft.interop.errors import ExportError
from clientcraft.interop.gradefiles import CANVAS_COLUMNS, MOODLE_COLUMNS, canvas_csv, moodle_csv, read_lms_roster, totals

POINTS = {"scenario-a": 2.0, "scenario-b": 1.0, "prompt-c": 3.0}
ROSTER = [Learner("ana", "Ana", "Silva", "ana@example.org", "spring"),
          Learner("ben", "Ben", "", "", "autumn"),
          Learner("cho", "", "", "cho@example.org", "spring"),
          Learner("dee", "Dee", "Ng", "dee@example.org", "autumn")]


def _rows():
    def r(learner, item, credit, status="ok"):
        return {"learner": learner, "item": item, "credit": credit, "status": status}

    return [r("ana", "scenario-a", 0.75), r("ana", "scenario-b", 1.0), r("ana", "prompt-c", 0.5),
            r("ben", "scenario-a", 1.0), r("ben", "scenario-b", 0.0), r("ben", "prompt-c", None),
            r("cho", "scenario-a", 0.5), r("cho", "scenario-b", 0.5), r("cho", "prompt-c", 1.0, "late"),
            r("dee", "scenario-a", None, "not-submitted"), r("dee", "scenario-b", None, "not-submitted"),
            r("dee", "prompt-c", None, "not-submitted")]


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_totals_are_credit_times_points_and_blank_when_incomplete():
    t = totals("final", _rows(), POINTS)
    assert t.points_possible == 6.0
    assert t.scores == {"ana": 0.75 * 2 + 1.0 + 0.5 * 3, "ben": None, "cho": None, "dee": None}
    assert t.reasons == {"ben": "prompt-c not scored", "cho": "late", "dee": "not-submitted"}
    with pytest.raises(ExportError, match="item 'ghost' of learner 'ana' is not in the assignment's key"):
        totals("final", [{"learner": "ana", "item": "ghost", "credit": 1.0, "status": "ok"}], POINTS)


def test_canvas_csv_has_canvas_columns_and_a_points_possible_row(tmp_path):
    lms = tmp_path / "lms.csv"
    lms.write_text("id,canvas_id,sis_user_id,sis_login_id,section\nana,1234,S-001,ana.silva,Morning group\n",
                   encoding="utf-8")
    rows = _read(canvas_csv(totals("final", _rows(), POINTS), ROSTER, read_lms_roster(lms)))
    assert rows[0] == [*CANVAS_COLUMNS, "clientcraft: final"]
    assert rows[1] == ["Points Possible", "", "", "", "", "6"]
    assert rows[2] == ["Silva, Ana", "1234", "S-001", "ana.silva", "Morning group", "4"]
    assert rows[3] == ["Ben", "", "ben", "", "autumn", ""]  # no LMS ids: the clientcraft id as SIS User ID
    assert rows[4] == ["cho", "", "cho", "", "spring", ""]
    assert len(rows) == 2 + len(ROSTER)


def test_moodle_csv_has_moodle_identity_columns_and_points(tmp_path):
    lms = tmp_path / "lms.csv"
    lms.write_text("id,moodle_username,moodle_idnumber,email\nana,asilva,E-77,ana.silva@school.example\n",
                   encoding="utf-8")
    rows = _read(moodle_csv(totals("final", _rows(), POINTS), ROSTER, read_lms_roster(lms)))
    assert rows[0] == [*MOODLE_COLUMNS, "clientcraft: final"]
    assert rows[1] == ["Ana", "Silva", "E-77", "ana.silva@school.example", "asilva", "4"]
    assert rows[2] == ["Ben", "", "ben", "", "", ""]
    assert rows[4] == ["Dee", "Ng", "dee", "dee@example.org", "", ""]
    assert all(float(r[-1]) <= 6 for r in rows[1:] if r[-1])


def test_lms_roster_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "lms.csv"
    bad.write_text("id,canvas_id,phone\nana,1,555\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"lms.csv: unknown column\(s\) phone"):
        read_lms_roster(bad)
    bad.write_text("id,canvas_id\nana,1\nana,2\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"line 3: id 'ana' is empty or appears twice"):
        read_lms_roster(bad)
