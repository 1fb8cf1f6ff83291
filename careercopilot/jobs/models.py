"""The status row every long-running feature keeps: queued → running → done | failed.

A page polls the row; a Celery task moves it forward through ``careercopilot.jobs.runner``.
A model may add states of its own (a video still uploading, a suggestion superseded by a
newer attempt): only queued and running rows are ever run or swept.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class JobState(models.TextChoices):
    PENDING = "pending", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


ACTIVE_STATES = (JobState.PENDING, JobState.RUNNING)


class Job(models.Model):
    """State, progress, error, attempts and timestamps of one piece of background work.

    ``attempts`` counts the runs that claimed the row; the number doubles as the claim's
    token, so only the run that owns the row writes its outcome. A running row is owned
    for its kind's lease, counted from ``started_at``.
    """

    FINISHED_STATES: tuple[str, ...] = (JobState.DONE, JobState.FAILED)

    state = models.CharField(max_length=10, choices=JobState, default=JobState.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        """Queued or running: the page keeps polling."""
        return self.state in ACTIVE_STATES

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @property
    def is_done(self) -> bool:
        return self.state == JobState.DONE

    @property
    def is_failed(self) -> bool:
        return self.state == JobState.FAILED

    @property
    def is_stale(self) -> bool:
        """Queued or running for so long that its message or worker was probably lost
        (the sweeper will send it again; pages may offer a retry)."""
        from .registry import kind_for

        return kind_for(type(self)).is_stale(self)
