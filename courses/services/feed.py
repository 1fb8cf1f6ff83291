"""The course feed (E8): posting, commenting and moderation review.

Every post and comment runs through ``courses.moderation`` when written; a flagged item
is held as pending review. Posting is rate-limited per person. Removal notifies the
author; approval publishes the item.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.models import NotificationCategory
from accounts.services import notify
from careercopilot import ratelimit
from careercopilot.textinput import refuse_null_characters

from ..models import (
    Course,
    CourseComment,
    CoursePost,
    Enrollment,
    ModerationStatus,
    Video,
    VideoState,
)
from ..moderation import moderate, stored_evidence
from ..selectors.access import can_teach
from ..uploads import HEAD_BYTES, safe_filename, validate_video
from .video import video_enqueue_processing

__all__ = [
    "comment_create",
    "moderation_approve",
    "moderation_remove",
    "post_create",
]


BODY_MAX = 5000


def _rate_limited(kind: str, user) -> None:
    action = {"posts": "feed_post", "comments": "feed_comment"}[kind]
    if not ratelimit.allow(user_id=user.pk, action=action):
        raise ValidationError(
            f"You are posting too fast: at most {ratelimit.LIMITS[action][0]} {kind} in "
            f"{ratelimit.window_minutes(action)} minutes. Wait a little and try again."
        )


def _check_member(course: Course, user) -> None:
    if not Enrollment.objects.filter(course=course, user=user).exists() and not can_teach(
        user, course.pk
    ):
        raise PermissionDenied


def _clean_body(body: str, *, allow_empty: bool = False) -> str:
    body = (body or "").strip()
    refuse_null_characters(body)
    if not body and not allow_empty:
        raise ValidationError("Write something first.")
    if len(body) > BODY_MAX:
        raise ValidationError(f"Keep it under {BODY_MAX} characters.")
    return body


def _apply_verdict(item, body: str) -> None:
    verdict = moderate(body)
    item.flag_reasons = verdict.reasons
    item.flag_score = verdict.score
    item.flag_evidence = stored_evidence(verdict.evidence)
    item.status = ModerationStatus.PENDING if verdict.flagged else ModerationStatus.PUBLISHED


def _video_from_upload(*, course: Course, owner, upload: UploadedFile) -> Video:
    upload.seek(0)
    validate_video(upload.read(HEAD_BYTES), size=upload.size or 0)
    upload.seek(0)
    video = Video(
        owner=owner,
        course=course,
        state=VideoState.PENDING,
        original_filename=safe_filename(upload.name or "video"),
    )
    video.source.save("source", upload, save=False)
    video.save()
    video_enqueue_processing(video)
    return video


def post_create(
    *, course: Course, author, body: str, video_upload: UploadedFile | None = None
) -> CoursePost:
    _check_member(course, author)
    body = _clean_body(body, allow_empty=video_upload is not None)
    _rate_limited("posts", author)
    post = CoursePost(course=course, author=author, body=body)
    _apply_verdict(post, body)
    with transaction.atomic():
        if video_upload is not None:
            post.video = _video_from_upload(course=course, owner=author, upload=video_upload)
        post.save()
    return post


def comment_create(
    *, post: CoursePost, author, body: str, parent: CourseComment | None = None
) -> CourseComment:
    _check_member(post.course, author)
    if parent is not None and parent.post_id != post.pk:
        raise ValidationError("That reply belongs to another post.")
    body = _clean_body(body)
    _rate_limited("comments", author)
    comment = CourseComment(post=post, author=author, body=body, parent=parent)
    _apply_verdict(comment, body)
    comment.save()
    return comment


def _course_of(item) -> Course:
    return item.course if isinstance(item, CoursePost) else item.post.course


def moderation_approve(*, item, reviewer) -> None:
    if not can_teach(reviewer, _course_of(item).pk):
        raise PermissionDenied
    item.status = ModerationStatus.PUBLISHED
    item.reviewed_by, item.reviewed_at = reviewer, timezone.now()
    item.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit.record(
        audit.AuditAction.MODERATION_DECISION,
        actor=reviewer,
        subject=item.author_id,
        obj=item,
        decision="approved",
    )


def moderation_remove(*, item, reviewer, reason: str = "") -> None:
    course = _course_of(item)
    if not can_teach(reviewer, course.pk):
        raise PermissionDenied
    item.status = ModerationStatus.REMOVED
    item.reviewed_by, item.reviewed_at = reviewer, timezone.now()
    item.removal_reason = (reason or "It breaks the course's community rules.")[:300]
    item.save(update_fields=["status", "reviewed_by", "reviewed_at", "removal_reason"])
    audit.record(
        audit.AuditAction.MODERATION_DECISION,
        actor=reviewer,
        subject=item.author_id,
        obj=item,
        decision="removed",
        reason=item.removal_reason,
    )
    noun = "post" if isinstance(item, CoursePost) else "comment"
    excerpt = item.body[:80] + ("…" if len(item.body) > 80 else "")
    notify(
        user=item.author,
        title=f"Your {noun} in {course.title} was removed",
        body=f"“{excerpt}” was removed by the course staff. Reason: {item.removal_reason}",
        url=f"/courses/{course.pk}/feed/",
        category=NotificationCategory.COURSES,
    )
