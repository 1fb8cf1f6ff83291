"""Who may see a video: its owner (while enrolled), the course's teaching staff and, for a
published feed post's video, the course's members."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Enrollment, Video
from .access import can_teach


def get_video_for_user(user, pk) -> Video:
    video = get_object_or_404(Video.objects.select_related("course", "owner"), pk=pk)
    if can_teach(user, video.course_id):
        return video
    if (
        video.owner_id == user.pk
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
