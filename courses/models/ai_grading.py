"""AI essay grading suggestions (E6): one per submitted attempt, never a grade; a job row.

A suggestion holds a level, a rationale quoting the essay and a confidence per rubric
criterion. It lives beside the grade: the instructor may copy a suggested level into the
grading form, and only the instructor's own save records (and releases) a grade.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from careercopilot.jobs.models import Job, JobState

from .assignments import RubricCriterion, RubricLevel
from .submissions import Submission, SubmissionVersion


class SuggestionState(models.TextChoices):
    """The job states (``careercopilot.jobs``) and one of its own."""

    PENDING = JobState.PENDING.value, "Queued"
    RUNNING = JobState.RUNNING.value, "Reading the essay"
    DONE = JobState.DONE.value, "Ready"
    FAILED = JobState.FAILED.value, "Failed"
    SUPERSEDED = "superseded", "Superseded by a newer attempt"  # finished without a run


class EssaySuggestion(Job):
    FINISHED_STATES = (SuggestionState.DONE, SuggestionState.FAILED, SuggestionState.SUPERSEDED)

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="essay_suggestions"
    )
    version = models.OneToOneField(
        SubmissionVersion, on_delete=models.CASCADE, related_name="essay_suggestion"
    )
    state = models.CharField(
        max_length=16, choices=SuggestionState, default=SuggestionState.PENDING
    )
    error = models.TextField(blank=True, help_text="Why the last run failed, for the instructor.")
    requested_engine = models.CharField(max_length=20, blank=True)
    engine = models.CharField(max_length=20, blank=True, help_text="The engine that answered.")
    model_name = models.CharField(max_length=80, blank=True)
    note = models.CharField(
        max_length=300, blank=True, help_text="For example why Claude fell back to local."
    )
    summary = models.TextField(blank=True)
    measurements = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["submission_id", "version_id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="essay_suggestion_status"),
        ]

    def __str__(self) -> str:
        return f"Suggestion for {self.version} ({self.state})"


class EssayCriterionSuggestion(models.Model):
    suggestion = models.ForeignKey(
        EssaySuggestion, on_delete=models.CASCADE, related_name="criteria"
    )
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(
        RubricLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rationale = models.TextField()
    quotes = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(default=0.0)

    class Meta:
        ordering = ["suggestion_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "criterion"], name="essay_criterion_suggestion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"
