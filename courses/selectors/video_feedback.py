"""Video feedback, read side: who comments on a video and as what, whom names are shown
to, what a viewer sees while the self-reflection step is open, and which submissions
still need captions before their grade is released.

Roles: teaching staff comment as ``staff``; the owner as ``owner`` (``reflection`` while
the self-reflection step is open); an assigned peer reviewer as ``peer`` when the
assignment's peer review is on and lets reviewers comment on videos. Staff always see
names; with anonymous peer review the owner sees "Peer reviewer 1/2" and a reviewer sees
the owner as "the author". A reviewer sees the owner's and the reviewers' threads only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from ..models import (
    Assignment,
    CommentRole,
    Course,
    PeerReview,
    PeerReviewSettings,
    Submission,
    Video,
    VideoCaption,
    VideoComment,
)
from .access import can_teach

__all__ = [
    "Feedback",
    "comment_role_for",
    "peer_review_for_video",
    "reflection_open",
    "submissions_missing_captions",
    "video_assignment",
    "video_feedback",
    "waiting_for_reflection",
]

AUTHOR_LABEL = "the author"


def video_assignment(video: Video) -> Assignment | None:
    file = video.submission_file
    return file.submission.assignment if file is not None else video.assignment


def _peer_settings(assignment: Assignment | None) -> PeerReviewSettings | None:
    if assignment is None:
        return None
    try:
        settings = assignment.peer_review_settings
    except PeerReviewSettings.DoesNotExist:
        return None
    return settings if settings.enabled and settings.video_comments else None


def peer_review_for_video(user, video: Video) -> PeerReview | None:
    """The review ``user`` was assigned of this video's submission, when the assignment
    lets reviewers comment on videos; else None."""
    file = video.submission_file
    if getattr(user, "pk", None) is None or file is None:
        return None
    if _peer_settings(video_assignment(video)) is None:
        return None
    return PeerReview.objects.filter(submission_id=file.submission_id, reviewer_id=user.pk).first()


def _handed_in(video: Video) -> bool:
    """The video is part of an attempt that was handed in (not only in the draft)."""
    file = video.submission_file
    return file is not None and file.versions.exists()


def reflection_open(video: Video) -> bool:
    """The owner's self-reflection step: asked by the assignment, after hand-in, until
    the owner finishes it."""
    assignment = video_assignment(video)
    return bool(
        assignment is not None
        and assignment.video_self_reflection
        and video.reflected_at is None
        and _handed_in(video)
    )


def waiting_for_reflection(video: Video, user) -> bool:
    """Everyone but the owner waits for the self-reflection before seeing the video."""
    assignment = video_assignment(video)
    return bool(
        assignment is not None
        and assignment.video_self_reflection
        and video.reflected_at is None
        and user.pk != video.owner_id
    )


def comment_role_for(user, video: Video) -> str | None:
    """The role ``user`` comments on ``video`` as, or None if they may not comment."""
    if can_teach(user, video.course_id):
        return CommentRole.STAFF
    if user.pk == video.owner_id:
        return CommentRole.REFLECTION if reflection_open(video) else CommentRole.OWNER
    if peer_review_for_video(user, video) is not None:
        return CommentRole.PEER
    return None


@dataclass
class Feedback:
    """What the player shows a viewer: threads with the names they may see."""

    role: str | None
    is_staff: bool
    threads: list[VideoComment] = field(default_factory=list)
    waiting: bool = False
    reflection_open: bool = False
    captions: list[VideoCaption] = field(default_factory=list)
    captions_missing: bool = False


def _reviewer_numbers(video: Video) -> dict[int, int]:
    """Each reviewer of the submission, numbered in the order they were assigned."""
    file = video.submission_file
    if file is None:
        return {}
    ids = PeerReview.objects.filter(submission_id=file.submission_id).order_by("assigned_at", "pk")
    return {rid: n for n, rid in enumerate(ids.values_list("reviewer_id", flat=True), 1)}


def _namer(user, video: Video, *, is_staff: bool):
    settings = _peer_settings(video_assignment(video))
    anonymous = bool(settings and settings.anonymous) and not is_staff
    numbers = _reviewer_numbers(video) if anonymous else {}

    def name(comment: VideoComment) -> str:
        if not anonymous or comment.author_id == user.pk:
            return comment.author.display_name
        if comment.role == CommentRole.PEER:
            return f"Peer reviewer {numbers.get(comment.author_id, '')}".strip()
        if comment.author_id == video.owner_id:
            return AUTHOR_LABEL
        return comment.author.display_name

    return name


def video_feedback(user, video: Video) -> Feedback:
    """Threads (top-level comments with their replies) as ``user`` may see them."""
    is_staff = can_teach(user, video.course_id)
    role = comment_role_for(user, video)
    captions = list(video.captions.all())
    assignment = video_assignment(video)
    course: Course = video.course
    feedback = Feedback(
        role=role,
        is_staff=is_staff,
        captions=captions,
        captions_missing=bool(
            course.captions_required
            and assignment is not None
            and not captions
            and (is_staff or user.pk == video.owner_id)
        ),
    )
    if waiting_for_reflection(video, user):
        feedback.waiting = True
        return feedback
    feedback.reflection_open = user.pk == video.owner_id and reflection_open(video)
    comments = list(video.comments.select_related("author"))
    if role == CommentRole.PEER:  # a reviewer sees the owner's and the reviewers' threads
        allowed = {CommentRole.PEER, CommentRole.OWNER}
        top_ids = {c.pk for c in comments if c.parent_id is None and c.role in allowed}
        comments = [c for c in comments if (c.parent_id or c.pk) in top_ids]
    name = _namer(user, video, is_staff=is_staff)
    threads: dict[int, VideoComment] = {}
    for comment in comments:
        comment.shown_name = name(comment)
        comment.mine = comment.author_id == user.pk
        comment.shown_replies = []
        if comment.parent_id is None:
            threads[comment.pk] = comment
    for comment in comments:
        if comment.parent_id in threads:
            threads[comment.parent_id].shown_replies.append(comment)
    for thread in threads.values():
        thread.shown_replies.sort(key=lambda c: (c.created_at, c.pk))
    feedback.threads = list(threads.values())
    return feedback


def submissions_missing_captions(submission_ids) -> set[int]:
    """Those of the submissions, in courses that require captions, whose latest attempt
    holds a video without a caption track."""
    uncaptioned = Video.objects.filter(
        submission_file__submission_id=OuterRef("pk"),
        submission_file__versions__number=OuterRef("attempt"),
    ).exclude(Exists(VideoCaption.objects.filter(video_id=OuterRef("pk"))))
    return set(
        Submission.objects.filter(
            pk__in=list(submission_ids), assignment__course__captions_required=True
        )
        .filter(Exists(uncaptioned))
        .values_list("pk", flat=True)
    )
