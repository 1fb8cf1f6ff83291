"""Stripe webhook events (D3): record in the request, process in a Celery task.

Idempotent: one inbox row per Stripe event id; a processed row is never processed again.
Out-of-order safe: handlers do not apply the event's snapshot; they converge the account
to what Stripe says now (``customer_sync``).

Handled types and what they change:

- ``checkout.session.completed``: links the Stripe customer to the user, marks our
  checkout session complete, then converges the account (plan, status, period).
- ``customer.subscription.created|updated|deleted|paused|resumed``: converges the account;
  a subscription in ``past_due``/``unpaid`` starts the 7-day grace period, one in good
  standing ends it, a canceled one leaves the user on Free (or their admin grant).
- ``customer.subscription.trial_will_end``: converges, and notifies the user.
- ``invoice.paid``: mirrors the invoice (dj-stripe) and converges, ending any grace period.
- ``invoice.payment_failed``: mirrors the invoice and converges; if Stripe still has the
  invoice unpaid, starts the grace period (if not running) and notifies the user once
  per invoice.
- ``radar.early_fraud_warning.created``: flags the charge's account for admin review and
  notifies the admins.

Every other type is recorded as ignored and answered with 200.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import NotificationCategory
from accounts.services import notify
from careercopilot.queueing import send_on_commit

from .. import stripe_gateway as gateway
from ..models import CheckoutSession, WebhookEvent
from ..plans import plan_for_code
from .stripe_sync import GRACE_PERIOD, account_lock_for_customer, customer_sync

__all__ = [
    "webhook_event_fail",
    "webhook_event_handle",
    "webhook_event_record",
    "webhook_event_retry",
    "webhook_events_purge",
]


logger = logging.getLogger(__name__)


# --- Recording (in the webhook request) ---------------------------------------------------
def webhook_event_record(*, payload: dict, trigger_id: int | None = None) -> WebhookEvent:
    """Store a verified event once and queue its processing after commit.

    A duplicate delivery of an event that is already processed (or queued) changes
    nothing; a redelivery of one that failed queues it again. With the broker down the
    event stays pending and the jobs sweeper queues it later (the request still gets 200).
    """
    from ..tasks import webhook_event_process

    with transaction.atomic():
        event, created = WebhookEvent.objects.get_or_create(
            stripe_id=payload["id"],
            defaults={
                "type": payload["type"],
                "livemode": bool(payload.get("livemode")),
                "stripe_created": (
                    dt.datetime.fromtimestamp(payload["created"], tz=dt.UTC)
                    if payload.get("created")
                    else None
                ),
                "payload": payload,
                "trigger_id": trigger_id,
                "status": (
                    WebhookEvent.Status.PENDING
                    if payload["type"] in HANDLERS
                    else WebhookEvent.Status.IGNORED
                ),
            },
        )
        redelivered_failure = not created and event.status == WebhookEvent.Status.FAILED
        if redelivered_failure:
            WebhookEvent.objects.filter(pk=event.pk).update(status=WebhookEvent.Status.PENDING)
        if redelivered_failure or (created and event.status == WebhookEvent.Status.PENDING):
            send_on_commit(webhook_event_process, event.pk)
    return event


# --- Processing (in the Celery task) -------------------------------------------------------
def webhook_event_handle(*, event_pk: int) -> WebhookEvent | None:
    """Process one inbox row; safe to call any number of times."""
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.select_for_update().filter(pk=event_pk).first()
            if event is None or event.status in (
                WebhookEvent.Status.DONE,
                WebhookEvent.Status.IGNORED,
            ):
                return event
            handler = HANDLERS.get(event.type)
            if handler is None:
                event.status = WebhookEvent.Status.IGNORED
            else:
                _djstripe_event_store(event.payload)
                handler(event.payload["data"]["object"], event)
                event.status = WebhookEvent.Status.DONE
            event.processed_at = timezone.now()
            event.attempts += 1
            event.error = ""
            event.save(update_fields=["status", "processed_at", "attempts", "error"])
            return event
    except Exception as exc:
        WebhookEvent.objects.filter(pk=event_pk).update(
            attempts=F("attempts") + 1, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise


def webhook_event_fail(*, event_pk: int) -> None:
    """Retries are exhausted: leave it for an admin ("Process again" in the admin)."""
    WebhookEvent.objects.filter(pk=event_pk, status=WebhookEvent.Status.PENDING).update(
        status=WebhookEvent.Status.FAILED
    )


def _djstripe_event_store(payload: dict) -> None:
    """dj-stripe's Event row, for its admin and audit trail (its handlers do not run)."""
    from djstripe.models import Event

    if not Event.objects.filter(id=payload["id"]).exists():
        gateway.event_mirror(payload)


def _customer_id(obj: dict) -> str:
    customer = obj.get("customer")
    return customer.get("id", "") if isinstance(customer, dict) else (customer or "")


# --- Handlers --------------------------------------------------------------------------
def _on_checkout_completed(session: dict, event: WebhookEvent) -> None:
    customer_id = _customer_id(session)
    ours = CheckoutSession.objects.filter(session_id=session["id"]).first()
    user_id = ours.user_id if ours else None
    if user_id is None and str(session.get("client_reference_id") or "").isdigit():
        candidate = int(session["client_reference_id"])
        if get_user_model().objects.filter(pk=candidate).exists():
            user_id = candidate
    if ours is not None and ours.status != CheckoutSession.Status.COMPLETE:
        ours.status = CheckoutSession.Status.COMPLETE
        ours.completed_at = timezone.now()
        ours.save(update_fields=["status", "completed_at"])
    if customer_id:
        customer_sync(customer_id=customer_id, user_id=user_id)


def _on_subscription_changed(subscription: dict, event: WebhookEvent) -> None:
    customer_sync(customer_id=_customer_id(subscription))


def _on_trial_will_end(subscription: dict, event: WebhookEvent) -> None:
    account = customer_sync(customer_id=_customer_id(subscription))
    if account is None or account.subscription_status != "trialing":
        return
    plan = plan_for_code(account.stripe_plan)
    ends = subscription.get("trial_end")
    when = date_format(dt.datetime.fromtimestamp(ends, tz=dt.UTC), "F j") if ends else "soon"
    notify(
        user=account.user,
        title=f"Your {plan.name} trial ends on {when}",
        body="Your card will be charged then. Manage or cancel from the billing page.",
        url=reverse("billing:home"),
        category=NotificationCategory.BILLING,
    )


def _invoice_mirror(invoice_id: str) -> dict:
    """Stripe's current invoice, mirrored into dj-stripe; returned as a dict."""
    current = gateway.invoice_retrieve(invoice_id)
    gateway.invoice_mirror(current)
    return gateway.as_dict(current)


def _on_invoice_paid(invoice: dict, event: WebhookEvent) -> None:
    _invoice_mirror(invoice["id"])
    customer_sync(customer_id=_customer_id(invoice))


def _on_invoice_payment_failed(invoice: dict, event: WebhookEvent) -> None:
    current = _invoice_mirror(invoice["id"])
    account = customer_sync(customer_id=_customer_id(invoice))
    if account is None or current.get("status") != "open":
        return  # paid (or voided) since: nothing to chase
    if account.last_failed_invoice_id == invoice["id"]:
        return  # already told them about this invoice
    now = timezone.now()
    if account.grace_until is None:
        account.payment_failed_at = now
        account.grace_until = now + GRACE_PERIOD
    account.last_failed_invoice_id = invoice["id"]
    account.save(
        update_fields=["payment_failed_at", "grace_until", "last_failed_invoice_id", "updated_at"]
    )
    plan = plan_for_code(account.stripe_plan)
    notify(
        user=account.user,
        title="Your payment didn't go through",
        body=(
            f"We couldn't charge your card for {plan.name}. Update your payment method by "
            f"{date_format(account.grace_until, 'F j')} to keep {plan.name}; after that your account moves "
            "to the Free plan."
        ),
        url=reverse("billing:home"),
        category=NotificationCategory.BILLING,
    )


def _on_early_fraud_warning(warning: dict, event: WebhookEvent) -> None:
    charge_id = warning.get("charge")
    charge_id = charge_id.get("id") if isinstance(charge_id, dict) else charge_id
    customer_id = _customer_id(gateway.charge_retrieve(charge_id)) if charge_id else ""
    account = account_lock_for_customer(customer_id) if customer_id else None
    if account is None:
        logger.warning("billing: early fraud warning %s for an unknown customer", warning["id"])
        return
    if warning["id"] in account.fraud_reason:
        return
    reason = (
        f"Early fraud warning {warning['id']} ({warning.get('fraud_type', 'unknown')}) "
        f"on charge {charge_id}."
    )
    account.fraud_flagged_at = timezone.now()
    account.fraud_reviewed_at = None
    account.fraud_reason = f"{account.fraud_reason}\n{reason}".strip()
    account.save(
        update_fields=["fraud_flagged_at", "fraud_reviewed_at", "fraud_reason", "updated_at"]
    )
    url = reverse("admin:billing_billingaccount_change", args=[account.pk])
    for admin in get_user_model().objects.filter(is_superuser=True, is_active=True):
        notify(
            user=admin,
            title=f"Review billing account of {account.user.email}",
            body=reason,
            url=url,
            category=NotificationCategory.BILLING,
        )


HANDLERS: dict[str, Callable[[dict, WebhookEvent], None]] = {
    "checkout.session.completed": _on_checkout_completed,
    "customer.subscription.created": _on_subscription_changed,
    "customer.subscription.updated": _on_subscription_changed,
    "customer.subscription.deleted": _on_subscription_changed,
    "customer.subscription.paused": _on_subscription_changed,
    "customer.subscription.resumed": _on_subscription_changed,
    "customer.subscription.trial_will_end": _on_trial_will_end,
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_invoice_payment_failed,
    "radar.early_fraud_warning.created": _on_early_fraud_warning,
}
HANDLED_EVENT_TYPES = tuple(HANDLERS)


def webhook_event_retry(*, event: WebhookEvent) -> None:
    """An admin asks for a failed event to be processed again."""
    from ..tasks import webhook_event_process

    if event.status != WebhookEvent.Status.FAILED:
        return
    WebhookEvent.objects.filter(pk=event.pk).update(status=WebhookEvent.Status.PENDING)
    send_on_commit(webhook_event_process, event.pk)


RETENTION = dt.timedelta(days=90)


def webhook_events_purge(*, older_than: dt.timedelta = RETENTION) -> int:
    """Delete processed or ignored inbox rows and their delivery records after 90 days.

    Failed and pending events stay until someone deals with them; dj-stripe's ``Event``
    copies stay as the audit trail.
    """
    from djstripe.models import WebhookEventTrigger

    cutoff = timezone.now() - older_than
    old = WebhookEvent.objects.filter(
        received_at__lt=cutoff,
        status__in=[WebhookEvent.Status.DONE, WebhookEvent.Status.IGNORED],
    )
    WebhookEventTrigger.objects.filter(
        pk__in=old.exclude(trigger_id=None).values("trigger_id")
    ).delete()
    deleted, _ = old.delete()
    return deleted
