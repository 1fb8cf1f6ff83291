"""Admin grants (D7), fraud review, grace-period expiry and cancellation on account deletion."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import NotificationCategory
from accounts.services import notify

from .. import stripe_gateway as gateway
from ..models import IN_DUNNING, BillingAccount
from ..plans import PLANS, plan_for_code
from ..selectors import billing_enabled
from .stripe_sync import account_for_user, customer_sync, subscription_is_live

__all__ = [
    "fraud_flag_review",
    "grace_periods_expire",
    "plan_grant",
    "plan_grant_revoke",
    "subscription_cancel_for_user",
]


logger = logging.getLogger(__name__)


@transaction.atomic
def plan_grant(*, user, plan_code: str, until: dt.datetime, note: str = "") -> BillingAccount:
    """Give ``user`` a plan until ``until`` (works with or without Stripe)."""
    if plan_code not in PLANS or plan_for_code(plan_code).is_free:
        raise ValueError(f"Only a paid plan can be granted, not {plan_code!r}.")
    if until <= timezone.now():
        raise ValueError("A grant needs an end date in the future.")
    account = account_for_user(user)
    account.granted_plan, account.granted_until, account.granted_note = plan_code, until, note
    account.save(update_fields=["granted_plan", "granted_until", "granted_note", "updated_at"])
    audit.record(
        audit.AuditAction.PLAN_CHANGED_BY_ADMIN,
        subject=user,
        obj=account,
        plan=plan_code,
        until=until,
    )
    return account


@transaction.atomic
def plan_grant_revoke(*, account: BillingAccount) -> BillingAccount:
    account.granted_plan, account.granted_until, account.granted_note = "", None, ""
    account.save(update_fields=["granted_plan", "granted_until", "granted_note", "updated_at"])
    audit.record(
        audit.AuditAction.PLAN_CHANGED_BY_ADMIN, subject=account.user_id, obj=account, revoked=True
    )
    return account


def fraud_flag_review(*, account: BillingAccount) -> BillingAccount:
    """An admin reviewed the early fraud warning(s); the flag clears."""
    if account.fraud_flagged_at and not account.fraud_reviewed_at:
        account.fraud_reviewed_at = timezone.now()
        account.save(update_fields=["fraud_reviewed_at", "updated_at"])
    return account


def grace_periods_expire(*, now: dt.datetime | None = None) -> int:
    """Notify, once, each user whose grace period ended unpaid: they are on Free now.

    The downgrade itself needs no write: ``entitlement_state`` stops counting the paid
    plan at ``grace_until``. A later successful payment restores it.
    """
    now = now or timezone.now()
    due = BillingAccount.objects.filter(
        grace_until__lte=now,
        downgrade_notified_at__isnull=True,
        subscription_status__in=IN_DUNNING,
    ).select_related("user")
    count = 0
    for account in due:
        with transaction.atomic():
            updated = BillingAccount.objects.filter(
                pk=account.pk, downgrade_notified_at__isnull=True
            ).update(downgrade_notified_at=now)
            if not updated:
                continue
            plan = plan_for_code(account.stripe_plan)
            notify(
                user=account.user,
                title="Your account moved to the Free plan",
                body=(
                    f"We still couldn't collect the payment for {plan.name}, so your account "
                    f"is on the Free plan now. Update your payment method to get {plan.name} "
                    "back straight away."
                ),
                url=reverse("billing:home"),
                category=NotificationCategory.BILLING,
            )
            count += 1
    return count


def subscription_cancel_for_user(*, user) -> list[str]:
    """Cancel, at once, every live Stripe subscription of ``user`` (account deletion, A6).

    Returns the canceled subscription ids. Without Stripe configured or a customer,
    there is nothing to cancel.
    """
    account = BillingAccount.objects.filter(user=user).first()
    if account is None or not account.customer_id or not billing_enabled():
        return []
    canceled = []
    for subscription in gateway.subscriptions_for_customer(account.customer_id):
        if subscription_is_live(subscription["status"]) or subscription["status"] == "incomplete":
            gateway.subscription_cancel(subscription["id"])
            canceled.append(subscription["id"])
    if canceled:
        customer_sync(customer_id=account.customer_id, user_id=user.pk)
    logger.info("billing: canceled %s for user %s", canceled or "nothing", user.pk)
    return canceled
