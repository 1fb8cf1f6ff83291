"""Thin Celery tasks: parse ids, call a service."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

from careercopilot.jobs.registry import register_job, register_outbox
from careercopilot.jobs.tasks import job_task

from . import services
from .models import DataExport
from .selectors import notification_emails_due, outbound_emails_due

logger = logging.getLogger(__name__)

# Transient delivery problems worth retrying; anything else is a bug and fails loudly.
RETRYABLE_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(
    acks_late=True,
    autoretry_for=RETRYABLE_EMAIL_ERRORS,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
)
def notification_send_email(notification_id: int) -> bool:
    """Email one notification. Idempotent: a repeated run sends nothing."""
    return services.notification_email_send(notification_id=notification_id)


@shared_task(
    acks_late=True,
    autoretry_for=RETRYABLE_EMAIL_ERRORS,
    retry_backoff=15,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
)
def email_message_send(email_id: int) -> bool:
    """Deliver an email rendered in a request (sign-in emails from allauth), by row id."""
    return services.email_message_deliver(email_id=email_id)


# Emails still owed when the broker lost their message: the jobs sweeper sends them again.
register_outbox("accounts.notification_email", notification_send_email, notification_emails_due)
register_outbox("accounts.outbound_email", email_message_send, outbound_emails_due)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def notifications_purge_old() -> int:
    """Daily (beat): delete read notifications older than the retention period."""
    deleted = services.notifications_purge()
    logger.info("old notifications purged", extra={"deleted": deleted})
    return deleted


# --- Privacy (A6): data export and deletion of stored objects ---------------------------------
@job_task("accounts.tasks.data_export_build", time_limit=3600, soft_time_limit=3300)
def data_export_build(export_id: int) -> None:
    from .privacy.exports import data_export_run

    data_export_run(export_id)


register_job(DataExport, data_export_build)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def data_exports_expire() -> int:
    """Hourly (beat): exports past their 24 hours are deleted from storage."""
    from .privacy.exports import data_exports_expire as expire

    return expire()


@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=300, time_limit=330)
def stored_objects_delete(self) -> int:
    """Deletes queued stored objects; retries every minute while any remain."""
    from .privacy.storage import stored_objects_delete as delete

    remaining = delete()
    if remaining and not self.app.conf.task_always_eager:
        raise self.retry(countdown=60)
    return remaining
