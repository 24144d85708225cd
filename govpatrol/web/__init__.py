"""The web console and the REST API of ``govpatrol serve`` (SPEC §8): FastAPI with Jinja2
pages that need no front-end build step."""
