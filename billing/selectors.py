"""Read queries for billing: the user's plan, period, usage, checkout sessions, invoices,
and webhook events still waiting to be processed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from djstripe.settings import djstripe_settings

from .models import (
    GOOD_STANDING,
    IN_DUNNING,
    BillingAccount,
    CheckoutSession,
    Usage,
    WebhookEvent,
)
from .periods import Period, calendar_month, monthly_period
from .plans import FEATURES, FREE, Plan, best_plan, plan_for_code


def billing_enabled() -> bool:
    """Stripe billing is on when the secret key of the current mode is configured (D7)."""
    return bool(djstripe_settings.STRIPE_SECRET_KEY)


def billing_account_for_user(user) -> BillingAccount | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return BillingAccount.objects.filter(user=user).first()


def stripe_plan_applies(account: BillingAccount, now: dt.datetime) -> bool:
    """Whether the plan paid through Stripe is in force right now."""
    if account.stripe_plan == FREE.code or not account.subscription_id:
        return False
    if account.grace_until is not None and now >= account.grace_until:
        return False  # a failed renewal stayed unpaid through the grace period
    if account.subscription_status in GOOD_STANDING:
        return True
    return account.subscription_status in IN_DUNNING and account.grace_until is not None


def grant_applies(account: BillingAccount, now: dt.datetime) -> bool:
    return (
        bool(account.granted_plan)
        and account.granted_until is not None
        and (now < account.granted_until)
    )


@dataclass(frozen=True)
class EntitlementState:
    plan: Plan
    source: str  # "free", "stripe" or "grant"
    period: Period
    account: BillingAccount | None


def entitlement_state(user, *, account: BillingAccount | None = None, now=None) -> EntitlementState:
    """The plan in force for ``user`` and the billing period its quotas count in.

    Stripe's plan counts only while billing is configured; an admin grant counts until
    its end date; the better of the two wins. Paid plans count usage over the Stripe
    subscription's period, everything else over calendar months (UTC).
    """
    now = now or timezone.now()
    if account is None:
        account = billing_account_for_user(user)
    if account is None:
        return EntitlementState(plan=FREE, source="free", period=calendar_month(now), account=None)
    stripe_plan = (
        plan_for_code(account.stripe_plan)
        if billing_enabled() and stripe_plan_applies(account, now)
        else None
    )
    granted = plan_for_code(account.granted_plan) if grant_applies(account, now) else None
    plan = best_plan(stripe_plan, granted)
    if stripe_plan is not None and plan is stripe_plan and account.current_period_start:
        period = monthly_period(
            start=account.current_period_start, end=account.current_period_end, now=now
        )
        return EntitlementState(plan=plan, source="stripe", period=period, account=account)
    source = "grant" if granted is not None and plan is granted else "free"
    return EntitlementState(plan=plan, source=source, period=calendar_month(now), account=account)


def plan_for_user(user) -> Plan:
    """The plan whose entitlements ``user`` has right now (Premium unlocks Claude)."""
    return entitlement_state(user).plan


@dataclass(frozen=True)
class UsageLine:
    feature: str
    label: str
    used: int
    limit: int | None

    @property
    def unlimited(self) -> bool:
        return self.limit is None

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def percent(self) -> int:
        if not self.limit:
            return 0 if self.limit is None else 100
        return min(100, round(100 * self.used / self.limit))

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def usage_for_user(user, *, state: EntitlementState | None = None) -> list[UsageLine]:
    """One line per metered feature for the current period: what the usage bars show."""
    state = state or entitlement_state(user)
    used = dict(
        Usage.objects.filter(user=user, period_start=state.period.start).values_list(
            "feature", "used"
        )
    )
    return [
        UsageLine(
            feature=feature, label=label, used=used.get(feature, 0), limit=state.plan.limit(feature)
        )
        for feature, label in FEATURES.items()
    ]


def get_checkout_session_for_user(user, session_id: str) -> CheckoutSession:
    """The checkout session ``user`` started; 404 for anyone else's or an unknown id."""
    session = CheckoutSession.objects.filter(user=user, session_id=session_id).first()
    if session is None:
        raise Http404("No such checkout session.")
    return session


@dataclass(frozen=True)
class InvoiceLine:
    id: str
    number: str
    created: dt.datetime | None
    amount: Decimal
    currency: str
    status: str


def invoices_for_user(user, *, limit: int = 24) -> list[InvoiceLine]:
    """The user's invoices from dj-stripe's mirror, newest first."""
    from djstripe.models import Invoice

    account = billing_account_for_user(user)
    if account is None or not account.customer_id:
        return []
    invoices = Invoice.objects.filter(customer__id=account.customer_id).order_by("-created")
    return [
        InvoiceLine(
            id=invoice.id,
            number=invoice.stripe_data.get("number") or invoice.id,
            created=invoice.created,
            amount=Decimal(int(invoice.stripe_data.get("total") or 0)) / 100,
            currency=(invoice.stripe_data.get("currency") or "usd").upper(),
            status=invoice.stripe_data.get("status") or "",
        )
        for invoice in invoices[:limit]
    ]


def get_invoice_for_user(user, invoice_id: str):
    """One of the user's own invoices; 404 for anyone else's."""
    from djstripe.models import Invoice

    account = billing_account_for_user(user)
    invoice = None
    if account is not None and account.customer_id:
        invoice = Invoice.objects.filter(id=invoice_id, customer__id=account.customer_id).first()
    if invoice is None:
        raise Http404("No such invoice.")
    return invoice


# A pending event this old lost its message (a broker outage): younger ones may still be
# waiting out a retry's backoff.
WEBHOOK_STUCK_AFTER = dt.timedelta(minutes=10)


def webhook_events_due(before: dt.datetime) -> list[tuple[int]]:
    """Pending events received before ``before`` (and at least WEBHOOK_STUCK_AFTER ago):
    the jobs sweeper queues them again."""
    cutoff = min(before, timezone.now() - WEBHOOK_STUCK_AFTER)
    pending = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.PENDING, received_at__lt=cutoff
    ).order_by("received_at")
    return [(pk,) for pk in pending.values_list("pk", flat=True)[:500]]
