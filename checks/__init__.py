"""Checks judge what the crawl observed: pure rules registered by SPEC id, the rulebook and
the verdict."""
from checks import catalog  # noqa: F401  (registers every rule)
