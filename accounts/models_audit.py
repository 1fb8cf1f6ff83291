"""The audit log (A6): an append-only record of sensitive actions.

Rows are written by ``accounts.audit.record`` and never changed: saving an existing row
or deleting one raises ``AuditLogAppendOnly``. Deleting a user keeps their events with
``actor``/``subject`` set to NULL. The object is kept as strings (type, id, description),
so deleting it keeps the record. ``detail`` never holds passwords, tokens or keys.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


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
