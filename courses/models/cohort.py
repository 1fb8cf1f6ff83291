"""Consent to share job-search outcomes with a course (E11, second part).

A student opts in per course. Each opt-in is a row; opting out stamps ``withdrawn_at``
and opting in again makes a new row, so the history of who agreed, and when, is kept.
At most one row per student and course is active (not withdrawn) at a time.

What a consent allows is decided in ``courses.selectors.cohort``: the course's
instructors see weekly totals of the cohort's applications, interviews and offers,
counted from the moment each student agreed, only while the consent is active and only
when enough students share.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .courses import Course


class CohortConsent(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohort_consents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_consents"
    )
    consented_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["course_id", "-consented_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="cohort_consent_one_active",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("consented_at")),
                name="cohort_consent_withdrawn_after_given",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "withdrawn_at"], name="cohort_consent_user"),
        ]

    def __str__(self) -> str:
        state = "active" if self.is_active else "withdrawn"
        return f"{self.user} → {self.course} ({state})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
