"""The one sweeper (beat, every minute): work whose message was lost is sent again.

- Queued rows older than JOBS_REQUEUE_AFTER_SECONDS: the message was never sent (the
  broker was down) or was lost with it.
- Running rows past their lease: the worker died mid-task (kill -9, out of memory, a lost
  machine). Celery would redeliver that message only after the broker's visibility
  timeout (hours, sized for video transcodes). A row that has been claimed
  ``MAX_ATTEMPTS`` times and stopped again fails with a message (and gives its quota unit
  back), so a job that kills its worker cannot loop.
- Outbox rows (``register_outbox``) that still owe their message.

Each row is sent at most once per requeue period, so a long queue is not flooded with
copies. Duplicates are harmless anyway: a finished row is skipped, a running one is left
to the attempt that owns it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from careercopilot.queueing import send

from .models import JobState
from .registry import JobKind, Outbox, job_kinds, outboxes, requeue_after
from .runner import fail

logger = logging.getLogger(__name__)

BATCH = 500
MAX_ATTEMPTS = 3
STALLED_MESSAGE = "This stopped before it finished, several times. Please retry."


def jobs_requeue_stalled(*, now: datetime | None = None) -> int:
    """Sends again every job and outbox row whose message was lost; returns how many."""
    now = now or timezone.now()
    sent = 0
    for kind in job_kinds():
        sent += _sweep_kind(kind, now)
    for outbox in outboxes():
        sent += _sweep_outbox(outbox, now)
    return sent


def _recently_sent(key: str) -> bool:
    """True if `key` was sent within the requeue period; otherwise marks it as sent now.
    Without a cache (Redis down) every sweep sends: duplicates are harmless."""
    period = int(requeue_after().total_seconds())
    if period <= 0:
        return False
    key = f"jobs:requeued:{key}"
    if cache.get(key):
        return True
    cache.set(key, 1, timeout=period)
    return False


def _sweep_kind(kind: JobKind, now: datetime) -> int:
    rows = kind.queryset()
    queued = rows.filter(state=JobState.PENDING, created_at__lt=now - requeue_after())
    running = rows.filter(state=JobState.RUNNING)  # the oldest first: past their lease
    sent = 0
    for row in [*queued.order_by("created_at")[:BATCH], *running.order_by("started_at")[:BATCH]]:
        if row.state == JobState.RUNNING:
            if not kind.is_stale(row, now):
                continue  # within its lease
            if row.attempts >= MAX_ATTEMPTS:
                if fail(row, STALLED_MESSAGE, claimed=False):
                    logger.error("%s %s: stopped %s times", kind.label, row.pk, row.attempts)
                continue
        if _recently_sent(f"{kind.label}:{row.pk}"):
            continue
        sent += send(kind.task, row.pk)
    return sent


def _sweep_outbox(outbox: Outbox, now: datetime) -> int:
    sent = 0
    for args in outbox.due(now - requeue_after()):
        if _recently_sent(f"{outbox.name}:{args}"):
            continue
        sent += send(outbox.task, *args)
    return sent
