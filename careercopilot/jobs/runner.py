"""Running one job row: claim it under a lease, do the work, record the outcome once.

- A queued row is claimed (``attempts`` + 1, the claim's token). A running row belongs to
  its attempt for the kind's lease; a message Celery redelivers after losing a worker, or
  any message once the lease has run out, takes it over.
- The outcome is written only while the row is still this attempt's claim: a run that
  was taken over, retried or superseded meanwhile writes nothing.
- A failure gives the job's quota unit back (``JobKind.quota``) unless a paid AI call had
  already run for it: the cost is recorded on the row (``cost_usd``) as it happens.
- The database going away puts the row back in the queue; the task retries with backoff.
- A job may run in steps (a video's probe, then its transcode with limits set by the
  probe): ``work`` returns ``Next``, and the next task continues the same claim.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from careercopilot.queueing import send, send_on_commit

from .models import ACTIVE_STATES, JobState
from .registry import JobKind, kind_for

logger = logging.getLogger(__name__)

GENERIC_FAILURE = "Something went wrong while processing this. Please retry."
TIMEOUT_FAILURE = "This took too long to finish. Please retry."
UNIT_KEPT = "It still counts toward your plan's allowance: the paid AI model had already answered."
STATUS_FIELDS = ["state", "error", "progress", "finished_at"]


class UserFacingError(Exception):
    """A failure whose message the user should read as is."""


@dataclass(frozen=True)
class Next:
    """What ``work`` returns when the job goes on in another task: it is sent the row's id
    and the claim's token (``run_job(..., token=)``), with these Celery options."""

    task: Any
    options: dict = field(default_factory=dict)


def enqueue(row: Any) -> None:
    """Queues the row's task once the current transaction commits.

    If the broker is down the row stays queued; the sweeper sends it later.
    """
    send_on_commit(kind_for(type(row)).task, row.pk)


def _redelivered() -> bool:
    """True when the current Celery message is one a lost worker left unfinished."""
    from celery import current_task

    request = getattr(current_task, "request", None)
    return bool((getattr(request, "delivery_info", None) or {}).get("redelivered"))


def _taken(kind: JobKind, row: Any) -> bool:
    """A running row still owned by a live attempt (a duplicate message must not run it)."""
    if row.state != JobState.RUNNING or _redelivered():
        return False
    return row.started_at is not None and row.started_at > timezone.now() - kind.lease_for(row)


def _claim(kind: JobKind, pk: int, token: int | None) -> Any | None:
    with transaction.atomic():
        row = kind.queryset().select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None or row.state not in ACTIVE_STATES:
            return None  # deleted, finished (a redelivered message), or not a job now
        if token is not None:  # the next step of a claimed attempt
            if row.state != JobState.RUNNING or row.attempts != token:
                return None  # taken over or retried meanwhile
            row.started_at = timezone.now()
            row.save(update_fields=["started_at"])
            row._job_claimed = _snapshot(row)
            return row
        if _taken(kind, row):
            return None  # another attempt is running it
        row.state = JobState.RUNNING
        row.started_at = timezone.now()
        row.attempts += 1
        row.progress = max(row.progress, 10)
        row.error = ""
        row.save(update_fields=["state", "started_at", "attempts", "progress", "error"])
    row._job_claimed = _snapshot(row)
    return row


def _frozen(value: Any) -> Any:
    return value.name if isinstance(value, FieldFile) else copy.deepcopy(value)


def _snapshot(row: Any) -> dict[str, Any]:
    return {f.attname: _frozen(getattr(row, f.attname)) for f in row._meta.concrete_fields}


def _changed_fields(row: Any) -> list[str]:
    """The fields the work changed since the claim: only those are saved with the result,
    so a column someone else updates meanwhile (a draft flag, say) is left alone."""
    claimed = getattr(row, "_job_claimed", None)
    if claimed is None:
        return [f.attname for f in row._meta.concrete_fields if not f.primary_key]
    return [name for name, value in claimed.items() if _frozen(getattr(row, name)) != value]


def _owned(kind: JobKind, row: Any) -> bool:
    """Locks the row; True while it is still this attempt's claim."""
    current = (
        kind.model._default_manager.select_for_update()
        .filter(pk=row.pk)
        .values_list("state", "attempts")
        .first()
    )
    return current == (JobState.RUNNING, row.attempts)


def run_job(
    model: type,
    pk: int,
    work: Callable[[Any], Callable[[], None] | Next | None],
    *,
    token: int | None = None,
) -> bool:
    """Claims the row, runs ``work(row)`` and records the outcome. False if not claimed.

    ``work`` fills in the row's result fields (saved with the outcome). It may return a
    function that saves related rows: it runs in the transaction that marks the row done,
    and only if this attempt still owns it. Or it returns ``Next``: its fields are saved
    and the next step is sent; ``token`` is what a next step passes to continue the claim.
    """
    from careercopilot import ai

    kind = kind_for(model)
    row = _claim(kind, pk, token)
    if row is None:
        return False

    def paid(cost: Decimal) -> None:  # saved at once: a lost worker cannot refund it
        if hasattr(row, "cost_usd"):
            model._default_manager.filter(pk=pk).update(cost_usd=F("cost_usd") + cost)
        row.cost_usd = _cost(row) + cost

    next_step = None
    try:
        with ai.charged_to(paid):
            outcome = work(row)
        with transaction.atomic():  # a result the database refuses fails the job
            if _owned(kind, row):
                if isinstance(outcome, Next):
                    _save_step(row)
                    next_step = outcome
                else:
                    if outcome is not None:
                        outcome()
                    _write(row, JobState.DONE, "")
    except UserFacingError as exc:
        fail(row, str(exc))
    except SoftTimeLimitExceeded:
        fail(row, kind.timeout_message or TIMEOUT_FAILURE)
    except OperationalError:
        # The database went away: back in the queue, the task retries with backoff.
        model._default_manager.filter(pk=pk, attempts=row.attempts).update(
            state=JobState.PENDING, progress=0
        )
        raise
    except Exception:
        logger.exception("%s %s failed", model.__name__, pk)
        fail(row, kind.failure_message or GENERIC_FAILURE)
    if next_step is not None:  # saved: a lost message leaves the row to the sweeper
        send(next_step.task, row.pk, row.attempts, **next_step.options)
    return True


def fail(row: Any, error: str, *, claimed: bool = True) -> bool:
    """Fails the row (keeping nothing of its result) and gives its unit back if no paid
    call ran. ``claimed``: only while this attempt owns it; otherwise any queued or
    running row. False when there was nothing to fail."""
    kind = kind_for(type(row))
    paid = kind.quota is not None and _cost(row) > 0
    with transaction.atomic():
        if claimed and not _owned(kind, row):
            return False
        if not claimed:
            current = kind.model._default_manager.select_for_update().filter(pk=row.pk)
            if current.values_list("state", flat=True).first() not in ACTIVE_STATES:
                return False
        _write(row, JobState.FAILED, f"{error} {UNIT_KEPT}" if paid else error)
        if kind.quota is not None and not paid:
            kind.quota.give_back(row)
    if kind.on_failed is not None:
        kind.on_failed(row)
    return True


def _save_step(row: Any) -> None:
    """Saves what this step found; the lease starts again for the next step."""
    row.started_at = timezone.now()
    row.save(update_fields=list(dict.fromkeys([*_changed_fields(row), "started_at"])))


def _cost(row: Any) -> Decimal:
    return getattr(row, "cost_usd", None) or Decimal(0)


def _write(row: Any, state: str, error: str) -> None:
    row.state = state
    row.error = error
    row.progress = 100
    row.finished_at = timezone.now()
    fields = STATUS_FIELDS
    if state == JobState.DONE:
        fields = list(dict.fromkeys([*_changed_fields(row), *STATUS_FIELDS]))
    row.save(update_fields=fields)


def set_progress(row: Any, value: int) -> None:
    type(row)._default_manager.filter(pk=row.pk).update(progress=value)
    row.progress = value


def reset_for_retry(row: Any) -> None:
    """A failed job goes back to the queue (the caller enqueues it after commit). A
    metered job takes a unit again: its failure gave the last one back."""
    kind = kind_for(type(row))
    if row.state != JobState.FAILED:
        raise UserFacingError("Only a failed job can be retried.")
    if kind.quota is not None:
        kind.quota.take(row)
    row.state = JobState.PENDING
    row.progress = 0
    row.error = ""
    row.started_at = row.finished_at = None
    fields = ["state", "progress", "error", "started_at", "finished_at"]
    if hasattr(row, "cost_usd"):  # the new unit is refundable until a paid call runs again
        row.cost_usd = 0
        fields.append("cost_usd")
    row.save(update_fields=fields)
