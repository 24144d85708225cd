"""The ``govpatrol`` console command (SPEC §3): the app with every subcommand registered."""
from __future__ import annotations

from govpatrol.commands import (  # noqa: F401  (each module registers its commands)
    audit,
    history,
    judge,
    notice,
    page,
    patrol,
    probe,
    registry,
    schedule,
    serve,
    user,
    worker,
)
from govpatrol.commands.common import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
