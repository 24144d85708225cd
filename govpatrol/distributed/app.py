"""The Celery application shared by the patrol command (which sends) and workers (which run).

A task is acknowledged only after it returns, that is once its run is stored complete (or
stored as failed); a worker that dies half-way leaves its message unacknowledged, and the
broker hands it to another worker after the visibility timeout. That timeout must be longer
than any task can take, so it is derived from the longest site time limit a worker allows.
"""
from __future__ import annotations

from celery import Celery

from govpatrol.patrol import DEFAULT_SITE_TIME_LIMIT

QUEUE = "govpatrol"
SITE_TASK = "govpatrol.inspect_site"
ACCOUNT_TASK = "govpatrol.inspect_account"

app = Celery("govpatrol")


def visibility_timeout(site_time_limit: float) -> int:
    """Twice the crawl's limit: the network checks and judging follow the crawl."""
    return int(site_time_limit * 2 + 60)


def configure(broker_url: str, *, site_time_limit: float = DEFAULT_SITE_TIME_LIMIT) -> Celery:
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options={"visibility_timeout": visibility_timeout(site_time_limit)},
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # wait for a restarted broker as long as it takes
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,  # progress and results are in the database
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,
        worker_send_task_events=True,
        task_send_sent_event=True,
        timezone="Asia/Shanghai",
    )
    return app
