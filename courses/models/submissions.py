"""Submissions (E3) and grades (E5).

One ``Submission`` per student and assignment holds the editable draft, the state and
the grade. Each time the student submits, a ``SubmissionVersion`` (an attempt) records
what was handed in, with its time and lateness; versions are never changed. Files belong
to the submission; a version points at the files it contained, so a file shared by
several attempts is stored once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from careercopilot.jobs.models import Job, JobState

from .assignments import Assignment, RubricCriterion, RubricLevel


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"  # the latest attempt waits for grading
    GRADED = "graded", "Graded"  # graded, not yet visible to the student
    RETURNED = "returned", "Returned"  # the grade is released


class Submission(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_submissions"
    )
    state = models.CharField(max_length=16, choices=SubmissionState, default=SubmissionState.DRAFT)

    # The editable draft (what the next submit hands in).
    draft_text = models.TextField(blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)

    # The latest attempt.
    attempt = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    days_late = models.PositiveSmallIntegerField(default=0)

    # The grade: raw score, late penalty (points) and the final score.
    score_raw = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    late_penalty = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    late_penalty_waived = models.BooleanField(default=False)
    feedback = models.TextField(blank=True)
    graded_attempt = models.PositiveSmallIntegerField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    # Set when the "grade released" notification went out for this release.
    release_notified_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment_id", "student_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="submission_unique"),
        ]
        indexes = [
            models.Index(fields=["assignment", "state"], name="submission_assignment_state"),
            models.Index(fields=["student", "assignment"], name="submission_student"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.assignment}"

    @property
    def has_submitted(self) -> bool:
        return self.attempt > 0

    @property
    def is_graded(self) -> bool:
        return self.score is not None

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def needs_grading(self) -> bool:
        return self.attempt > 0 and (self.graded_attempt or 0) < self.attempt


class FileKind(models.TextChoices):
    DOCUMENT = "document", "File"
    VIDEO = "video", "Video"


class ProcessingState(models.TextChoices):
    """A file's processing: the job states (``careercopilot.jobs``) and one of its own."""

    NONE = "none", "Nothing to process"
    PENDING = JobState.PENDING.value, "Awaiting processing"
    RUNNING = JobState.RUNNING.value, "Processing"
    DONE = JobState.DONE.value, "Ready"
    FAILED = JobState.FAILED.value, "Failed"


def submission_file_upload_to(instance: SubmissionFile, filename: str) -> str:
    submission = instance.submission
    return (
        f"courses/submissions/{submission.assignment_id}/{submission.student_id}/{uuid.uuid4().hex}"
    )


class SubmissionFile(Job):
    """An uploaded file or video, and its processing (a job row): documents get a preview
    built in the background; a video's file follows its ``Video`` ("awaiting processing")."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=16, choices=FileKind, default=FileKind.DOCUMENT)
    file = models.FileField(upload_to=submission_file_upload_to, max_length=300)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    detected = models.CharField(max_length=16, help_text="The kind found in the file's content.")
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    in_draft = models.BooleanField(default=True, help_text="Part of the draft being edited.")

    state = models.CharField(max_length=16, choices=ProcessingState, default=ProcessingState.NONE)
    # Document previews: rendered page images (PDF) or extracted text (DOCX, text).
    preview_pages = models.PositiveSmallIntegerField(default=0)
    preview_text = models.TextField(blank=True)

    class Meta:
        ordering = ["submission_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename

    @property
    def is_image(self) -> bool:
        return self.detected in ("png", "jpg", "gif", "webp")

    @property
    def download_filename(self) -> str:
        from ..downloads import filename_for_kind

        return filename_for_kind(self.original_filename, self.detected)

    @property
    def is_video(self) -> bool:
        return self.kind == FileKind.VIDEO

    @property
    def preview_page_numbers(self) -> range:
        return range(1, self.preview_pages + 1)

    def preview_page_name(self, page: int) -> str:
        return f"courses/previews/{self.pk}/page-{page}.png"


class SubmissionVersion(models.Model):
    """One attempt, exactly as it was handed in."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    text = models.TextField(blank=True)
    is_late = models.BooleanField(default=False)
    days_late = models.PositiveSmallIntegerField(default=0)
    files = models.ManyToManyField(SubmissionFile, blank=True, related_name="versions")

    class Meta:
        ordering = ["submission_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.submission}"


class CriterionScore(models.Model):
    """The grader's rating of one rubric criterion. ``points`` is copied from the level
    (or typed in), so later rubric edits never change a recorded grade."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="criterion_scores"
    )
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(
        RubricLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["submission_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion"], name="criterion_score_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class DueReminder(models.Model):
    """Marks that the "due in 24 hours" reminder went to a student, so it goes once."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="due_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.student}"
