"""Accounting: one `AICall` row per engine call — who, what, which engine, tokens, cost."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone


class AICall(models.Model):
    class Result(models.TextChoices):
        OK = "ok", "OK"
        FALLBACK = "fallback", "Fell back to local"
        ERROR = "error", "Error"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ai_calls",
    )
    feature = models.CharField(max_length=40)
    engine = models.CharField(max_length=20, help_text="The engine that produced the result.")
    requested_engine = models.CharField(max_length=20)
    model = models.CharField(max_length=80, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6, default=Decimal("0"))
    latency_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Result.choices, default=Result.OK)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "careercopilot"
        ordering = ["-created_at"]
        verbose_name = "AI call"
        indexes = [
            models.Index(fields=["user", "feature", "created_at"], name="aicall_user_feature"),
        ]

    def __str__(self) -> str:
        return f"{self.feature} via {self.engine} ({self.outcome})"
