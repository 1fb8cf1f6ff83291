"""Accounts: the user, profile skills, privacy jobs (A6) and the audit log (A6)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from careercopilot.jobs.models import Job


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        """Used by ``createsuperuser``: the new user gets the ``admin`` role and a
        verified email address (whoever runs the command vouches for it), so they
        can sign in at once; the admin then asks them to set up MFA."""
        from .roles import Role
        from .services import user_email_mark_verified, user_set_roles

        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser.")
        user = self._create_user(email, password, **extra_fields)
        user_set_roles(user=user, roles=[Role.ADMIN])
        user_email_mark_verified(user=user)
        return user


class NotificationCategory(models.TextChoices):
    ACCOUNT = "account", "Account and security"
    TRACKER = "tracker", "Job search reminders"
    RESUMES = "resumes", "Resume and AI results"
    BILLING = "billing", "Billing"
    COURSES = "courses", "Courses and grades"


def default_email_categories() -> list[str]:
    return list(NotificationCategory.values)


class User(AbstractUser):
    """A person who signs in with an email address; roles are groups."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, blank=True)

    # Career profile (A4)
    headline = models.CharField(max_length=200, blank=True)
    target_roles = models.JSONField(default=list, blank=True)
    locations = models.JSONField(default=list, blank=True)
    skills = models.JSONField(default=list, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="USD", blank=True)
    timezone = models.CharField(max_length=64, default="UTC")

    # Notification preferences (A5): which categories also arrive by email.
    email_categories = models.JSONField(default=default_email_categories, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.display_name

    def wants_email_for(self, category: str) -> bool:
        return category in (self.email_categories or [])


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField(
        max_length=20, choices=NotificationCategory, default=NotificationCategory.ACCOUNT
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # An email is owed (cleared once sent, or once the user no longer wants it): the
    # sweeper sends again the ones whose message the broker lost.
    email_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_pending=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class OutboundEmail(models.Model):
    """A rendered email waiting for the worker. The task carries only this row's id, so
    sign-in links never travel through the broker or its logs; the row is deleted once
    the message is sent."""

    subject = models.CharField(max_length=998)
    body = models.TextField()
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list)
    headers = models.JSONField(default=dict)
    content_subtype = models.CharField(max_length=20, default="plain")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"email #{self.pk} to {len(self.to)} recipient(s)"


# --- Skills on a profile -------------------------------------------------------------------
# Skills on a profile with where each came from (E12).
#
# ``User.skills`` stays the one list of skills every feature reads (analyses, the
# assistant, the dashboard). A ``ProfileSkill`` row records the source of one of them:
# typed in by the user, earned by completing a course, or found in a resume. One row per
# user and skill (compared by canonical name, so "JS" and "JavaScript" are one skill).
#
# A removed skill keeps its row with ``removed_at`` set, so a later grade release in the
# same course does not quietly put back what the user took off their profile.


class SkillSource(models.TextChoices):
    SELF = "self", "Added by you"
    COURSE = "course", "From a course"
    RESUME = "resume", "From your resume"


class ProfileSkill(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_skills"
    )
    name = models.CharField(max_length=80)
    name_normalized = models.CharField(max_length=80, editable=False)
    source_kind = models.CharField(
        max_length=10, choices=SkillSource.choices, default=SkillSource.SELF
    )
    source_label = models.CharField(
        max_length=200, blank=True, help_text="What the source was called then, e.g. the course."
    )
    # A plain id, not a foreign key: the record of where a skill came from outlives the
    # course, and accounts does not depend on the courses app.
    source_course_id = models.PositiveBigIntegerField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name_normalized"], name="profile_skill_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_source_kind_display()})"

    def save(self, *args, **kwargs):
        from .skills import skill_key

        self.name = " ".join(self.name.split())[:80]
        self.name_normalized = skill_key(self.name)[:80]
        super().save(*args, **kwargs)

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


# --- Privacy: data exports and stored-object deletions -------------------------------------
# Rows behind A6: a data export being built or waiting for download, and stored objects
# queued for deletion until the storage confirms each one is gone.


def data_export_upload_to(instance: DataExport, filename: str) -> str:
    return f"privacy/exports/{uuid.uuid4().hex}.zip"


class DataExport(Job):
    """A ZIP of everything a user owns, built by a Celery task; downloadable for 24 hours."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    file = models.FileField(upload_to=data_export_upload_to, blank=True, max_length=200)
    size_bytes = models.PositiveBigIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.state})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return bool(self.file) and not self.is_expired


class StoredObjectDeletion(models.Model):
    """A stored object (S3 key or local path) that must be deleted; the row goes once the
    storage confirms the object no longer exists."""

    name = models.CharField(max_length=500)
    reason = models.CharField(max_length=40)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_tried_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"delete {self.name}"


# --- The audit log -------------------------------------------------------------------------
# The audit log (A6): an append-only record of sensitive actions.
#
# Rows are written by ``accounts.audit.record`` and never changed: saving an existing row
# or deleting one raises ``AuditLogAppendOnly``. Deleting a user keeps their events with
# ``actor``/``subject`` set to NULL. The object is kept as strings (type, id, description),
# so deleting it keeps the record. ``detail`` never holds passwords, tokens or keys.


class AuditLogAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditAction(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOCKOUT = "lockout", "Sign-in locked after failed attempts"
    MFA_ENABLED = "mfa_enabled", "Two-factor method added"
    MFA_DISABLED = "mfa_disabled", "Two-factor method removed"
    MFA_RECOVERY_CODES = "mfa_recovery_codes", "Recovery codes generated"
    EMAIL_ADDED = "email_added", "Email address added"
    EMAIL_CHANGED = "email_changed", "Primary email address changed"
    EMAIL_REMOVED = "email_removed", "Email address removed"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    DATA_EXPORT_REQUESTED = "data_export_requested", "Data export requested"
    DATA_EXPORT_DOWNLOADED = "data_export_downloaded", "Data export downloaded"
    ACCOUNT_DELETED = "account_deleted", "Account deleted"
    PLAN_CHANGED_BY_ADMIN = "plan_changed_by_admin", "Plan changed by an admin"
    GRADE_RELEASED = "grade_released", "Grade released"
    GRADE_CHANGED_AFTER_RELEASE = "grade_changed_after_release", "Grade changed after release"
    MODERATION_DECISION = "moderation_decision", "Moderation decision"


class AuditEvent(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events_as_actor",
        help_text="Who did it (empty: the system, a signed-out visitor or a deleted user).",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        help_text="The user it is about: the account signed into, the student graded.",
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField("object", max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit event"
        indexes = [
            models.Index(fields=["subject", "-created_at"], name="audit_subject_recent"),
            models.Index(fields=["action", "-created_at"], name="audit_action_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.created_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditLogAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogAppendOnly("Audit events cannot be deleted.")
