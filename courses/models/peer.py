"""Peer review (E9).

An instructor turns peer review on per assignment (``PeerReviewSettings``). After the
due date every handed-in submission gets N reviewers among the other students who
handed in work (``PeerReview``, one per submission and reviewer, never the author).
A reviewer rates the attempt they were given with the assignment's rubric
(``PeerReviewScore`` per criterion, with a comment) and writes an overall comment.
Authors read the submitted reviews once they are released: by the instructor, or
automatically at the reviews' due date. With anonymous peer review neither side sees
the other's name.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from .assignments import Assignment, RubricCriterion, RubricLevel
from .submissions import Submission, SubmissionVersion

MAX_REVIEWERS = 10


class PeerReleaseMode(models.TextChoices):
    MANUAL = "manual", "When I release them"
    AT_DUE = "at_due", "Automatically at the reviews' due date"


class PeerReviewSettings(models.Model):
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="peer_review_settings"
    )
    enabled = models.BooleanField(
        "use peer review",
        default=False,
        help_text="After the due date, each handed-in submission is given to classmates "
        "who handed in work too, to review with the rubric.",
    )
    reviewers_per_submission = models.PositiveSmallIntegerField(
        "reviewers per submission",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEWERS)],
        help_text="Each student also reviews about this many classmates' submissions.",
    )
    anonymous = models.BooleanField(
        default=True,
        help_text="Authors never see who reviewed them, and reviewers never see whose work "
        "they review. You always see both.",
    )
    include_late = models.BooleanField(
        "include late work",
        default=True,
        help_text="Work handed in after the due date is reviewed (and its author reviews "
        "others) as long as the reviews are open. Off: only work handed in by the due "
        "date takes part.",
    )
    video_comments = models.BooleanField(
        "reviewers comment on videos",
        default=False,
        help_text="Reviewers also leave time-stamped comments on the video they review, "
        "named or anonymous as above.",
    )
    reviews_due_at = models.DateTimeField(
        "reviews due",
        null=True,
        blank=True,
        help_text="Reviews can still be handed in after this moment until they are released.",
    )
    release_mode = models.CharField(
        "release reviews to authors",
        max_length=16,
        choices=PeerReleaseMode,
        default=PeerReleaseMode.MANUAL,
    )
    # Set by the service: the first assignment of reviewers, what it could not do, and
    # the release (with the moment its notifications went out, so they go out once).
    assigned_at = models.DateTimeField(null=True, blank=True, editable=False)
    assign_note = models.TextField(blank=True, editable=False)
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    release_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "peer review settings"
        verbose_name_plural = "peer review settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reviewers_per_submission__gte=1)
                & models.Q(reviewers_per_submission__lte=MAX_REVIEWERS),
                name="peer_settings_reviewers_range",
            ),
        ]
        indexes = [models.Index(fields=["enabled", "released_at"], name="peer_settings_open")]

    def __str__(self) -> str:
        return f"Peer review of {self.assignment}"

    def clean(self) -> None:
        errors = {}
        due_at = self.assignment.due_at if self.assignment_id else None
        if self.reviews_due_at and due_at and self.reviews_due_at <= due_at:
            errors["reviews_due_at"] = "Reviews can only be due after the assignment is due."
        if self.release_mode == PeerReleaseMode.AT_DUE and not self.reviews_due_at:
            errors["reviews_due_at"] = "Set when the reviews are due to release them then."
        if errors:
            raise ValidationError(errors)

    def is_released(self, now: dt.datetime | None = None) -> bool:
        """Whether authors can read their reviews (the automatic release counts from
        its moment, even before the background job marks it)."""
        if self.released_at is not None:
            return True
        now = now or timezone.now()
        return bool(
            self.release_mode == PeerReleaseMode.AT_DUE
            and self.reviews_due_at
            and self.reviews_due_at <= now
        )


class PeerReviewState(models.TextChoices):
    ASSIGNED = "assigned", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class PeerReview(models.Model):
    """One reviewer's review of one submission (of the attempt current when assigned)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="peer_reviews"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="peer_reviews"
    )
    version = models.ForeignKey(
        SubmissionVersion,
        on_delete=models.CASCADE,
        related_name="peer_reviews",
        help_text="The attempt under review; a later resubmission does not change it.",
    )
    # The submission's author, kept here so the database itself refuses self-review.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_reviews_received"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_reviews_given"
    )
    state = models.CharField(
        max_length=16, choices=PeerReviewState, default=PeerReviewState.ASSIGNED
    )
    overall_comment = models.TextField(blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment_id", "submission_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="peer_review_unique_reviewer"
            ),
            models.CheckConstraint(
                condition=~models.Q(reviewer=models.F("author")), name="peer_review_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(state=PeerReviewState.SUBMITTED, submitted_at__isnull=False)
                | (
                    ~models.Q(state=PeerReviewState.SUBMITTED) & models.Q(submitted_at__isnull=True)
                ),
                name="peer_review_submitted_at",
            ),
        ]
        indexes = [
            models.Index(fields=["reviewer", "assignment"], name="peer_review_reviewer"),
            models.Index(fields=["assignment", "state"], name="peer_review_assignment_state"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.submission} by {self.reviewer}"

    @property
    def is_submitted(self) -> bool:
        return self.state == PeerReviewState.SUBMITTED


class PeerReviewScore(models.Model):
    """The reviewer's level for one rubric criterion; ``points`` is copied from the level
    so later rubric edits never change a recorded review."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(
        RubricLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["review_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="peer_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
