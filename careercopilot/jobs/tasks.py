"""The one retry policy for job tasks, and the sweeper's beat task."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

# Database outages are retried with backoff; anything else is recorded on the row.
RETRY_POLICY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 5,
}


def job_task(name: str, *, time_limit: int = 300, **options):
    """A Celery task that moves rows forward by id: the retry policy, and a hard time
    limit (the soft one 30 s earlier, so the job can record that it took too long)."""
    options.setdefault("soft_time_limit", max(time_limit - 30, 1))
    return shared_task(name=name, time_limit=time_limit, **RETRY_POLICY, **options)


@shared_task(name="careercopilot.jobs.requeue_stalled", soft_time_limit=100, time_limit=120)
def jobs_requeue_stalled() -> int:
    """Beat, every minute: send again the work whose message was lost."""
    from .sweeper import jobs_requeue_stalled as sweep

    return sweep()
