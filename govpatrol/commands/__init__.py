"""The subcommands of ``govpatrol``, one module per concern."""
