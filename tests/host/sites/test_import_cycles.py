"""The microsite package has no import cycle: every module imports what it
needs at its top, and the modules' imports among themselves form a graph
without a loop (the blueprint's views import editor_blueprint, never each
other; services import errors, never the module that raises what they
catch).  Read from the source, so a cycle that Python happens to survive
through import order fails here too."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import dangjian.sites

PACKAGE = Path(dangjian.sites.__file__).parent
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")
# Imported where used because it is optional (only with a shared Redis cache).
OPTIONAL = {"redis"}


def _tree(name: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))


def _sites_modules(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The sibling modules an import statement of a sites module names."""
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[2] for alias in node.names if alias.name.startswith("dangjian.sites.")}
    if node.level == 1:  # from . import a, b / from .a import x
        return {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
    if node.level == 2 and (node.module or "").startswith("sites"):  # from ..sites.a import x
        parts = node.module.split(".")
        return {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
    if node.level == 0 and (node.module or "").startswith("dangjian.sites"):
        parts = node.module.split(".")
        return {parts[2]} if len(parts) > 2 else {alias.name for alias in node.names}
    return set()


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name in MODULES:
        edges: set[str] = set()
        for node in _tree(name).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges |= _sites_modules(node) & set(MODULES)
        graph[name] = edges - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (as a path that ends where it starts), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for successor in sorted(graph[node]):
            if state.get(successor) == "open":
                return [*path[path.index(successor) :], successor]
            if successor not in state and (found := visit(successor)):
                return found
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_cycles():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_sites_modules_import_each_other_without_a_cycle():
    graph = _graph()
    assert graph["editor_views"] >= {"editor_blueprint"} and graph["content"] >= {"errors"}  # the graph is read
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_editor_views_share_the_blueprint_module_not_each_other():
    graph = _graph()
    views = {"editor_views", "editor_content", "editor_gallery", "editor_review"}
    for name in views:
        assert "editor_blueprint" in graph[name], name
        assert not graph[name] & views, name
    assert not graph["editor_blueprint"] & views


@pytest.mark.parametrize("name", MODULES)
def test_imports_are_at_the_top_and_not_inside_functions(name):
    body = _tree(name).body
    first_code = next(
        (
            index
            for index, node in enumerate(body)
            if not isinstance(node, ast.Import | ast.ImportFrom)
            and not (index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        ),
        len(body),
    )
    late = [node.lineno for node in body[first_code:] if isinstance(node, ast.Import | ast.ImportFrom)]
    assert late == [], f"{name}.py imports below its code (lines {late})"
    nested = [
        node.lineno
        for statement in body[first_code:]
        for node in ast.walk(statement)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.Import) and {alias.name for alias in node.names} <= OPTIONAL)
    ]
    assert nested == [], f"{name}.py imports inside functions or classes (lines {nested})"


FIRST_IMPORT = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "dangjian" or m.startswith("dangjian.")]:
        del sys.modules[loaded]  # each module is the first of the platform to be imported
    try:
        importlib.import_module("dangjian.sites." + name)
    except Exception as error:  # an ImportError, or an AttributeError of a half-imported module
        failed.append(f"{name}: {error}")
sys.exit("\\n".join(failed) or None)
"""


def test_each_module_imports_first_on_its_own():
    """In a fresh interpreter, each module imported before any other of the
    platform: a cycle that only works in one import order fails here."""
    result = subprocess.run([sys.executable, "-c", FIRST_IMPORT, *MODULES], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
