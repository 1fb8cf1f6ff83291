"""Moving a status row through queued → running → done/failed, idempotently."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from django.db import OperationalError, transaction
from django.utils import timezone

from ..models import JobState

logger = logging.getLogger(__name__)


class UserFacingError(Exception):
    """A failure whose message the user should read as is."""


GENERIC_FAILURE = "Something went wrong while processing this. Please retry."


def enqueue(task, pk: int) -> None:
    """Queues `task(pk)` once the current transaction commits."""
    transaction.on_commit(partial(task.delay, pk))


def run_job(model, pk: int, work: Callable, *, metered: tuple[Callable, str] | None = None) -> bool:
    """Claims the row, runs `work(row)` and records the outcome. False if not claimed.

    `metered` is (row -> user, billing feature): a job that fails gives its unit back.
    """
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.state in (JobState.DONE, JobState.FAILED):
            return False  # deleted, or already handled (a redelivered message)
        row.state = JobState.RUNNING
        row.started_at = timezone.now()
        row.progress = 10
        row.error = ""
        row.save(update_fields=["state", "started_at", "progress", "error"])
    try:
        work(row)
    except UserFacingError as exc:
        _finish(row, JobState.FAILED, str(exc))
        _refund(row, metered)
        return True
    except OperationalError:
        # The database went away: back in the queue, the task retries with backoff.
        model.objects.filter(pk=pk).update(state=JobState.PENDING, progress=0)
        raise
    except Exception:
        logger.exception("%s %s failed", model.__name__, pk)
        _finish(row, JobState.FAILED, GENERIC_FAILURE)
        _refund(row, metered)
        return True
    _finish(row, JobState.DONE, "")
    return True


def _refund(row, metered) -> None:
    if metered:
        from .. import quotas

        user_of, feature = metered
        quotas.release(user=user_of(row), feature=feature)


def _finish(row, state: str, error: str) -> None:
    row.state = state
    row.error = error
    row.progress = 100
    row.finished_at = timezone.now()
    row.save()


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
    row.save(update_fields=["state", "progress", "error", "started_at", "finished_at"])
