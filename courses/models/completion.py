"""Course completion (E12): when a student has finished a course.

A student completes a course when every published assignment of it has a released grade
for them of at least ``COMPLETION_PASS_PERCENT`` of its points (after any late
penalty). The check runs when grades are released (``courses.services.completion``); the
row is written once, and the course's skills go onto the student's profile then.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from .courses import Course

COMPLETION_PASS_PERCENT = Decimal("60")


class CourseCompletion(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["course_id", "completed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="course_completion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.course}"
