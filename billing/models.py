"""Billing state that belongs to us.

dj-stripe mirrors Stripe's objects (customers, subscriptions, invoices, events); these
rows hold what the product decides from them: each user's plan and dunning state, the
usage counters behind quotas, the checkout sessions we started and the webhook inbox
that Celery works through. Stripe ids are plain strings, so this app's migrations do
not depend on dj-stripe's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .plans import FEATURES, PLAN_CHOICES


class SubscriptionStatus(models.TextChoices):
    """Stripe's subscription statuses."""

    INCOMPLETE = "incomplete", "Incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete, expired"
    TRIALING = "trialing", "Trialing"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    UNPAID = "unpaid", "Unpaid"
    CANCELED = "canceled", "Canceled"
    PAUSED = "paused", "Paused"


# Paid up: the plan applies.
GOOD_STANDING: frozenset[str] = frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING})
# A renewal payment failed: the plan applies during the grace period only.
IN_DUNNING: frozenset[str] = frozenset({SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID})
# Statuses that still count as the customer's current subscription.
LIVE_STATUSES: frozenset[str] = GOOD_STANDING | IN_DUNNING | {SubscriptionStatus.INCOMPLETE}

FEATURE_CHOICES = [(feature, label) for feature, label in FEATURES.items()]


class BillingAccount(models.Model):
    """One per user who has touched billing: their Stripe link, plan and flags.

    The ``stripe_*``/``subscription_*``/period fields are written only by webhook
    processing, from Stripe's current state. Users without a row are on Free.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing_account"
    )
    customer_id = models.CharField("Stripe customer", max_length=255, blank=True, db_index=True)

    # From Stripe: the customer's current subscription.
    stripe_plan = models.CharField(
        "plan paid through Stripe", max_length=20, choices=PLAN_CHOICES, default="free"
    )
    subscription_id = models.CharField(max_length=255, blank=True)
    subscription_status = models.CharField(max_length=20, choices=SubscriptionStatus, blank=True)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    stripe_synced_at = models.DateTimeField(null=True, blank=True)

    # Dunning: a failed renewal keeps the paid plan until grace_until.
    payment_failed_at = models.DateTimeField(null=True, blank=True)
    grace_until = models.DateTimeField(null=True, blank=True)
    last_failed_invoice_id = models.CharField(max_length=255, blank=True)
    downgrade_notified_at = models.DateTimeField(null=True, blank=True)

    # Early fraud warnings flag the account for an admin to review.
    fraud_flagged_at = models.DateTimeField(null=True, blank=True)
    fraud_reason = models.TextField(blank=True)
    fraud_reviewed_at = models.DateTimeField(null=True, blank=True)

    # A plan granted by an admin (works without Stripe), always with an end date.
    granted_plan = models.CharField(max_length=20, choices=PLAN_CHOICES, blank=True)
    granted_until = models.DateTimeField(null=True, blank=True)
    granted_note = models.CharField(max_length=255, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(granted_plan="") | Q(granted_until__isnull=False),
                name="billing_grant_has_end_date",
            )
        ]
        indexes = [
            models.Index(fields=["grace_until"], name="billing_acct_grace_idx"),
        ]

    def __str__(self) -> str:
        return f"Billing for {self.user}"

    @property
    def is_fraud_flagged(self) -> bool:
        return self.fraud_flagged_at is not None and self.fraud_reviewed_at is None


class SubscriptionRecord(models.Model):
    """Our normalised copy of each Stripe subscription: plan derivation and metrics."""

    subscription_id = models.CharField(max_length=255, unique=True)
    customer_id = models.CharField(max_length=255, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscription_records",
    )
    plan = models.CharField(max_length=20, choices=PLAN_CHOICES, blank=True)
    status = models.CharField(max_length=20, choices=SubscriptionStatus)
    unit_amount = models.PositiveIntegerField("monthly amount (cents)", default=0)
    currency = models.CharField(max_length=3, default="usd")
    started_at = models.DateTimeField(null=True, blank=True)
    trial_start = models.DateTimeField(null=True, blank=True)
    trial_end = models.DateTimeField(null=True, blank=True)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    canceled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "plan"], name="billing_sub_status_plan_idx"),
            models.Index(fields=["started_at"], name="billing_sub_started_idx"),
            models.Index(fields=["ended_at"], name="billing_sub_ended_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} ({self.plan or 'foreign price'}, {self.status})"


class Usage(models.Model):
    """How much of a metered feature a user has used in one billing period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing_usage"
    )
    feature = models.CharField(max_length=32, choices=FEATURE_CHOICES)
    period_start = models.DateTimeField()
    used = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "feature", "period_start"], name="billing_usage_one_per_period"
            )
        ]
        verbose_name_plural = "usage"

    def __str__(self) -> str:
        return f"{self.user} {self.feature} {self.used} since {self.period_start:%Y-%m-%d}"


class CheckoutSession(models.Model):
    """A Stripe Checkout Session we started; the success page watches it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkout_sessions"
    )
    session_id = models.CharField(max_length=255, unique=True)
    plan = models.CharField(max_length=20, choices=PLAN_CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.session_id} ({self.plan}, {self.status})"


class WebhookEvent(models.Model):
    """The inbox: one row per Stripe event id, processed by a Celery task."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Processed"
        IGNORED = "ignored", "Ignored (type not handled)"
        FAILED = "failed", "Failed"

    stripe_id = models.CharField("Stripe event id", max_length=255, unique=True)
    type = models.CharField(max_length=120, db_index=True)
    livemode = models.BooleanField(default=False)
    stripe_created = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField()
    trigger_id = models.BigIntegerField(
        null=True, blank=True, help_text="The dj-stripe WebhookEventTrigger that recorded it."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "received_at"], name="billing_event_status_idx")]
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id} ({self.status})"
