"""Admin metrics (D6): subscribers per plan, MRR, trial and paid conversions, churn per month.

Computed from our SubscriptionRecord rows (one per Stripe subscription, kept current by
webhook processing) and sign-up dates. Definitions:

- *subscriber*: a subscription to one of our plans that is trialing, active, past due
  or unpaid right now.
- *MRR*: the monthly amount of active and past-due subscriptions (trials are not revenue).
- *paid start*: when a subscription began paying, the end of its trial or else its start;
  it *converted* if it is still paying, or ended after that moment.
- *paid conversions* of a month: subscriptions whose paid start fell in it; with the
  month's sign-ups for scale.
- *trial conversions* of a month: trials that ended in it, and how many converted.
- *churn* of a month: paying subscriptions that ended in it, over those paying when it began.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import BillingAccount, SubscriptionRecord, SubscriptionStatus
from .periods import add_months, calendar_month
from .plans import PAID_PLANS

S = SubscriptionStatus
SUBSCRIBED = {S.TRIALING, S.ACTIVE, S.PAST_DUE, S.UNPAID}
REVENUE = {S.ACTIVE, S.PAST_DUE}
PAYING_NOW = {S.ACTIVE, S.PAST_DUE, S.UNPAID}


@dataclass(frozen=True)
class PlanLine:
    name: str
    subscribers: int
    trialing: int
    mrr: Decimal


@dataclass(frozen=True)
class MonthLine:
    month: dt.datetime
    signups: int
    paid_conversions: int
    trials_ended: int
    trials_converted: int
    paying_at_start: int
    churned: int

    @property
    def trial_conversion_rate(self) -> float | None:
        return self.trials_converted / self.trials_ended if self.trials_ended else None

    @property
    def churn_rate(self) -> float | None:
        return self.churned / self.paying_at_start if self.paying_at_start else None


@dataclass(frozen=True)
class Metrics:
    plans: list[PlanLine]
    subscribers: int
    mrr: Decimal
    active_grants: int
    months: list[MonthLine]


def _paid_start(row: dict) -> dt.datetime | None:
    return row["trial_end"] or row["started_at"]


def _converted(row: dict, now: dt.datetime) -> bool:
    start = _paid_start(row)
    if start is None or start > now:
        return False
    if row["status"] in PAYING_NOW:
        return True
    return row["status"] == S.CANCELED and row["ended_at"] is not None and row["ended_at"] > start


def _paying_at(row: dict, moment: dt.datetime, now: dt.datetime) -> bool:
    start = _paid_start(row)
    if not _converted(row, now) or start is None or start > moment:
        return False
    return row["ended_at"] is None or row["ended_at"] > moment


def billing_metrics(*, months: int = 12, now: dt.datetime | None = None) -> Metrics:
    now = now or timezone.now()
    rows = list(
        SubscriptionRecord.objects.exclude(plan="").values(
            "plan", "status", "unit_amount", "started_at", "trial_end", "ended_at"
        )
    )
    plans = []
    for plan in PAID_PLANS:
        mine = [r for r in rows if r["plan"] == plan.code]
        mrr_cents = sum(r["unit_amount"] for r in mine if r["status"] in REVENUE)
        plans.append(
            PlanLine(
                name=plan.name,
                subscribers=sum(r["status"] in SUBSCRIBED for r in mine),
                trialing=sum(r["status"] == S.TRIALING for r in mine),
                mrr=Decimal(mrr_cents) / 100,
            )
        )

    first = add_months(calendar_month(now).start, -(months - 1))
    signups = dict(
        get_user_model()
        .objects.filter(date_joined__gte=first)
        .annotate(month=TruncMonth("date_joined", tzinfo=dt.UTC))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    lines = []
    for index in range(months):
        start = add_months(first, index)
        end = add_months(start, 1)

        def within(moment, start=start, end=end) -> bool:
            return moment is not None and start <= moment < end and moment <= now

        trials = [r for r in rows if r["trial_end"] and within(r["trial_end"])]
        lines.append(
            MonthLine(
                month=start,
                signups=signups.get(start, 0),
                paid_conversions=sum(within(_paid_start(r)) and _converted(r, now) for r in rows),
                trials_ended=len(trials),
                trials_converted=sum(_converted(r, now) for r in trials),
                paying_at_start=sum(_paying_at(r, start, now) for r in rows),
                churned=sum(
                    _paying_at(r, start, now)
                    and r["status"] == S.CANCELED
                    and within(r["ended_at"])
                    for r in rows
                ),
            )
        )
    return Metrics(
        plans=plans,
        subscribers=sum(p.subscribers for p in plans),
        mrr=sum((p.mrr for p in plans), Decimal(0)),
        active_grants=BillingAccount.objects.exclude(granted_plan="")
        .filter(granted_until__gt=now)
        .count(),
        months=list(reversed(lines)),
    )
