"""The comment library: an instructor's reusable comments per course, each optionally
tied to a rubric criterion, inserted with one key in the grading screen and the video
player (essays, files and videos alike)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .assignments import RubricCriterion
from .courses import Course


class LibraryComment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="library_comments")
    body = models.TextField(max_length=2000)
    criterion = models.ForeignKey(
        RubricCriterion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_comments",
        help_text="The rubric criterion this comment speaks to, shown beside it.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="The first nine are inserted with the keys 1 to 9."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course_id", "position", "id"]
        indexes = [models.Index(fields=["course", "position"], name="library_comment_order")]

    def __str__(self) -> str:
        return self.body[:60]
