"""Billing rows for tests. Stripe-side objects come from the fake Stripe server instead."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from billing.models import BillingAccount, SubscriptionStatus


def grant(user, plan: str, *, days: int = 30) -> BillingAccount:
    """An admin grant of ``plan`` to ``user`` for ``days``."""
    account, _ = BillingAccount.objects.update_or_create(
        user=user,
        defaults={"granted_plan": plan, "granted_until": timezone.now() + dt.timedelta(days=days)},
    )
    return account


def stripe_subscriber(
    user,
    plan: str,
    *,
    status: str = SubscriptionStatus.ACTIVE,
    period_start: dt.datetime | None = None,
    customer_id: str | None = None,
) -> BillingAccount:
    """A user whose account webhook processing marked as subscribed to ``plan``."""
    start = period_start or timezone.now() - dt.timedelta(days=3)
    account, _ = BillingAccount.objects.update_or_create(
        user=user,
        defaults={
            "customer_id": customer_id or f"cus_test{user.pk:06d}",
            "stripe_plan": plan,
            "subscription_id": f"sub_test{user.pk:06d}",
            "subscription_status": status,
            "current_period_start": start,
            "current_period_end": start + dt.timedelta(days=30),
        },
    )
    return account
