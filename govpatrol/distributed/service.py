"""The service's scheduled patrol: sent to the queue when the settings file names one
(``queue:``), run on this machine otherwise."""
from __future__ import annotations

import threading

from govpatrol.config import load_config
from govpatrol.distributed.enqueue import run_queued_patrol
from govpatrol.inspection import InspectionOptions
from govpatrol.patrol import DEFAULT_SITE_TIME_LIMIT, PatrolListener, run_patrol
from govpatrol.registry.entries import Registry
from storage.db import Database


def run_service_patrol(db: Database, registry: Registry, options: InspectionOptions, *,
                       parallel: int = 2, site_time_limit: float = DEFAULT_SITE_TIME_LIMIT,
                       progress: PatrolListener | None = None,
                       stop: threading.Event | None = None) -> int:
    queue = load_config().queue
    if queue:
        return run_queued_patrol(db, registry, options, queue, site_time_limit=site_time_limit,
                                 progress=progress, stop=stop)
    return run_patrol(db, registry, options, parallel=parallel, site_time_limit=site_time_limit,
                      progress=progress, stop=stop)
