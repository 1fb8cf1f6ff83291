"""Demo data for billing: the demo seeker has Pro (granted, as an admin would without
Stripe) and has used part of this period's allowances, so the usage bars show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from .models import Usage
from .selectors import entitlement_state
from .services import plan_grant

DEMO_USAGE = {
    "ai_analyses": 37,
    "cover_letters": 12,
    "interview_prep": 9,
    "chat_messages": 140,
    "resumes": 3,
}


def seed(*, users: dict, log: Callable[[str], None]) -> None:
    seeker = users.get("seeker")
    if seeker is None:
        return
    plan_grant(
        user=seeker,
        plan_code="pro",
        until=timezone.now() + dt.timedelta(days=30),
        note="Demo account",
    )
    period = entitlement_state(seeker).period
    for feature, used in DEMO_USAGE.items():
        Usage.objects.update_or_create(
            user=seeker, feature=feature, period_start=period.start, defaults={"used": used}
        )
    log(f"  {seeker.email}: Pro (granted for 30 days) with part of this month's allowance used")
