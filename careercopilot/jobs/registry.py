"""Every kind of background work, declared once where its task is (each app's tasks.py).

- ``register_job``: a model whose rows are jobs (``careercopilot.jobs.models.Job``), the
  task that runs one row by id, and the hooks the runner calls.
- ``register_outbox``: rows that owe a message but are not jobs (an email to send, a
  Stripe event to process): a query for the overdue ones and the task that handles one.

The sweeper (``careercopilot.jobs.sweeper``) walks both every minute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import models
from django.utils import timezone

from .models import JobState

LEASE_MARGIN_SECONDS = 30


class JobQuotaHook(Protocol):
    """A plan allowance the job uses: taken again on a retry, given back by the runner
    when the job fails before any paid call ran for it."""

    def take(self, row: Any) -> None: ...

    def give_back(self, row: Any) -> None: ...


@dataclass(frozen=True)
class JobKind:
    model: type[models.Model]
    task: Any  # a Celery task taking the row's id
    rows: dict = field(default_factory=dict)  # which rows of the model are jobs
    quota: JobQuotaHook | None = None
    on_failed: Callable[[Any], None] | None = None  # after a failure is written
    lease: Callable[[Any], timedelta] | None = None  # default: the task's time limit
    failure_message: str = ""  # for an unexpected error (default: runner.GENERIC_FAILURE)
    timeout_message: str = ""  # past the soft time limit (default: runner.TIMEOUT_FAILURE)

    @property
    def label(self) -> str:
        return self.model._meta.label

    def queryset(self) -> models.QuerySet:
        return self.model._default_manager.filter(**self.rows)

    def lease_for(self, row: Any) -> timedelta:
        """How long a running attempt owns its row: its hard time limit and a margin."""
        configured = getattr(settings, "JOBS_LEASE_SECONDS", 0)
        if configured:
            return timedelta(seconds=configured)
        if self.lease is not None:
            return self.lease(row)
        limit = getattr(self.task, "time_limit", None) or settings.CELERY_TASK_TIME_LIMIT
        return timedelta(seconds=limit + LEASE_MARGIN_SECONDS)

    def is_stale(self, row: Any, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if row.state == JobState.PENDING:
            return row.created_at < now - requeue_after()
        if row.state == JobState.RUNNING:
            return row.started_at is None or row.started_at < now - self.lease_for(row)
        return False


@dataclass(frozen=True)
class Outbox:
    name: str
    task: Any
    due: Callable[[datetime], Iterable[tuple]]  # (now) -> the task's arguments, one per row


_jobs: dict[type[models.Model], JobKind] = {}
_outboxes: dict[str, Outbox] = {}
_discovered = False


def register_job(model: type[models.Model], task: Any, **options: Any) -> JobKind:
    kind = JobKind(model=model, task=task, **options)
    _jobs[model] = kind
    return kind


def register_outbox(name: str, task: Any, due: Callable[[datetime], Iterable[tuple]]) -> Outbox:
    outbox = Outbox(name=name, task=task, due=due)
    _outboxes[name] = outbox
    return outbox


def _discover() -> None:
    """Kinds are registered by the apps' tasks modules: import them all once."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
        _discovered = True


def kind_for(model: type[models.Model]) -> JobKind:
    if model not in _jobs:
        _discover()
    try:
        return _jobs[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not a registered job kind") from None


def job_kinds() -> list[JobKind]:
    _discover()
    return list(_jobs.values())


def outboxes() -> list[Outbox]:
    _discover()
    return list(_outboxes.values())


def requeue_after() -> timedelta:
    """How long a queued row waits for its message before the sweeper sends it again."""
    return timedelta(seconds=getattr(settings, "JOBS_REQUEUE_AFTER_SECONDS", 120))
