"""Converge a customer's billing state to Stripe's current subscriptions.

Webhook events only say *that* something changed. Whatever the event, order or
duplication, the account is rebuilt from the customer's subscriptions as Stripe has them
now (listed through the API), under a row lock on the account, so the last writer always
writes the freshest state.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .. import stripe_gateway as gateway
from ..models import (
    GOOD_STANDING,
    IN_DUNNING,
    LIVE_STATUSES,
    BillingAccount,
    SubscriptionRecord,
    SubscriptionStatus,
)
from ..plans import FREE, plan_for_code, plan_for_lookup_key

__all__ = [
    "account_for_user",
    "account_lock_for_customer",
    "customer_sync",
    "subscription_is_live",
]


logger = logging.getLogger(__name__)

GRACE_PERIOD = dt.timedelta(days=7)


def _ts(value) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC) if value else None


def account_for_user(user) -> BillingAccount:
    account, _ = BillingAccount.objects.get_or_create(user=user)
    return account


def _user_id_for_customer(customer_id: str) -> int | None:
    """The user a Stripe customer belongs to: dj-stripe's link, else the customer's metadata."""
    from djstripe.models import Customer
    from djstripe.settings import djstripe_settings

    linked = Customer.objects.filter(id=customer_id).values_list("subscriber_id", flat=True)
    user_id = next(iter(linked), None)
    if user_id:
        return user_id
    try:
        customer = gateway.customer_retrieve(customer_id)
    except Exception:  # an unknown or deleted customer is simply not ours
        logger.warning("billing: cannot retrieve Stripe customer %s", customer_id, exc_info=True)
        return None
    raw = (customer.get("metadata") or {}).get(djstripe_settings.SUBSCRIBER_CUSTOMER_KEY)
    if raw and str(raw).isdigit() and get_user_model().objects.filter(pk=int(raw)).exists():
        return int(raw)
    return None


def account_lock_for_customer(customer_id: str, *, user_id: int | None = None):
    """The customer's BillingAccount, locked for update (linked on first sight), or None."""
    account = BillingAccount.objects.select_for_update().filter(customer_id=customer_id).first()
    if account is not None:
        return account
    user_id = user_id or _user_id_for_customer(customer_id)
    if user_id is None:
        return None
    BillingAccount.objects.get_or_create(user_id=user_id)
    account = BillingAccount.objects.select_for_update().get(user_id=user_id)
    if account.customer_id != customer_id:
        account.customer_id = customer_id
        account.save(update_fields=["customer_id", "updated_at"])
    return account


def _plan_code(subscription: dict) -> str:
    items = (subscription.get("items") or {}).get("data") or []
    price = (items[0].get("price") if items else None) or {}
    plan = plan_for_lookup_key(price.get("lookup_key"))
    if plan is None and (price.get("metadata") or {}).get("plan"):
        plan = plan_for_code(price["metadata"]["plan"])
        plan = None if plan is FREE else plan
    return plan.code if plan else ""


def _record_fields(subscription: dict) -> dict:
    items = (subscription.get("items") or {}).get("data") or []
    item = items[0] if items else {}
    price = item.get("price") or {}
    return {
        "customer_id": subscription["customer"],
        "plan": _plan_code(subscription),
        "status": subscription["status"],
        "unit_amount": int(price.get("unit_amount") or 0) * int(item.get("quantity") or 1),
        "currency": price.get("currency") or subscription.get("currency") or "usd",
        "started_at": _ts(subscription.get("start_date") or subscription.get("created")),
        "trial_start": _ts(subscription.get("trial_start")),
        "trial_end": _ts(subscription.get("trial_end")),
        # API versions from 2025 keep the period on the items; older ones on the subscription.
        "current_period_start": _ts(
            item.get("current_period_start") or subscription.get("current_period_start")
        ),
        "current_period_end": _ts(
            item.get("current_period_end") or subscription.get("current_period_end")
        ),
        "cancel_at_period_end": bool(subscription.get("cancel_at_period_end")),
        "canceled_at": _ts(subscription.get("canceled_at")),
        "ended_at": _ts(subscription.get("ended_at")),
    }


def _current(records: list[SubscriptionRecord]) -> SubscriptionRecord | None:
    """The subscription that decides the plan: live ones first, then the most recent."""
    if not records:
        return None

    def key(record: SubscriptionRecord):
        return (
            record.status in LIVE_STATUSES and bool(record.plan),
            record.status in GOOD_STANDING,
            plan_for_code(record.plan).rank if record.plan else -1,
            record.started_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        )

    return max(records, key=key)


def _apply(account: BillingAccount, current: SubscriptionRecord | None, now) -> None:
    live = current is not None and current.status in LIVE_STATUSES and bool(current.plan)
    account.stripe_plan = current.plan if current is not None and live else FREE.code
    account.subscription_id = current.subscription_id if current else ""
    account.subscription_status = current.status if current else ""
    account.current_period_start = current.current_period_start if current else None
    account.current_period_end = current.current_period_end if current else None
    account.cancel_at_period_end = bool(current and current.cancel_at_period_end)
    if current is not None and live and current.status in IN_DUNNING:
        if account.grace_until is None:  # first sight of the failed renewal starts the clock
            account.payment_failed_at = account.payment_failed_at or now
            account.grace_until = account.payment_failed_at + GRACE_PERIOD
    else:  # paid up, or nothing left to be in arrears on
        account.payment_failed_at = None
        account.grace_until = None
        account.last_failed_invoice_id = ""
        account.downgrade_notified_at = None
    account.stripe_synced_at = now


@transaction.atomic
def customer_sync(*, customer_id: str, user_id: int | None = None) -> BillingAccount | None:
    """Rebuild ``customer_id``'s account from Stripe's current subscriptions.

    Also refreshes dj-stripe's mirror of each subscription. Returns None for a
    customer that belongs to no user (created outside the product).
    """
    from djstripe.models import Subscription

    now = timezone.now()
    account = account_lock_for_customer(customer_id, user_id=user_id)
    user = account.user_id if account else None
    records = []
    subscriptions = gateway.subscriptions_for_customer(customer_id)
    mirrored = dict(
        Subscription.objects.filter(id__in=[s["id"] for s in subscriptions]).values_list(
            "id", "stripe_data"
        )
    )
    for subscription in subscriptions:
        data = json.loads(str(subscription))  # the form dj-stripe stores in stripe_data
        if mirrored.get(data["id"]) != data:  # unchanged since the last sync: nothing to do
            gateway.subscription_mirror(subscription)
        record, _ = SubscriptionRecord.objects.update_or_create(
            subscription_id=data["id"], defaults={**_record_fields(data), "user_id": user}
        )
        records.append(record)
    if account is None:
        logger.warning("billing: Stripe customer %s is not linked to a user", customer_id)
        return None
    before = (account.stripe_plan, account.subscription_status in GOOD_STANDING)
    _apply(account, _current(records), now)
    account.save()
    _notify_change(account, before=before)
    return account


def _notify_change(account: BillingAccount, *, before: tuple[str, bool]) -> None:
    """Tell the user when a paid plan starts, changes or ends (once per change)."""
    from django.urls import reverse

    from accounts.models import NotificationCategory
    from accounts.services import notify

    old_plan, was_good = before
    now_good = account.subscription_status in GOOD_STANDING
    new_plan = account.stripe_plan if now_good else FREE.code
    old_plan = old_plan if was_good else FREE.code
    if new_plan == old_plan:
        return
    plan = plan_for_code(new_plan)
    if plan is FREE:
        if account.subscription_status in IN_DUNNING:
            return  # the grace period runs; grace_periods_expire says when it is over
        title = f"Your {plan_for_code(old_plan).name} subscription has ended"
        body = "You're on the Free plan now. You can subscribe again any time."
    else:
        title = f"You're on {plan.name}"
        body = "Your payment went through and your new allowances apply from now on."
    notify(
        user=account.user,
        title=title,
        body=body,
        url=reverse("billing:home"),
        category=NotificationCategory.BILLING,
    )


def subscription_is_live(status: str) -> bool:
    return status in LIVE_STATUSES and status != SubscriptionStatus.INCOMPLETE
