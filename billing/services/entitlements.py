"""Quotas (D5): check and consume in one atomic step, per billing period.

Callers (resumes, AI features) call ``entitlement_consume`` inside the transaction that
starts the work, before any of it runs; over quota it raises ``QuotaExceeded`` and
nothing happens. If work that was paid for fails for good later (in a task), they give
the units back with ``entitlement_release``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ..models import Usage
from ..plans import FEATURE_NOUNS, FEATURES, PLANS, Plan
from ..selectors import billing_enabled, entitlement_state

__all__ = [
    "Allowance",
    "QuotaExceeded",
    "entitlement_consume",
    "entitlement_release",
]


class QuotaExceeded(Exception):
    """The user's plan has no allowance left for ``feature`` this period.

    ``message`` is ready to show to the user; ``upgrade_url`` leads to the plans.
    """

    def __init__(
        self,
        *,
        feature: str,
        plan: Plan,
        limit: int,
        used: int,
        resets_at: dt.datetime,
        upgrade_url: str,
    ) -> None:
        self.feature = feature
        self.plan = plan
        self.limit = limit
        self.used = used
        self.resets_at = resets_at
        self.upgrade_url = upgrade_url
        self.upgrade_plan = _next_plan(plan)
        self.message = _quota_message(self)
        super().__init__(self.message)


def _next_plan(plan: Plan) -> Plan | None:
    better = [p for p in PLANS.values() if p.rank > plan.rank]
    return min(better, key=lambda p: p.rank) if better else None


def _quota_message(exc: QuotaExceeded) -> str:
    label = FEATURE_NOUNS[exc.feature]
    resets = date_format(timezone.localtime(exc.resets_at), "N j")  # in the user's zone
    message = (
        f"You have used all {exc.limit} {label} included in the {exc.plan.name} plan "
        f"this period. Your allowance resets on {resets}."
    )
    upgrade = exc.upgrade_plan
    if upgrade is None:
        return message
    more = "unlimited" if upgrade.limit(exc.feature) is None else upgrade.limit(exc.feature)
    if billing_enabled():
        return f"{message} Upgrade to {upgrade.name} for {more} {label} a month."
    return f"{message} {upgrade.name} includes {more} {label} a month; ask an administrator."


@dataclass(frozen=True)
class Allowance:
    """What is left after a successful consumption."""

    feature: str
    plan: Plan
    used: int
    limit: int | None
    period_start: dt.datetime
    period_end: dt.datetime

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)


def _check_feature(feature: str, amount: int) -> None:
    if feature not in FEATURES:
        raise ValueError(f"Unknown feature {feature!r}; one of {', '.join(FEATURES)}")
    if amount < 1:
        raise ValueError("amount must be at least 1")


def entitlement_consume(*, user, feature: str, amount: int = 1) -> Allowance:
    """Use ``amount`` of ``feature`` in the user's current period, or raise QuotaExceeded.

    The check and the increment are one conditional UPDATE
    (``SET used = used + n WHERE used <= limit - n``), so parallel requests cannot
    overdraw: the database serialises them on the usage row.
    """
    _check_feature(feature, amount)
    state = entitlement_state(user)
    limit = state.plan.limit(feature)
    period = state.period
    rows = Usage.objects.filter(user=user, feature=feature, period_start=period.start)
    conditional = rows if limit is None else rows.filter(used__lte=limit - amount)
    now = timezone.now()
    with transaction.atomic():
        for _ in range(2):
            if conditional.update(used=F("used") + amount, updated_at=now):
                used = rows.values_list("used", flat=True).get()
                return Allowance(
                    feature=feature,
                    plan=state.plan,
                    used=used,
                    limit=limit,
                    period_start=period.start,
                    period_end=period.end,
                )
            current = rows.values_list("used", flat=True).first()
            if current is not None:
                break
            try:  # first use this period: create the row, then consume through the UPDATE
                with transaction.atomic():
                    Usage.objects.create(
                        user=user, feature=feature, period_start=period.start, used=0
                    )
            except IntegrityError:
                pass  # a parallel request created it first
        else:
            current = rows.values_list("used", flat=True).first() or 0
    raise QuotaExceeded(
        feature=feature,
        plan=state.plan,
        limit=limit or 0,
        used=current,
        resets_at=period.end,
        upgrade_url=reverse("pricing"),
    )


def entitlement_release(
    *, user, feature: str, amount: int = 1, period_start: dt.datetime | None = None
) -> None:
    """Give back units of work that failed for good (never below zero).

    ``period_start`` is the ``Allowance.period_start`` the units were consumed in;
    by default, the current period.
    """
    _check_feature(feature, amount)
    if period_start is None:
        period_start = entitlement_state(user).period.start
    Usage.objects.filter(user=user, feature=feature, period_start=period_start).update(
        used=Greatest(F("used") - amount, Value(0)), updated_at=timezone.now()
    )
