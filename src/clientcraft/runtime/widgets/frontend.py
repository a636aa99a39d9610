"""The front-end modules of clientcraft's widgets: each widget's ES module with the shared DOM helpers before it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
STYLES = HERE / "widgets.css"
"""The stylesheet every clientcraft widget loads (layout from 360 px up, focus outlines, target sizes)."""


@lru_cache(maxsize=None)
def front_end(name: str) -> str:
    """The ES module ``name`` (e.g. ``"scenario.js"``) with ``dom.js`` prepended, as anywidget's ``_esm``."""
    return (HERE / "dom.js").read_text(encoding="utf-8") + "\n" + (HERE / name).read_text(encoding="utf-8")
