"""Thin Celery tasks: they take ids and call services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Application, DigestLog, SeekerPreferences
from .services import digest, exporting
from .timeutils import zone_named

logger = logging.getLogger(__name__)


@shared_task(
    name="tracker.tasks.digest_send_due",
    time_limit=300,
    soft_time_limit=270,
)
def digest_send_due() -> int:
    """Runs hourly (beat): queues a digest for each user whose local day has begun (08:00)."""
    User = get_user_model()
    now = timezone.now()
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Exists(Application.objects.filter(user=OuterRef("pk"), archived_at__isnull=True)))
        .exclude(
            Exists(SeekerPreferences.objects.filter(user=OuterRef("pk"), digest_enabled=False))
        )
    )
    queued = 0
    for zone_name in candidates.values_list("timezone", flat=True).distinct().order_by():
        local = now.astimezone(zone_named(zone_name))
        if local.hour < digest.DIGEST_LOCAL_HOUR:
            continue
        due = candidates.filter(timezone=zone_name).exclude(
            Exists(DigestLog.objects.filter(user=OuterRef("pk"), date=local.date()))
        )
        for user_id in due.values_list("pk", flat=True).iterator():
            digest_send_for_user.delay(user_id)
            queued += 1
    return queued


@shared_task(
    name="tracker.tasks.digest_send_for_user",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=120,
    soft_time_limit=100,
)
def digest_send_for_user(user_id: int) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    return digest.digest_send(user=user) is not None


@shared_task(
    bind=True,
    name="tracker.tasks.export_build",
    max_retries=3,
    time_limit=600,
    soft_time_limit=570,
)
def export_build(self, job_id: int) -> None:
    try:
        exporting.export_run(job_id=job_id)
    except OperationalError as exc:  # the database went away: worth another try
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1)) from exc
        exporting.export_fail(job_id=job_id, error="The database was unavailable. Please retry.")
    except Exception as exc:
        logger.exception("export %s failed", job_id)
        exporting.export_fail(
            job_id=job_id, error=f"The export failed: {exc.__class__.__name__}. Please retry."
        )
