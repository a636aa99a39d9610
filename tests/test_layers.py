"""The import rule of the layout (docs/architecture.md): no module imports a higher layer.

core (0) <- rendering (1) <- runtime, grading, analytics, interop, hub (2) <- cli (3). Inside grading, the code
that runs in the learner's kernel never imports the course-staff code. Every import counts: module level, inside
functions, and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import clientcraft

PACKAGE = Path(clientcraft.__file__).resolve().parent
LAYERS = {"core": 0, "rendering": 1, "runtime": 2, "grading": 2, "analytics": 2, "interop": 2, "hub": 2, "cli": 3}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_content" not in p.parts)


def module_name(path: Path) -> str:
    parts = ["clientcraft", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every clientcraft module ``path`` imports, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "clientcraft"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "clientcraft":
                out.add(target)
                out |= {f"{target}.{a.name}" for a in node.names}  # `from pkg import module`
    return out


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.get(parts[1], 0) if len(parts) > 1 else 0


def test_every_package_has_a_layer():
    tops = {p.relative_to(PACKAGE).parts[0] for p in MODULES if len(p.relative_to(PACKAGE).parts) > 1}
    assert tops <= set(LAYERS), f"packages without a layer: {sorted(tops - set(LAYERS))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_higher_layer(path):
    mine = layer(module_name(path))
    upward = sorted(m for m in imported(path) if layer(m) > mine)
    assert not upward, f"{module_name(path)} (layer {mine}) imports higher layers: {upward}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "grading" / "kernel").glob("*.py")), ids=lambda p: p.name)
def test_the_kernel_side_never_imports_the_staff_side(path):
    assert not [m for m in imported(path) if m.startswith("clientcraft.grading.staff")]


def test_the_rule_sees_relative_and_function_level_imports():
    """The checker itself: a relative import inside a function is resolved and counted."""
    assert "clientcraft.core.schema" in imported(PACKAGE / "core" / "branching.py")  # relative, under TYPE_CHECKING
    assert "clientcraft.runtime.responselog" in imported(PACKAGE / "runtime" / "logaccess.py")  # inside a function


def _module_graph() -> dict[str, set[str]]:
    names = {module_name(p) for p in MODULES}

    def as_module(target: str) -> str | None:
        while target and target not in names:
            target = target.rpartition(".")[0]
        return target or None

    return {module_name(p): {m for t in imported(p) if (m := as_module(t)) and m != module_name(p)} for p in MODULES}


def test_no_import_cycles():
    """No module imports itself through others (function-level imports count, so a cycle cannot hide there)."""
    graph = _module_graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
