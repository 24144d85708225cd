"""The import rules of the layers, read from the source with ``ast`` (nothing is imported).

Layers, lowest first: checks < storage < crawlers < reports < govpatrol. A module may import
its own layer and those below it, never one above; modules import one another without a
circle; and an import written inside a function never names a project module (a lazy import
of a heavy or optional third-party module is allowed, with a comment saying why).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAYERS = ("checks", "storage", "crawlers", "reports", "govpatrol")
RANK = {name: rank for rank, name in enumerate(LAYERS)}

# Accepted exceptions, each (importer, imported): none. An entry that no longer exists fails
# the tests below, so the lists never outlive their reason.
KNOWN_UPWARD: set[tuple[str, str]] = set()
KNOWN_LAZY: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    imported: str  # dotted name as resolved (a module where one exists)
    line: int
    in_function: bool
    commented: bool  # a comment on the import line, or the line above, says why


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for layer in LAYERS:
        for path in sorted((REPO / layer).rglob("*.py")):
            found[module_name(path)] = path
    return found


MODULES = project_modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(importer: str, path: Path, node: ast.ImportFrom) -> list[str]:
    """The modules a ``from X import a, b`` loads: ``X.a`` where that is a module, else X."""
    base = node.module or ""
    if node.level:
        package = importer.split(".") if path.name == "__init__.py" else importer.split(".")[:-1]
        package = package[:len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    names = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        names.append(candidate if candidate in MODULES else base)
    return names


def imports_of(name: str, path: Path) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, str(path))
    found: list[Import] = []

    def commented(line: int) -> bool:
        here = lines[line - 1]
        above = lines[line - 2].strip() if line >= 2 else ""
        return "#" in here or above.startswith("#")

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            return  # annotations only: never run
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            in_function = True
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(name, alias.name, node.lineno, in_function,
                                    commented(node.lineno)))
        elif isinstance(node, ast.ImportFrom):
            for target in _resolve(name, path, node):
                found.append(Import(name, target, node.lineno, in_function,
                                    commented(node.lineno)))
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    visit(tree, False)
    return found


ALL_IMPORTS = [imp for name, path in MODULES.items() for imp in imports_of(name, path)]


def layer_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in RANK else None


def project_target(imported: str) -> str | None:
    """The project module an import loads (the longest known prefix), or None."""
    parts = imported.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


def upward_imports() -> set[tuple[str, str]]:
    return {(imp.importer, imp.imported) for imp in ALL_IMPORTS
            if layer_of(imp.imported) and
            RANK[layer_of(imp.imported)] > RANK[layer_of(imp.importer)]}


def lazy_imports() -> list[Import]:
    return [imp for imp in ALL_IMPORTS if imp.in_function]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of the graph as [a, b, …, a], or None (depth-first, iterative)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph.get(start, ())))]
        state[start] = 1
        while stack:
            for nxt in stack[-1]:
                if state.get(nxt) == 1:
                    return path[path.index(nxt):] + [nxt]
                if not state.get(nxt):
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(sorted(graph.get(nxt, ()))))
                    break
            else:
                state[path.pop()] = 2
                stack.pop()
    return None


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for imp in ALL_IMPORTS:
        target = project_target(imp.imported)
        if target and target != imp.importer:
            graph[imp.importer].add(target)
    return graph


# ---- the rules --------------------------------------------------------------------------

def test_every_layer_is_read() -> None:
    for layer in LAYERS:
        assert any(name.split(".")[0] == layer for name in MODULES), layer
    assert len(ALL_IMPORTS) > 500


def test_no_layer_imports_one_above_it() -> None:
    upward = upward_imports()
    unexpected = sorted(upward - KNOWN_UPWARD)
    assert not unexpected, "imports from a higher layer:\n" + "\n".join(
        f"  {a} -> {b}" for a, b in unexpected)
    fixed = sorted(KNOWN_UPWARD - upward)
    assert not fixed, f"no longer imported; remove from KNOWN_UPWARD: {fixed}"


def test_no_import_circle() -> None:
    graph = import_graph()
    for importer, imported in KNOWN_UPWARD:
        graph[importer].discard(imported)
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_imports_inside_functions_name_no_project_module() -> None:
    bad = []
    for imp in lazy_imports():
        if (imp.importer, imp.imported) in KNOWN_LAZY:
            continue
        if project_target(imp.imported) or layer_of(imp.imported):
            bad.append(f"  {imp.importer}:{imp.line} imports {imp.imported} inside a function")
        elif not imp.commented:
            bad.append(f"  {imp.importer}:{imp.line} imports {imp.imported} inside a function"
                       " without a comment saying why")
    assert not bad, "lazy imports:\n" + "\n".join(sorted(set(bad)))
    known = {(imp.importer, imp.imported) for imp in lazy_imports()}
    assert KNOWN_LAZY <= known, f"remove from KNOWN_LAZY: {sorted(KNOWN_LAZY - known)}"


# ---- the check itself finds what it must ------------------------------------------------

def test_a_circle_is_found_and_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    cycle = find_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"}
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_imports_are_read_with_their_place(tmp_path: Path) -> None:
    text = ("from __future__ import annotations\n"
            "from typing import TYPE_CHECKING\n"
            "from govpatrol import patrol\n"
            "if TYPE_CHECKING:\n    from govpatrol.notices import Notice\n"
            "def f():\n    import json  # stdlib, cheap\n    from storage.db import Database\n")
    path = tmp_path / "labels.py"
    path.write_text(text, encoding="utf-8")
    found = imports_of("reports.labels", path)
    by_target = {imp.imported: imp for imp in found}
    assert by_target["govpatrol.patrol"].in_function is False
    assert "govpatrol.notices" not in by_target  # annotations only
    assert by_target["json"].in_function and by_target["json"].commented
    assert by_target["storage.db"].in_function and not by_target["storage.db"].commented

