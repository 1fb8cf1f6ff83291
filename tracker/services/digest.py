"""The daily digest: follow-ups due, deadlines within 48 hours and tomorrow's interviews."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careercopilot.timezones import user_today

from ..models import Application, DigestLog, Interview
from ..selectors.reminders import (
    deadlines_soon,
    digest_due_user_ids,
    follow_ups_due,
    interviews_tomorrow,
)

__all__ = [
    "digest_items",
    "digest_send",
    "digests_queue_due",
]


DIGEST_LOCAL_HOUR = 8  # sent on the first run after 08:00 in the user's time zone
DIGEST_ITEM_LIMIT = 20


@dataclass
class DigestItems:
    follow_ups: list[Application] = field(default_factory=list)
    deadlines: list[Application] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.follow_ups or self.deadlines or self.interviews)

    def title(self) -> str:
        parts = []
        if self.interviews:
            parts.append(_plural(len(self.interviews), "interview") + " tomorrow")
        if self.deadlines:
            parts.append(_plural(len(self.deadlines), "deadline") + " within 48 hours")
        if self.follow_ups:
            parts.append(_plural(len(self.follow_ups), "follow-up") + " due")
        return "Today: " + ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def digest_items(*, user, now: dt.datetime | None = None) -> DigestItems:
    now = now or timezone.now()
    return DigestItems(
        follow_ups=list(follow_ups_due(user, now=now)[:DIGEST_ITEM_LIMIT]),
        deadlines=list(deadlines_soon(user, now=now)[:DIGEST_ITEM_LIMIT]),
        interviews=list(interviews_tomorrow(user, now=now)[:DIGEST_ITEM_LIMIT]),
    )


def digest_send(*, user, now: dt.datetime | None = None) -> DigestLog | None:
    """Sends today's digest once: a second call on the same local day sends nothing.

    The DigestLog row (unique per user and day) and the notification are written in one
    transaction, so a failure leaves no log and the next run tries again; a concurrent
    run loses on the unique constraint and sends nothing.
    """
    from accounts.models import NotificationCategory
    from accounts.services import notify

    now = now or timezone.now()
    today = user_today(user, now)
    if DigestLog.objects.filter(user=user, date=today).exists():
        return None
    items = digest_items(user=user, now=now)
    if items.empty:
        return None
    try:
        with transaction.atomic():
            log = DigestLog.objects.create(
                user=user,
                date=today,
                sent_at=now,
                follow_ups=len(items.follow_ups),
                deadlines=len(items.deadlines),
                interviews=len(items.interviews),
            )
            body = render_to_string(
                "tracker/email/digest.txt", {"items": items, "user": user}
            ).strip()
            notify(
                user=user,
                title=items.title(),
                body=body,
                url=reverse("tracker:reminders"),
                category=NotificationCategory.TRACKER,
            )
    except IntegrityError:
        return None
    return log


def digests_queue_due(*, now: dt.datetime | None = None) -> int:
    """Queues a digest for each user whose local day has begun (08:00); returns how many.

    A digest the broker did not take (it was down) is queued again by the next hourly run:
    the user still has no digest for that day.
    """
    from careercopilot.queueing import send

    from ..tasks import digest_send_for_user

    now = now or timezone.now()
    due = digest_due_user_ids(now=now, local_hour=DIGEST_LOCAL_HOUR)
    return sum(send(digest_send_for_user, user_id) for user_id in due)
