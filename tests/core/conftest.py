"""A mutable copy of the shipped content, for the audits that need a bank of realistic size."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "curriculum"


@pytest.fixture
def shipped_copy(tmp_path) -> Callable[..., Path]:
    """Copy data/curriculum; ``edit(fn)`` calls ``fn(rel_path, data)`` on every scenario file's data in place."""
    root = tmp_path / "curriculum"
    shutil.copytree(SHIPPED, root)

    def edit(fn: Callable[[str, Any], Any] | None = None) -> Path:
        if fn is not None:
            for path in sorted(root.rglob("*.yaml")):
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                if data.get("scenarios"):
                    fn(str(path.relative_to(root)), data)
                    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return root

    return edit
