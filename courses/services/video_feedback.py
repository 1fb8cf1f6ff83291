"""Video feedback: time-stamped comments by staff, the owner and peer reviewers, one
level of replies, the owner's self-reflection step, and caption tracks.

Who may comment, and as what, is ``selectors.video_feedback.comment_role_for``; callers
pass a video they fetched with ``get_video_for_user``.
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from careercopilot.textinput import refuse_null_characters

from ..models import CommentRole, LibraryComment, Video, VideoCaption, VideoComment
from ..selectors.video_feedback import (
    comment_role_for,
    reflection_open,
    waiting_for_reflection,
)
from ..video import captions

__all__ = [
    "video_caption_upload",
    "video_comment_add",
    "video_comment_delete",
    "video_reflection_finish",
]

COMMENT_MAX = 2000
LABEL_MAX = 60


def _moment(video: Video, at_seconds) -> float:
    try:
        at = float(at_seconds)
    except (TypeError, ValueError) as exc:
        raise ValidationError("Pick a moment in the video.") from exc
    if not math.isfinite(at):  # "nan" and "inf" parse as floats but are no moment
        raise ValidationError("Pick a moment in the video.")
    duration = video.duration_seconds or 0
    if at < 0 or (duration and at > duration + 1):
        raise ValidationError("That moment is outside the video.")
    return at


def _library_comment(video: Video, role: str, library_comment) -> LibraryComment | None:
    if library_comment in (None, ""):
        return None
    if role != CommentRole.STAFF:
        raise ValidationError("Only the course's staff insert comments from its library.")
    try:
        pk = int(library_comment)
    except (TypeError, ValueError) as exc:
        raise ValidationError("That comment is not in this course's library.") from exc
    found = LibraryComment.objects.filter(pk=pk, course_id=video.course_id).first()
    if found is None:
        raise ValidationError("That comment is not in this course's library.")
    return found


def video_comment_add(
    *,
    video: Video,
    author,
    body: str,
    at_seconds=None,
    parent_id=None,
    library_comment=None,
) -> VideoComment:
    """A comment at a moment of the video, or a reply to one (keeping its moment).

    Staff, the owner and assigned peer reviewers comment; others are refused. While the
    self-reflection step is open the owner's comments are their reflection, and others
    wait for it."""
    role = comment_role_for(author, video)
    if role is None:
        raise PermissionDenied
    if waiting_for_reflection(video, author):
        raise ValidationError("Comments open once the student has finished their reflection.")
    body = (body or "").strip()
    refuse_null_characters(body, what="your comment")
    if not body:
        raise ValidationError("Write a comment.")
    if len(body) > COMMENT_MAX:
        raise ValidationError(f"Keep comments under {COMMENT_MAX} characters.")
    parent = None
    if parent_id not in (None, ""):
        try:
            parent = VideoComment.objects.filter(
                pk=int(parent_id), video=video, parent__isnull=True
            ).first()
        except (TypeError, ValueError):
            parent = None
        if parent is None:
            raise ValidationError("The comment you replied to is gone.")
        if role == CommentRole.PEER and parent.role not in (CommentRole.PEER, CommentRole.OWNER):
            raise ValidationError("The comment you replied to is gone.")
        at = parent.at_seconds
    else:
        at = _moment(video, at_seconds)
    return VideoComment.objects.create(
        video=video,
        author=author,
        parent=parent,
        role=role,
        library_comment=_library_comment(video, role, library_comment),
        at_seconds=at,
        body=body,
    )


def video_comment_delete(*, comment: VideoComment, user) -> None:
    """Writers delete their own comments (a comment's replies go with it)."""
    if comment.author_id != user.pk:
        raise PermissionDenied
    comment.delete()


def video_reflection_finish(*, video: Video, user) -> Video:
    """The owner ends the self-reflection step: staff and reviewers see the video now."""
    if user.pk != video.owner_id:
        raise PermissionDenied
    if not reflection_open(video):
        raise ValidationError("There is no reflection to finish on this video.")
    if not video.comments.filter(author=user, role=CommentRole.REFLECTION).exists():
        raise ValidationError("Add at least one comment on your video before you finish.")
    video.reflected_at = timezone.now()
    video.save(update_fields=["reflected_at", "updated_at"])
    return video


def video_caption_upload(
    *, video: Video, user, data: bytes, language: str, label: str = ""
) -> VideoCaption:
    """A WebVTT track from the owner or staff, checked and written again by us; one per
    language (a new upload replaces that language's track)."""
    from ..selectors.access import can_teach

    if user.pk != video.owner_id and not can_teach(user, video.course_id):
        raise PermissionDenied
    if not video.is_ready:
        raise ValidationError("Add captions once the video is processed.")
    language = captions.normalise_language(language)
    label = (label or "").strip() or language
    refuse_null_characters(label, what="the label")
    if len(label) > LABEL_MAX:
        raise ValidationError(f"Keep the label under {LABEL_MAX} characters.")
    parsed = captions.parse(data, duration=video.duration_seconds)
    content = ContentFile(parsed.text.encode("utf-8"))
    with transaction.atomic():
        caption = VideoCaption.objects.select_for_update().filter(
            video=video, language=language
        ).first() or VideoCaption(video=video, language=language)
        old_name = caption.file.name
        caption.label, caption.cue_count, caption.uploaded_by = label, len(parsed.cues), user
        caption.created_at = timezone.now()
        caption.file.save(f"{language}.vtt", content, save=False)
        caption.save()
        if old_name and old_name != caption.file.name:
            storage, name = caption.file.storage, old_name
            transaction.on_commit(lambda: storage.delete(name))
    return caption
