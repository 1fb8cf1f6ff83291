"""Videos (E4): an uploaded source, its renditions and time-stamped comments.

A ``Video`` is a job row (``careercopilot.jobs``) with a state of its own before it:
``uploading → pending → running → done | failed``. It belongs to a submission file (a
student's video answer). Renditions are stored once per (video, name), so a redelivered
transcode finds its work done.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from careercopilot.jobs.models import Job, JobState

from .submissions import SubmissionFile


class VideoState(models.TextChoices):
    """The job states and one before them: the browser is still uploading."""

    UPLOADING = "uploading", "Uploading"
    PENDING = JobState.PENDING.value, "Processing"
    RUNNING = JobState.RUNNING.value, "Processing"
    DONE = JobState.DONE.value, "Ready"
    FAILED = JobState.FAILED.value, "Failed"


def video_upload_to(instance: Video, filename: str) -> str:
    return f"courses/videos/{instance.uid.hex}/{filename}"


class Video(Job):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_videos"
    )
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="videos")
    submission_file = models.OneToOneField(
        SubmissionFile, null=True, blank=True, on_delete=models.CASCADE, related_name="video"
    )
    # Direct uploads: the assignment, name and type the browser announced.
    assignment = models.ForeignKey(
        "courses.Assignment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    source = models.FileField(upload_to=video_upload_to, max_length=300, blank=True)
    # What was checked when the source was registered; processing refuses anything else.
    source_etag = models.CharField(max_length=100, blank=True)
    source_size = models.PositiveBigIntegerField(null=True, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=16, choices=VideoState, default=VideoState.UPLOADING)
    duration_seconds = models.FloatField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail = models.FileField(upload_to=video_upload_to, max_length=300, blank=True)
    # Set when the owner finishes the self-reflection step (assignments that ask for it).
    reflected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="video_state_created")]

    def __str__(self) -> str:
        return f"Video {self.uid.hex[:8]} ({self.state})"

    @property
    def is_ready(self) -> bool:
        return self.state == VideoState.DONE

    @property
    def is_busy(self) -> bool:
        return self.state in (VideoState.UPLOADING, VideoState.PENDING, VideoState.RUNNING)


class VideoRendition(models.Model):
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="renditions")
    name = models.CharField(max_length=8)  # "720p", "480p"
    file = models.FileField(max_length=300)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["video_id", "-height"]
        constraints = [
            models.UniqueConstraint(fields=["video", "name"], name="video_rendition_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.video} · {self.name}"


class CommentRole(models.TextChoices):
    """Who wrote a video comment, fixed when it is written (names follow the role)."""

    STAFF = "staff", "Staff"
    OWNER = "owner", "Owner"
    REFLECTION = "reflection", "Self-reflection"
    PEER = "peer", "Peer"


class VideoComment(models.Model):
    """A comment pinned to a moment of the video (seconds from the start), or a reply to
    one (``parent``; replies are one level deep and keep their parent's moment)."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    role = models.CharField(max_length=12, choices=CommentRole, default=CommentRole.STAFF)
    # The library comment it was inserted from, if any (with its rubric criterion).
    library_comment = models.ForeignKey(
        "courses.LibraryComment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at_seconds = models.FloatField()
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["video_id", "at_seconds", "id"]
        indexes = [models.Index(fields=["video", "parent"], name="video_comment_thread")]

    def __str__(self) -> str:
        return f"{self.at_label} · {self.body[:40]}"

    @property
    def at_label(self) -> str:
        total = int(self.at_seconds)
        return f"{total // 60}:{total % 60:02d}"


def caption_upload_to(instance: VideoCaption, filename: str) -> str:
    return f"courses/videos/{instance.video.uid.hex}/captions/{instance.language}.vtt"


class VideoCaption(models.Model):
    """A WebVTT caption track, stored as the sanitised text we re-wrote, one per language."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(max_length=16)  # BCP 47: "en", "pt-BR"
    label = models.CharField(max_length=60)
    file = models.FileField(upload_to=caption_upload_to, max_length=300)
    cue_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["video_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="video_caption_language"),
        ]

    def __str__(self) -> str:
        return f"{self.video} · {self.label}"


# Stored files go with their rows (after the transaction commits). A submission video's
# source is the submission file's own upload, which the submissions code manages.
def _delete_later(storage, name: str) -> None:
    from django.db import transaction

    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=VideoRendition, dispatch_uid="courses_video_rendition_files")
def _rendition_deleted(sender, instance: VideoRendition, **kwargs) -> None:
    _delete_later(instance.file.storage, instance.file.name)


@receiver(post_delete, sender=VideoCaption, dispatch_uid="courses_video_caption_files")
def _caption_deleted(sender, instance: VideoCaption, **kwargs) -> None:
    _delete_later(instance.file.storage, instance.file.name)


@receiver(post_delete, sender=Video, dispatch_uid="courses_video_files")
def _video_deleted(sender, instance: Video, **kwargs) -> None:
    _delete_later(instance.thumbnail.storage, instance.thumbnail.name)
    if not instance.submission_file_id:
        _delete_later(instance.source.storage, instance.source.name)
