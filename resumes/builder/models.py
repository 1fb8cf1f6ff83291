"""Structured resumes (JSON Resume v1.0.0 documents), their saved revisions, tailored
versions for one application, the builder's background jobs, and what was sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careercopilot.jobs.models import Job


class BuiltResume(models.Model):
    class Source(models.TextChoices):
        SCRATCH = "scratch", "Started from scratch"
        UPLOAD = "upload", "From an uploaded resume"
        JSON_RESUME = "jsonresume", "JSON Resume import"
        LINKEDIN = "linkedin", "LinkedIn data export"
        TAILORED = "tailored", "Tailored for a job"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="built_resumes"
    )
    name = models.CharField(max_length=120)
    document = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.SCRATCH)
    # A tailored version: the base it came from and the application it is for.
    base = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="tailored"
    )
    application = models.ForeignKey(
        "tracker.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tailored_resumes",
    )
    # Proposed changes of a tailored version, each accepted or rejected by the user.
    proposals = models.JSONField(default=list, blank=True)
    tailor_report = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="resumes_built_user")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resumes:builder_edit", args=[self.pk])

    @property
    def is_tailored(self) -> bool:
        return self.source == self.Source.TAILORED


class ResumeRevision(models.Model):
    """The document as it was after one save: undo goes back one row."""

    resume = models.ForeignKey(BuiltResume, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField(default=dict)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resume", "number"], name="resumes_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.resume} r{self.number}"


def builder_upload_to(instance: BuilderJob, filename: str) -> str:
    return f"builder/{instance.user_id}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class BuilderJob(Job):
    class Kind(models.TextChoices):
        LINKEDIN = "linkedin", "LinkedIn import"
        EXPORT = "export", "Export"
        TAILOR = "tailor", "Tailoring"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="builder_jobs"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    resume = models.ForeignKey(
        BuiltResume, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    application = models.ForeignKey(
        "tracker.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_file = models.FileField(upload_to=builder_upload_to, max_length=300, blank=True)
    output_file = models.FileField(upload_to=builder_upload_to, max_length=300, blank=True)
    export_format = models.CharField(max_length=4, choices=Format.choices, blank=True)
    template = models.CharField(max_length=20, blank=True)
    requested_engine = models.CharField(max_length=20, default="local")
    engine = models.CharField(max_length=20, blank=True)
    engine_note = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("resumes:builder_job", args=[self.pk])


class SentResume(models.Model):
    """Which resume version (a snapshot is kept) and cover letter went with an application,
    and when."""

    application = models.ForeignKey(
        "tracker.Application", on_delete=models.CASCADE, related_name="sent_resumes"
    )
    resume = models.ForeignKey(
        BuiltResume, on_delete=models.SET_NULL, null=True, related_name="sends"
    )
    resume_name = models.CharField(max_length=120)
    revision = models.PositiveIntegerField(default=0)
    cover_letter = models.ForeignKey(
        "resumes.CoverLetter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sends",
    )
    document = models.JSONField(default=dict)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.resume_name} r{self.revision} → {self.application_id}"
