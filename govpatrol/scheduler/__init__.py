"""Scheduled inspections (APScheduler 3): ``jobs`` (the job table and triggers), ``tasks``
(what a job does), ``recovery`` (after a crash) and ``service`` (the long-lived process).

Stored job rows name their bodies ``govpatrol.scheduler:<name>``; they are exported here so
that those names resolve.
"""
from govpatrol.scheduler.tasks import notice_job, patrol_job, probe_job

__all__ = ["notice_job", "patrol_job", "probe_job"]
