"""Dependencies are declared where they are used: every third-party package the product
imports is a runtime dependency in pyproject.toml, every runtime dependency is imported by
the product, and what only the tests import is in the ``test`` extra."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRODUCT = ("checks", "storage", "crawlers", "reports", "govpatrol")
RUNTIME_ONLY = {
    # pytest plugin: configured in pyproject.toml, never imported by name.
    "pytest-timeout",
    "pytest-xdist",
    # the PostgreSQL driver SQLAlchemy loads from a postgresql+psycopg:// URL.
    "psycopg",
    # Loaded by FastAPI and Starlette, never imported by name: form posts (python-multipart),
    # signed session cookies (itsdangerous), the test client (httpx).
    "python-multipart",
    "itsdangerous",
    "httpx",
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    test = {_name(r) for r in project["optional-dependencies"]["test"]}
    return runtime, test


def _third_party(folders: tuple[str, ...]) -> set[str]:
    """Distributions (lower case) whose modules the Python files under ``folders`` import."""
    top: set[str] = set()
    for folder in folders:
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    top |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    top.add(node.module.split(".")[0])
    own = set(PRODUCT) | {"tests", "__future__", "bench"}
    names = packages_distributions()
    found = set()
    for module in top - own - set(sys.stdlib_module_names):
        assert module in names, f"{module} is imported but installed by no distribution"
        found |= {_name(dist) for dist in names[module]}
    return found


def test_the_product_imports_exactly_its_runtime_dependencies() -> None:
    runtime, _test = _declared()
    used = _third_party(PRODUCT)
    assert used - runtime == set(), "imported but not declared"
    assert runtime - used - RUNTIME_ONLY == set(), "declared but never imported"


def test_what_only_the_tests_import_is_in_the_test_extra() -> None:
    runtime, test = _declared()
    only_tests = _third_party(("tests",)) - _third_party(PRODUCT) - runtime - {"pytest"}
    assert only_tests <= test, f"imported by tests only, not in the test extra: {only_tests - test}"
    assert not (test & runtime), "a package is declared twice"
    assert (test - {"pytest"} - RUNTIME_ONLY) <= only_tests, "test extra lists an unused package"
