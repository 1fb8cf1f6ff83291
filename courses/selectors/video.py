"""Who may see a video: its owner (while enrolled), the course's teaching staff, a peer
reviewer assigned its submission (when reviewers comment on videos) and, for a published
feed post's video, the course's members."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Enrollment, Video
from .access import can_teach
from .video_feedback import AUTHOR_LABEL, peer_review_for_video


def get_video_for_user(user, pk) -> Video:
    video = get_object_or_404(
        Video.objects.select_related(
            "course",
            "owner",
            "assignment",
            "submission_file__submission__assignment__peer_review_settings",
        ),
        pk=pk,
    )
    if can_teach(user, video.course_id):
        return video
    if (
        video.owner_id == user.pk
        and Enrollment.objects.filter(user=user, course_id=video.course_id).exists()
    ):
        return video
    if (
        peer_review_for_video(user, video) is not None
        and Enrollment.objects.filter(user=user, course_id=video.course_id).exists()
    ):
        return video
    # A video response in the course feed: every member sees it once it is published.
    from ..models import ModerationStatus
    from .feed import is_member

    post = getattr(video, "post", None)
    if (
        post is not None
        and post.status == ModerationStatus.PUBLISHED
        and is_member(user, video.course_id)
    ):
        return video
    raise Http404


# Processing stages shown while a video is made playable, read from its job row.
STAGES = (
    ("uploaded", "Uploaded"),
    ("probing", "Checking the video"),
    ("transcoding_720p", "Making the 720p version"),
    ("transcoding_480p", "Making the 480p version"),
    ("thumbnail", "Making the thumbnail"),
    ("ready", "Ready"),
)


def video_stage(video: Video) -> str:
    """uploaded (queued), probing, transcoding_720p or _480p (the rendition the progress
    falls in), thumbnail or ready; failed or uploading."""
    from ..models import VideoState
    from ..video import ffmpeg, progress

    if video.state == VideoState.PENDING:
        return "uploaded"
    if video.state == VideoState.RUNNING:
        if not (video.duration_seconds and video.height):
            return "probing"
        if video.progress >= progress.RENDITIONS_DONE:
            return "thumbnail"
        specs = ffmpeg.renditions_for(video.height)
        return f"transcoding_{specs[progress.rendition_at(video.progress, len(specs))].name}"
    finished: dict[str, str] = {VideoState.DONE: "ready", VideoState.FAILED: "failed"}
    return finished.get(video.state, "uploading")


def video_stages(video: Video) -> list[dict]:
    """Each stage with whether it is done, the current one, or still to come."""
    from ..video import ffmpeg

    stages = list(STAGES)
    if video.height:  # only the versions this source gets (never taller than itself)
        made = {f"transcoding_{spec.name}" for spec in ffmpeg.renditions_for(video.height)}
        stages = [(k, v) for k, v in STAGES if not k.startswith("transcoding_") or k in made]
    keys = [key for key, _ in stages]
    current = video_stage(video)
    at = keys.index(current) if current in keys else -1
    return [
        {"key": key, "label": label, "done": i < at or current == "ready", "current": i == at}
        for i, (key, label) in enumerate(stages)
    ]


def owner_label(video: Video, user) -> str:
    """The owner's name, or "the author" for a reviewer under anonymous peer review."""
    if user.pk != video.owner_id and not can_teach(user, video.course_id):
        review = peer_review_for_video(user, video)
        if review is not None and review.assignment.peer_review_settings.anonymous:
            return AUTHOR_LABEL
    return video.owner.display_name


def video_origin(video: Video, user) -> dict:
    """What the video belongs to, for the page's title and its way back: the feed post
    or the assignment (the student's own page, the grading screen for its staff, or the
    review for a peer reviewer)."""
    from django.urls import reverse

    post = getattr(video, "post", None)
    if post is not None:
        return {
            "title": f"Video post by {video.owner.display_name}",
            "back_url": reverse("courses:feed", args=[video.course_id]) + f"#post-{post.pk}",
            "back_label": "Course feed",
        }
    file = video.submission_file
    assignment = file.submission.assignment if file is not None else video.assignment
    if assignment is None:
        return {
            "title": "Video",
            "back_url": reverse("courses:detail", args=[video.course_id]),
            "back_label": video.course.title,
        }
    review = None if video.owner_id == user.pk else peer_review_for_video(user, video)
    if can_teach(user, video.course_id) and video.owner_id != user.pk:
        back = reverse("admin:courses_assignment_grade", args=[assignment.pk, video.owner_id])
        label = f"Grading: {assignment.title}"
    elif review is not None:
        back = reverse("courses:peer_review", args=[review.pk])
        label = f"Peer review: {assignment.title}"
    else:
        back = reverse("courses:assignment", args=[video.course_id, assignment.pk])
        label = assignment.title
    return {
        "title": f"{assignment.title}: video by {owner_label(video, user)}",
        "back_url": back,
        "back_label": label,
    }


def video_state_context(video: Video) -> dict:
    """For ``courses/partials/video_state.html``."""
    labels = dict(STAGES)
    return {"video": video, "stage_label": labels.get(video_stage(video), "Uploading")}
