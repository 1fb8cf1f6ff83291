"""Thin Celery tasks: they take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from careercopilot.jobs.registry import register_job
from careercopilot.jobs.tasks import RETRY_POLICY, job_task

from .models import ExportJob
from .services import digest, exporting


@shared_task(
    name="tracker.tasks.digest_send_due",
    time_limit=300,
    soft_time_limit=270,
)
def digest_send_due() -> int:
    """Runs hourly (beat): queues a digest for each user whose local day has begun (08:00)."""
    return digest.digests_queue_due()


@shared_task(
    name="tracker.tasks.digest_send_for_user",
    time_limit=120,
    soft_time_limit=100,
    **RETRY_POLICY,
)
def digest_send_for_user(user_id: int) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    return digest.digest_send(user=user) is not None


@job_task("tracker.tasks.export_build", time_limit=600)
def export_build(job_id: int) -> None:
    exporting.export_run(job_id=job_id)


register_job(ExportJob, export_build)
