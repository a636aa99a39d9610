"""CSV for spreadsheets: text that would run as a formula is defused, numbers and the Parquet twin are not."""

from __future__ import annotations

import csv

import pandas as pd

from clientcraft.core.tabular import FORMULA_STARTS, defuse, write_csv


def test_every_formula_start_is_defused_and_nothing_else(tmp_path):
    df = pd.DataFrame({"text": [f"{c}SUM(A1)" for c in FORMULA_STARTS] + ["plain", "a=b", ""],
                       "number": [-1.5] * len(FORMULA_STARTS) + [2.0, 3.0, 4.0]}, index=None)
    path = write_csv(df, tmp_path / "out.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    assert [r[0] for r in rows] == [f"'{c}SUM(A1)" for c in FORMULA_STARTS] + ["plain", "a=b", ""]
    assert [float(r[1]) for r in rows] == list(df["number"])
    assert defuse(-1) == -1 and defuse(None) is None


def test_an_index_of_names_is_defused_too(tmp_path):
    df = pd.DataFrame({"score": [1.0]}, index=pd.Index(["=HYPERLINK(\"x\")"], name="learner"))
    text = write_csv(df, tmp_path / "i.csv", index=True).read_text()
    assert "'=HYPERLINK" in text


def test_the_response_log_export_is_defused(tmp_path):
    """A learner's reflection (free text) that starts like a formula reaches the CSV defused."""
    from clientcraft.runtime.responselog import ResponseLog

    log = ResponseLog(f"sqlite:///{tmp_path / 'log.sqlite'}")
    log.record({"learner_id": "=cmd|' /C calc'!A0", "lesson": "l1", "mode": "reflection", "kind": "reflection",
                "text": "@SUM(1+1)*cmd|' /C calc'!A0"})
    out = log.export(tmp_path / "events.csv")
    back = pd.read_csv(out, keep_default_na=False)
    assert back.loc[0, "learner_id"] == "'=cmd|' /C calc'!A0"
    assert back.loc[0, "text"].startswith("'@SUM")
    log.export(tmp_path / "events.parquet")
    assert pd.read_parquet(tmp_path / "events.parquet").loc[0, "learner_id"] == "=cmd|' /C calc'!A0"
    log.close()
