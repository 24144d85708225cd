"""Imports every check module so that its rules register (``run_checks`` imports this).

A concern's module may land later than this list: only the absence of the module itself is
tolerated, an import error inside an existing module is raised as usual.
"""
from __future__ import annotations

import importlib

CHECK_MODULES = (
    "checks.availability",
    "checks.freshness",
    "checks.links",
    "checks.ipv6",
    "checks.interpretation",
    "checks.messages",
    "checks.newmedia",
    "checks.identity",
)


def _register(module: str) -> None:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise


for _module in CHECK_MODULES:
    _register(_module)
