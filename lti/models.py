"""LTI 1.3 tool data: platforms we trust, our signing keys, and how platform people,
contexts and line items map onto our users, courses and assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from careercopilot.jobs.models import Job


class Platform(models.Model):
    """One registration of our tool in a learning platform (Canvas, Moodle, ...)."""

    name = models.CharField(max_length=200)
    issuer = models.CharField(
        max_length=255, help_text="The platform's iss, e.g. https://canvas.instructure.com"
    )
    client_id = models.CharField(
        max_length=255, help_text="The client ID the platform gave our tool."
    )
    auth_login_url = models.URLField(max_length=500, help_text="OIDC authentication endpoint.")
    auth_token_url = models.URLField(max_length=500, help_text="OAuth2 access token endpoint.")
    auth_audience = models.CharField(
        max_length=500,
        blank=True,
        help_text="Audience of our token requests, if not the token URL.",
    )
    keyset_url = models.URLField(max_length=500, help_text="The platform's public keys (JWKS).")
    is_active = models.BooleanField(
        default=True, help_text="Launches from inactive platforms are refused."
    )
    registered_dynamically = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id"], name="lti_platform_unique_client"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Deployment(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(max_length=255)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["platform_id", "deployment_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id"], name="lti_deployment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} · {self.deployment_id}"


class ToolKey(models.Model):
    """Our RSA key pair: the newest active key signs, every active key is in our JWKS
    (so a platform keeps verifying while it refreshes its cache after a rotation)."""

    kid = models.CharField(max_length=64, unique=True, editable=False)
    private_pem = models.TextField(editable=False)
    public_jwk = models.JSONField(editable=False)
    is_active = models.BooleanField(default=True, help_text="Published in our JWKS.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.kid


class LtiIdentity(models.Model):
    """A platform person (issuer + sub) and the account they sign in to. The link is made
    by (platform, sub) only: an email in the claims never picks an account."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="identities")
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_identities"
    )
    email = models.EmailField(blank=True, help_text="As the platform sent it (never used to link).")
    name = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name_plural = "LTI identities"
        constraints = [
            models.UniqueConstraint(fields=["platform", "sub"], name="lti_identity_unique_sub"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.sub} @ {self.platform}"


class LtiContext(models.Model):
    """A platform course (context) and the one course of ours it is scoped to."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="contexts")
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="contexts")
    context_id = models.CharField(max_length=255)
    title = models.CharField(max_length=500, blank=True)
    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, related_name="lti_context"
    )
    memberships_url = models.URLField(max_length=500, blank=True)
    lineitems_url = models.URLField(max_length=500, blank=True)
    ags_scopes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "LTI context"
        constraints = [
            models.UniqueConstraint(fields=["platform", "context_id"], name="lti_context_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.context_id} @ {self.platform}"


class LtiNonce(models.Model):
    """A launch's nonce, stored when accepted: the same launch never counts twice."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "nonce"], name="lti_nonce_once"),
        ]
        indexes = [models.Index(fields=["used_at"], name="lti_nonce_used_at")]

    def __str__(self) -> str:
        return self.nonce


class LtiLineItem(models.Model):
    """The platform gradebook column of one of our assignments."""

    context = models.ForeignKey(LtiContext, on_delete=models.CASCADE, related_name="line_items")
    assignment = models.ForeignKey(
        "courses.Assignment", on_delete=models.CASCADE, related_name="lti_line_items"
    )
    url = models.URLField(max_length=500)

    class Meta:
        verbose_name = "LTI line item"
        constraints = [
            models.UniqueConstraint(fields=["context", "assignment"], name="lti_line_item_unique"),
        ]

    def __str__(self) -> str:
        return self.url


class RosterSync(Job):
    """Names and Role Provisioning: the platform's class list applied to the course."""

    context = models.ForeignKey(LtiContext, on_delete=models.CASCADE, related_name="roster_syncs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Roster of {self.context} ({self.get_state_display()})"


class GradePassback(Job):
    """Assignment and Grade Services: a released grade sent to the platform's gradebook.
    The score and comment are read when it runs, so the latest grade is what arrives."""

    submission = models.ForeignKey(
        "courses.Submission", on_delete=models.CASCADE, related_name="lti_passbacks"
    )
    context = models.ForeignKey(LtiContext, on_delete=models.CASCADE, related_name="passbacks")
    score_sent = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    comment_sent = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Grade of {self.submission} ({self.get_state_display()})"
