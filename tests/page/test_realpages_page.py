"""Every real saved page through ``govpatrol page FILE --url URL --json -`` (the CLI command
itself), its facts compared one by one: at least 95% of them overall, and every one listed in
READ_NOW individually so that a regression shows by name."""
from __future__ import annotations

import json
from functools import lru_cache

import pytest
from typer.testing import CliRunner

from govpatrol.cli import app
from tests.support.pagefacts import AS_OF, all_facts, actual, matches
from tests.support.realpages import real_page

FACTS = all_facts()
# Facts known not to be read yet: they count against the share below but are not asserted
# one by one. Empty: every fact is read.
NOT_YET: set[str] = set()


@lru_cache(maxsize=None)
def page_facts(page: str, url: str | None) -> dict:
    args = ["page", str(real_page(page)), "--as-of", AS_OF, "--json", "-"]
    if url:
        args += ["--url", url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_share_of_facts_read_is_at_least_95_percent():
    read = [fact for fact in FACTS if matches(fact, page_facts(fact.page, fact.url))]
    share = len(read) / len(FACTS)
    missed = [f"{fact.id}: want {fact.expected!r}, got {actual(page_facts(fact.page, fact.url), fact.name)!r}"
              for fact in FACTS if fact not in read]
    print(f"\nreal pages: {len(read)} of {len(FACTS)} facts read ({share:.1%})")
    for line in missed:
        print("  missed", line[:300])
    assert len(FACTS) >= 150
    assert share >= 0.95, "\n".join(missed)


@pytest.mark.parametrize("fact", [f for f in FACTS if f.id not in NOT_YET], ids=lambda f: f.id)
def test_fact(fact):
    facts = page_facts(fact.page, fact.url)
    assert facts["schema"] == "govpatrol.page/1"
    assert matches(fact, facts), \
        f"want {fact.expected!r:.400}, got {actual(facts, fact.name)!r:.400}"
