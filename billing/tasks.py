"""Billing tasks: thin wrappers around services (queue "default")."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError

from careercopilot.jobs.registry import register_outbox

from .selectors import webhook_events_due
from .services import accounts as account_services
from .services import webhooks as webhook_services
from .stripe_gateway import RETRYABLE_ERRORS

logger = logging.getLogger(__name__)

# Worth another try: Stripe or the network hiccuped, or the database did.
RETRYABLE = (*RETRYABLE_ERRORS, DatabaseError)
MAX_RETRIES = 8


@shared_task(bind=True, max_retries=MAX_RETRIES)
def webhook_event_process(self, event_pk: int) -> None:
    """Process one recorded Stripe event; idempotent, retried with backoff."""
    try:
        webhook_services.webhook_event_handle(event_pk=event_pk)
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            webhook_services.webhook_event_fail(event_pk=event_pk)
            raise
        raise self.retry(exc=exc, countdown=min(2**self.request.retries * 5, 600)) from exc
    except Exception:
        webhook_services.webhook_event_fail(event_pk=event_pk)
        logger.exception("billing: webhook event %s failed", event_pk)
        raise


# Events recorded but never processed (the broker was down): the jobs sweeper sends them.
register_outbox("billing.webhook_event", webhook_event_process, webhook_events_due)


@shared_task
def grace_periods_expire() -> int:
    """Tell users whose grace period ran out that they are on Free now."""
    return account_services.grace_periods_expire()


@shared_task
def webhook_events_purge_old() -> int:
    """Daily: forget processed webhook deliveries after 90 days."""
    return webhook_services.webhook_events_purge()
