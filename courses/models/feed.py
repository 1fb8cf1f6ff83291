"""The course feed (E8): posts, threaded comments and video responses, all moderated.

Every post and comment is checked when written (``courses.moderation``). A flagged item
is ``pending`` (seen only by its author, marked "pending review", and by the course's
staff in the admin queue with why it was held) until approved; removed items are hidden
from everyone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..moderation import hold_summary
from .video import Video


class ModerationStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Pending review"
    REMOVED = "removed", "Removed"


class Moderated(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=16, choices=ModerationStatus, default=ModerationStatus.PUBLISHED
    )
    flag_reasons = models.JSONField(default=list, blank=True)
    flag_score = models.FloatField(default=0)
    # What fired each reason: {"harassment": "you are a clueless fraud", "toxicity": "0.83"}.
    flag_evidence = models.JSONField(default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status == ModerationStatus.PENDING

    @property
    def hold_summary(self) -> str:
        """Why moderation held it, for the course staff only."""
        return hold_summary(self.flag_reasons, self.flag_evidence)


class CoursePost(Moderated):
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="posts")
    video = models.OneToOneField(
        Video, null=True, blank=True, on_delete=models.SET_NULL, related_name="post"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["course", "status", "created_at"], name="post_feed")]

    def __str__(self) -> str:
        return self.body[:60] or "Video post"


class CourseComment(Moderated):
    post = models.ForeignKey(CoursePost, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
