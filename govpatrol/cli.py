"""The ``govpatrol`` console command (SPEC §3): the app with every subcommand registered.

A command's module is loaded only when that command runs: the commands between them import
Scrapy, Playwright, FastAPI and Celery, and an audit that loaded them all would carry some
60 MB and a second of start-up it never uses. ``govpatrol --help`` (or a name that is no
command) loads them all, so that the help lists every command and a typo gets typer's message.
"""
from __future__ import annotations

import importlib
import sys

from typer import Typer

from govpatrol.commands.common import app as _app

# Command name -> the module under govpatrol/commands that registers it.
COMMANDS = {
    "audit": "audit", "demo": "audit", "history": "history", "judge": "judge",
    "notice": "notice", "page": "page", "patrol": "patrol", "probe": "probe",
    "registry": "registry", "schedule": "schedule", "serve": "serve", "user": "user",
    "worker": "worker",
}

__all__ = ["COMMANDS", "load_commands", "main"]  # and ``app``, through __getattr__


def load_commands(names: list[str] | None = None) -> Typer:
    """The app with the modules of ``names`` registered (all of them when None)."""
    for module in sorted({COMMANDS[n] for n in names} if names else set(COMMANDS.values())):
        importlib.import_module(f"govpatrol.commands.{module}")
    return _app


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    first = args[0] if args else None
    load_commands([first] if first in COMMANDS else None)
    _app(args=args, prog_name="govpatrol")


def __getattr__(name: str) -> Typer:
    # ``from govpatrol.cli import app`` (tests, embedding) gets the app with every command.
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    main()
