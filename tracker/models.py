"""Job tracker data: applications, their status history, contacts, interviews and preferences.

The current ``Application.status`` is kept for filtering, but *when* an application
entered its stage, and its whole timeline, come only from ``StatusChange`` rows, which
the one service that moves applications writes in the same transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from careercopilot.jobs.models import Job

HTTP_URL_VALIDATOR = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)


class Status(models.TextChoices):
    SAVED = "saved", "Saved"
    APPLIED = "applied", "Applied"
    PHONE_SCREEN = "phone_screen", "Phone screen"
    TECHNICAL = "technical", "Technical interview"
    FINAL = "final", "Final interview"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GHOSTED = "ghosted", "Ghosted"


PIPELINE: tuple[str, ...] = (
    Status.SAVED,
    Status.APPLIED,
    Status.PHONE_SCREEN,
    Status.TECHNICAL,
    Status.FINAL,
    Status.OFFER,
    Status.ACCEPTED,
)
TERMINAL: tuple[str, ...] = (Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED)
INTERVIEW_STATUSES: tuple[str, ...] = (
    Status.PHONE_SCREEN,
    Status.TECHNICAL,
    Status.FINAL,
    Status.OFFER,
    Status.ACCEPTED,
)
OFFER_STATUSES: tuple[str, ...] = (Status.OFFER, Status.ACCEPTED)
# The employer answered: any interview stage, an offer, or a rejection.
RESPONSE_STATUSES: tuple[str, ...] = (*INTERVIEW_STATUSES, Status.REJECTED)


class WorkMode(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class Tag(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_tags"
    )
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "user", name="tracker_tag_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.CharField(max_length=200)
    position = models.CharField(max_length=200)
    posting_url = models.URLField(
        "posting URL", max_length=1000, blank=True, validators=[HTTP_URL_VALIDATOR]
    )
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(max_length=10, choices=WorkMode, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="USD", blank=True)
    source = models.CharField(
        max_length=80, blank=True, help_text="Where you found it, e.g. LinkedIn or a referral."
    )
    applied_on = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    description = models.TextField("job description", blank=True)
    notes = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="applications")
    excitement = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.SAVED)
    followed_up_on = models.DateField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "status", "-updated_at"], name="tracker_app_user_status"),
            models.Index(fields=["user", "applied_on"], name="tracker_app_user_applied"),
            models.Index(fields=["user", "-created_at"], name="tracker_app_user_created"),
            models.Index(fields=["user", "deadline"], name="tracker_app_user_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(excitement__gte=1, excitement__lte=5),
                name="tracker_app_excitement_1_5",
                violation_error_message="Excitement is from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="tracker_app_salary_range",
                violation_error_message="The minimum salary cannot be above the maximum.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} at {self.company}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tracker:application_detail", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status in TERMINAL or self.status == Status.ACCEPTED


class StatusChange(models.Model):
    """One step of an application's timeline; ``from_status`` is blank for the first."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Status)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [
            models.Index(fields=["application", "-changed_at"], name="tracker_sc_app_changed"),
            models.Index(fields=["application", "to_status"], name="tracker_sc_app_to"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class ContactRole(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter"
    REFERRER = "referrer", "Referrer"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    INTERVIEWER = "interviewer", "Interviewer"
    OTHER = "other", "Other"


class Contact(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_contacts"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=ContactRole, default=ContactRole.RECRUITER)
    company = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    linkedin_url = models.URLField(
        "LinkedIn URL", max_length=500, blank=True, validators=[HTTP_URL_VALIDATOR]
    )
    notes = models.TextField(blank=True)
    applications = models.ManyToManyField(Application, blank=True, related_name="contacts")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["user", "name"], name="tracker_contact_user_name")]

    def __str__(self) -> str:
        return self.name


class InterviewKind(models.TextChoices):
    PHONE = "phone", "Phone screen"
    VIDEO = "video", "Video call"
    TECHNICAL = "technical", "Technical"
    BEHAVIOURAL = "behavioural", "Behavioural"
    ONSITE = "onsite", "On-site"
    PANEL = "panel", "Panel"
    OTHER = "other", "Other"


class Interview(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    kind = models.CharField(
        "type", max_length=20, choices=InterviewKind, default=InterviewKind.VIDEO
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    meeting_url = models.URLField(
        "meeting link", max_length=1000, blank=True, validators=[HTTP_URL_VALIDATOR]
    )
    notes = models.TextField(blank=True)
    # Calendar apps match events by UID: it never changes, so edits update the event.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["application", "starts_at"], name="tracker_iv_app_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="tracker_iv_ends_after",
                violation_error_message="An interview ends after it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.application}"


def new_calendar_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class SeekerPreferences(models.Model):
    """Job-search preferences owned by the tracker: reminders, goal and the calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_preferences"
    )
    follow_up_days = models.PositiveSmallIntegerField(
        "suggest a follow-up after (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Days in “Applied” without any news before we suggest following up.",
    )
    weekly_goal = models.PositiveSmallIntegerField(
        "weekly application goal",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    digest_enabled = models.BooleanField("send me a daily digest", default=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    # First-run checklist: when the seeker saved these settings, and when they hid it.
    saved_at = models.DateTimeField(null=True, blank=True, editable=False)
    onboarding_dismissed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "seeker preferences"
        verbose_name_plural = "seeker preferences"

    def __str__(self) -> str:
        return f"Preferences of {self.user}"


class DigestLog(models.Model):
    """One row per user per local day: the digest is sent at most once a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_digests"
    )
    date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    follow_ups = models.PositiveIntegerField(default=0)
    deadlines = models.PositiveIntegerField(default=0)
    interviews = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="tracker_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Digest {self.user} {self.date}"


class ApiToken(models.Model):
    """A personal access token for /api/v1/. Only the SHA-256 of the secret is stored."""

    PREFIX = "cct_"

    class Scope(models.TextChoices):
        FULL = "full", "Full access"
        CAPTURE = "capture", "Job capture only"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    scope = models.CharField(
        max_length=10,
        choices=Scope.choices,
        default=Scope.FULL,
        help_text="A capture-only token can send job postings to the tracker and read nothing.",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        max_length=16, editable=False, help_text="The first characters, to recognise it."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CsvImport(models.Model):
    """An uploaded CSV waiting for confirmation; the text is kept until it is imported."""

    class State(models.TextChoices):
        PREVIEW = "preview", "Waiting for confirmation"
        IMPORTED = "imported", "Imported"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_imports"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    content = models.TextField()
    encoding = models.CharField(max_length=20)
    row_count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    created_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "sha256"], name="tracker_import_user_sha")]

    def __str__(self) -> str:
        return self.filename


class ExportJob(Job):
    """An export built by a Celery task; the page polls this row until the file is ready."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV (spreadsheets)"
        JSON = "json", "JSON (with history, contacts and interviews)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_exports"
    )
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.CSV)
    include_archived = models.BooleanField(default=False)
    file = models.FileField(upload_to="tracker/exports/%Y/%m/", blank=True)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.format}, {self.state})"
