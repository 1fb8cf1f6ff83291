"""Resumes, their uploaded versions, and everything the AI features produce from them.

Long work (extraction, analyses, letters, prep, chat replies) lives in job rows
(``careercopilot.jobs``) that the pages poll; Celery tasks only move those rows forward.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careercopilot.jobs.models import Job, JobState


class AIResultMixin(models.Model):
    engine = models.CharField(max_length=20, blank=True)
    model_name = models.CharField(max_length=80, blank=True)
    engine_note = models.CharField(max_length=300, blank=True)
    # What the paid AI calls of this run cost (since it was queued or last retried). A run
    # that cost something keeps its quota unit when it fails.
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6, default=0)

    class Meta:
        abstract = True


def resume_upload_to(instance: ResumeVersion, filename: str) -> str:
    # The user's filename never becomes a path: a random name with the detected extension.
    return f"resumes/{instance.resume.user_id}/{uuid.uuid4().hex}.{instance.file_kind}"


class Resume(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes"
    )
    name = models.CharField(max_length=120)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="resumes_resume_unique_name"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="resumes_one_default_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resumes:resume_detail", args=[self.pk])

    @property
    def latest(self) -> ResumeVersion | None:
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    PNG = "png", "PNG image"
    JPEG = "jpg", "JPEG image"


class ResumeVersion(Job):
    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=resume_upload_to, max_length=300)
    file_kind = models.CharField(max_length=4, choices=FileKind)
    original_filename = models.CharField(max_length=255)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True)
    text_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    sections = models.JSONField(default=dict, blank=True)
    skills = models.JSONField(default=list, blank=True)
    quality = models.JSONField(default=dict, blank=True)
    ocr_pages = models.PositiveSmallIntegerField(default=0)
    extraction_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resume", "number"], name="resumes_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.resume.name} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("resumes:version_detail", args=[self.pk])

    @property
    def has_text(self) -> bool:
        return self.state == JobState.DONE and bool(self.text.strip())

    @property
    def section_names(self) -> list[str]:
        """The sections found, in resume order (JSON storage may reorder the keys)."""
        from careercopilot.ai.local.sections import SECTION_ORDER

        return [name for name in SECTION_ORDER if name in (self.sections or {})]


class AnalysisKind(models.TextChoices):
    MATCH = "match", "Match analysis"
    FIT = "fit", "Fit ranking"


class MatchAnalysis(Job, AIResultMixin):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_analyses"
    )
    version = models.ForeignKey(ResumeVersion, on_delete=models.CASCADE, related_name="analyses")
    application = models.ForeignKey(
        "tracker.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match_analyses",
    )
    kind = models.CharField(max_length=10, choices=AnalysisKind, default=AnalysisKind.MATCH)
    job_title = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    job_description = models.TextField()
    cache_key = models.CharField(max_length=64, db_index=True)
    requested_engine = models.CharField(max_length=20, default="local")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    from_cache = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "match analyses"
        indexes = [models.Index(fields=["user", "-created_at"], name="resumes_analysis_user")]

    def __str__(self) -> str:
        return f"Match {self.job_title or 'job'} ({self.score if self.score is not None else '…'})"

    def get_absolute_url(self) -> str:
        return reverse("resumes:analysis_detail", args=[self.pk])


class CoverLetter(Job, AIResultMixin):
    class Tone(models.TextChoices):
        PROFESSIONAL = "professional", "Professional"
        WARM = "warm", "Warm"
        CONFIDENT = "confident", "Confident"

    class Length(models.TextChoices):
        SHORT = "short", "Short (about 150 words)"
        MEDIUM = "medium", "Medium (about 250 words)"
        LONG = "long", "Long (about 400 words)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cover_letters"
    )
    version = models.ForeignKey(
        ResumeVersion, on_delete=models.SET_NULL, null=True, related_name="cover_letters"
    )
    application = models.ForeignKey(
        "tracker.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cover_letters",
    )
    company = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    job_description = models.TextField()
    tone = models.CharField(max_length=20, choices=Tone.choices, default=Tone.PROFESSIONAL)
    length = models.CharField(max_length=10, choices=Length.choices, default=Length.MEDIUM)
    requested_engine = models.CharField(max_length=20, default="local")
    body = models.TextField(blank=True)
    is_template = models.BooleanField(default=True)
    placeholders = models.JSONField(default=list, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Cover letter: {self.job_title or 'role'} at {self.company or 'company'}"

    def get_absolute_url(self) -> str:
        return reverse("resumes:letter_detail", args=[self.pk])


class InterviewPrep(Job, AIResultMixin):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_preps"
    )
    version = models.ForeignKey(
        ResumeVersion, on_delete=models.SET_NULL, null=True, related_name="interview_preps"
    )
    application = models.ForeignKey(
        "tracker.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview_preps",
    )
    company = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    job_description = models.TextField()
    requested_engine = models.CharField(max_length=20, default="local")
    questions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Interview prep: {self.job_title or 'role'}"

    def get_absolute_url(self) -> str:
        return reverse("resumes:prep_detail", args=[self.pk])


class PracticeAnswer(Job, AIResultMixin):
    prep = models.ForeignKey(InterviewPrep, on_delete=models.CASCADE, related_name="answers")
    question = models.TextField()
    answer = models.TextField()
    feedback = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Practice answer {self.pk}"


class ChatThread(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_threads"
    )
    title = models.CharField(max_length=120, default="New conversation")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resumes:chat_thread", args=[self.pk])


class ChatMessage(Job, AIResultMixin):
    class Role(models.TextChoices):
        USER = "user", "You"
        ASSISTANT = "assistant", "Assistant"

    thread = models.ForeignKey(ChatThread, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    content = models.TextField(blank=True)
    actions = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"


# The resume builder's models (structured resumes, tailoring, exports, what was sent).
from .builder.models import BuilderJob, BuiltResume, ResumeRevision, SentResume  # noqa: E402, F401
