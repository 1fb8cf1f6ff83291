"""Moving a status row through queued → running → done/failed, idempotently."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from careercopilot import ai
from careercopilot.queueing import send, send_on_commit

from ..models import JobState

logger = logging.getLogger(__name__)


class UserFacingError(Exception):
    """A failure whose message the user should read as is."""


GENERIC_FAILURE = "Something went wrong while processing this. Please retry."
UNIT_KEPT = "It still counts toward your plan's allowance: the paid AI model had already answered."
STATUS_FIELDS = ["state", "error", "progress", "finished_at"]


def enqueue(task, pk: int) -> None:
    """Queues `task(pk)` once the current transaction commits.

    If the broker is down the row stays queued; `jobs_requeue_stalled` sends it later.
    """
    send_on_commit(task, pk)


def _lease() -> timedelta:
    """How long a running attempt owns its row: the tasks' hard time limit and a margin."""
    return timedelta(seconds=getattr(settings, "RESUMES_JOB_LEASE_SECONDS", 330))


def _redelivered() -> bool:
    """True when the current Celery message is one a lost worker left unfinished."""
    from celery import current_task

    request = getattr(current_task, "request", None)
    return bool((getattr(request, "delivery_info", None) or {}).get("redelivered"))


def _taken(row) -> bool:
    """A running row still owned by a live attempt (a duplicate message must not run it).

    A row left running by a lost worker is taken over when Celery redelivers that message,
    or by any message once the lease has run out (the attempt is dead by then).
    """
    if row.state != JobState.RUNNING or _redelivered():
        return False
    return row.started_at is not None and row.started_at > timezone.now() - _lease()


def run_job(model, pk: int, work: Callable, *, metered: tuple[Callable, str] | None = None) -> bool:
    """Claims the row, runs `work(row)` and records the outcome. False if not claimed.

    `metered` is (row -> user, billing feature): a job that fails gives its unit back,
    unless a paid AI call had already run for it. Rows with AI results keep that cost
    (`cost_usd`) as it happens, so the recovery sweep sees it too.
    """
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.state in (JobState.DONE, JobState.FAILED):
            return False  # deleted, or already handled (a redelivered message)
        if _taken(row):
            return False  # another attempt is running it
        row.state = JobState.RUNNING
        row.started_at = timezone.now()
        row.progress = 10
        row.error = ""
        row.save(update_fields=["state", "started_at", "progress", "error"])

    def paid(cost) -> None:  # saved at once: a worker lost after the call cannot refund it
        if hasattr(row, "cost_usd"):
            model.objects.filter(pk=pk).update(cost_usd=F("cost_usd") + cost)
        row.cost_usd = _cost(row) + cost

    try:
        with ai.charged_to(paid):
            work(row)
        with transaction.atomic():  # a result the database refuses fails the job
            _finish(row, JobState.DONE, "")
    except UserFacingError as exc:
        _fail(row, str(exc), metered)
    except OperationalError:
        # The database went away: back in the queue, the task retries with backoff.
        model.objects.filter(pk=pk).update(state=JobState.PENDING, progress=0)
        raise
    except Exception:
        logger.exception("%s %s failed", model.__name__, pk)
        _fail(row, GENERIC_FAILURE, metered)
    return True


def _fail(row, error: str, metered) -> None:
    """Fails the row (keeping nothing of its result) and gives its unit back if unpaid."""
    kept = bool(metered) and _cost(row) > 0
    _finish(row, JobState.FAILED, f"{error} {UNIT_KEPT}" if kept else error)
    if metered:
        from .. import quotas

        user_of, feature = metered
        quotas.refund(user=user_of(row), feature=feature, cost_usd=_cost(row))


def _cost(row) -> Decimal:
    return getattr(row, "cost_usd", None) or Decimal(0)


def _finish(row, state: str, error: str) -> None:
    row.state = state
    row.error = error
    row.progress = 100
    row.finished_at = timezone.now()
    row.save(update_fields=None if state == JobState.DONE else STATUS_FIELDS)


def set_progress(row, value: int) -> None:
    type(row).objects.filter(pk=row.pk).update(progress=value)
    row.progress = value


def reset_for_retry(row, *, user=None, feature: str = "") -> None:
    """Back to the queue; a metered job takes a unit again (its failure gave it back)."""
    if row.state != JobState.FAILED:
        raise UserFacingError("Only a failed job can be retried.")
    if user is not None and feature:
        from .. import quotas

        quotas.consume(user=user, feature=feature)
    row.state = JobState.PENDING
    row.progress = 0
    row.error = ""
    row.started_at = row.finished_at = None
    fields = ["state", "progress", "error", "started_at", "finished_at"]
    if hasattr(row, "cost_usd"):  # the new unit is refundable until a paid call runs again
        row.cost_usd = 0
        fields.append("cost_usd")
    row.save(update_fields=fields)


# --- Recovery: rows whose message was lost ----------------------------------------------------
def _job_kinds():
    """(model, task, row filter, metered) for every kind of row a task fills in."""
    from accounts import tasks as account_tasks
    from accounts.models import DataExport

    from .. import quotas, tasks
    from ..models import (
        ChatMessage,
        CoverLetter,
        InterviewPrep,
        MatchAnalysis,
        PracticeAnswer,
        ResumeVersion,
    )

    return [
        (ResumeVersion, tasks.version_extract, {}, (lambda r: r.resume.user, quotas.RESUMES)),
        (MatchAnalysis, tasks.analysis_run, {}, (lambda r: r.user, quotas.AI_ANALYSES)),
        (CoverLetter, tasks.letter_run, {}, (lambda r: r.user, quotas.COVER_LETTERS)),
        (InterviewPrep, tasks.prep_run, {}, (lambda r: r.user, quotas.INTERVIEW_PREP)),
        (PracticeAnswer, tasks.practice_run, {}, (lambda r: r.prep.user, quotas.INTERVIEW_PREP)),
        (
            ChatMessage,
            tasks.chat_reply,
            {"role": ChatMessage.Role.ASSISTANT},
            (lambda r: r.thread.user, quotas.CHAT_MESSAGES),
        ),
        (DataExport, account_tasks.data_export_build, {}, None),
    ]


REQUEUE_BATCH = 500
MAX_REQUEUES = 3
STALLED_MESSAGE = "This stopped before it finished, several times. Please retry."


def jobs_requeue_stalled(*, now=None) -> int:
    """Beat: queue again the jobs whose message was lost; returns how many were sent.

    - queued rows older than RESUMES_JOB_REQUEUE_AFTER_SECONDS: the message was never sent
      (the broker was down) or was lost with it. Sent again at most once per that period,
      so a long queue is not flooded with copies.
    - running rows past their lease: the worker died mid-task (kill -9, out of memory, a
      lost machine). Celery itself would redeliver that message only after the broker's
      visibility timeout (hours, sized for video transcodes). A row that stops like this
      more than MAX_REQUEUES times (counted in the cache for a day) fails with a message
      and gives its quota unit back, so a job that kills its worker cannot loop.

    Duplicates are harmless: a finished row is skipped, and a running one is left to the
    attempt that owns it (``_taken``).
    """
    from django.core.cache import cache

    now = now or timezone.now()
    requeue_after = getattr(settings, "RESUMES_JOB_REQUEUE_AFTER_SECONDS", 120)
    queued_before = now - timedelta(seconds=requeue_after)
    running_before = now - _lease()
    sent = 0
    for model, task, extra, metered in _job_kinds():
        pending = model.objects.filter(
            **extra, state=JobState.PENDING, created_at__lt=queued_before
        )
        running = model.objects.filter(
            **extra, state=JobState.RUNNING, started_at__lt=running_before
        )
        stalled = (pending | running).values_list("pk", "state")[:REQUEUE_BATCH]
        for pk, state in stalled:
            key = f"resumes:requeued:{model.__name__}:{pk}"
            if state == JobState.PENDING:
                if cache.get(f"{key}:recently"):
                    continue
                cache.set(f"{key}:recently", 1, timeout=requeue_after)
            else:
                cache.add(key, 0, timeout=24 * 60 * 60)
                try:
                    count = cache.incr(key)
                except ValueError:  # no cache right now: count this one only
                    count = 1
                if count > MAX_REQUEUES:
                    _give_up(model, pk, metered)
                    continue
            sent += send(task, pk)
    return sent


def _give_up(model, pk: int, metered) -> None:
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.is_finished:
            return
        _fail(row, STALLED_MESSAGE, metered)
    logger.error("%s %s: stopped %s times before finishing; failed", model.__name__, pk,
                 MAX_REQUEUES)  # fmt: skip
