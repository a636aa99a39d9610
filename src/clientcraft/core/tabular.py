"""Tables written for people to open in a spreadsheet: CSV with formula injection defused.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets. Every CSV clientcraft writes goes through :func:`write_csv`, which
prefixes such text cells with an apostrophe (the OWASP advice; spreadsheets show the text, not the
apostrophe). Numbers, dates and Parquet files are left alone: they are typed, never formulas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""


def defuse(value: object) -> object:
    """``value`` with an apostrophe in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells cannot start a formula (other columns unchanged)."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(defuse)
    out.columns = [defuse(c) for c in out.columns]
    if not isinstance(out.index, pd.MultiIndex) and (out.index.dtype == object
                                                    or pd.api.types.is_string_dtype(out.index)):
        out.index = out.index.map(defuse)
    return out


def write_csv(df: pd.DataFrame, path: Path | str, *, index: bool = False) -> Path:
    """Write ``df`` as UTF-8 CSV (with its index only when ``index``), text cells defused; return the path.

    Lines end in CRLF (RFC 4180), so a carriage return or line feed inside a text cell is always quoted and
    can never start a row of its own.
    """
    path = Path(path)
    spreadsheet_safe(df).to_csv(path, index=index, lineterminator="\r\n")
    return path
