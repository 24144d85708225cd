"""The crawl's storage: link references travel as one item per page, rows are written in
batches, and what is stored reads back as the observations the checks judge."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone

import pytest

from crawlers import items as it
from crawlers.pipelines import LinkRefBatch, LinkRefBatching, StoragePipeline
from storage import models as m
from storage.db import Database
from storage.queries import get_or_create_site, load_observations

HOME = "http://www.example.gov.cn/"


def _refs(source: str, count: int) -> list[it.LinkRefItem]:
    return [it.LinkRefItem(source, f"{HOME}a/{n}.html", "a", f"第{n}条") for n in range(count)]


def test_link_refs_of_one_callback_become_one_item():
    page = it.PageItem(url=HOME, kind="homepage")
    output = [page, *_refs(HOME, 3), "a request", *_refs(HOME, 2)]
    passed = list(LinkRefBatching().process_spider_output(None, iter(output)))
    assert passed[:2] == [page, "a request"]
    [batch] = passed[2:]
    assert isinstance(batch, LinkRefBatch) and len(batch.refs) == 5
    assert list(LinkRefBatching().process_spider_output(None, iter([page]))) == [page]


def test_refs_seen_before_a_callback_fails_are_kept():
    def failing():
        yield from _refs(HOME, 2)
        raise ValueError("broken page")

    passed = []
    with pytest.raises(ValueError):
        for output in LinkRefBatching().process_spider_output(None, failing()):
            passed.append(output)
    assert len(passed) == 1 and len(passed[0].refs) == 2


async def _async_output(items):
    for item in items:
        yield item


def test_async_output_is_batched_alike():
    async def collect():
        result = LinkRefBatching().process_spider_output_async(
            None, _async_output([*_refs(HOME, 2), "a request"]))
        return [output async for output in result]

    passed = asyncio.run(collect())
    assert passed[0] == "a request" and len(passed[1].refs) == 2


def test_batched_rows_are_stored_and_read_back(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'crawl.db'}")
    with db.session() as session:
        site = get_or_create_site(session, HOME)
        run = m.Run(site_id=site.id, as_of=date(2026, 11, 30),
                    started_at=datetime.now(timezone.utc))
        session.add(run)
        session.flush()
        run_id = run.id
    pipeline = StoragePipeline(db.url, run_id, flush_every=4)
    pipeline.process_item(it.PageItem(url=HOME, kind="homepage", facts={"site_name": "某市"}))
    pipeline.process_item(LinkRefBatch(_refs(HOME, 3)))  # reaches flush_every: written
    assert pipeline.pending_count == 0
    pipeline.process_item(LinkRefBatch(_refs(f"{HOME}a/0.html", 2)))
    assert pipeline.pending_count == 2
    pipeline.process_item(it.LinkCheckItem(url=f"{HOME}a/1.html", internal=True, outcome="ok"))
    pipeline.process_item(it.LinkCheckItem(url=f"{HOME}a/1.html", internal=True, outcome="ok"))
    pipeline.flush()
    pipeline.db.dispose()
    with db.session() as session:
        obs = load_observations(session, run_id)
        assert session.query(m.LinkRef).filter_by(run_id=run_id).count() == 5
        [page] = session.query(m.Page).filter_by(run_id=run_id).all()
        assert page.facts == {"site_name": "某市"}
    [link] = obs.links  # one check row per target, however often it was seen
    assert link.sources == [HOME, f"{HOME}a/0.html"] and link.tags == ["a"]  # in stored order
    db.dispose()
