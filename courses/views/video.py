"""Video pages (E4): the player with quality choice, captions and time-stamped feedback
(its mutations are in ``video_feedback``), the processing status (polled) and retry."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from accounts.decorators import htmx_login_required
from careercopilot import ratelimit
from careercopilot.storage import is_object_store
from careercopilot.web import error_text

from ..downloads import serve_field
from ..models import Video, VideoState
from ..selectors import access
from ..selectors.library import library_comments_for_course
from ..selectors.video import (
    get_video_for_user,
    owner_label,
    video_origin,
    video_stages,
    video_state_context,
)
from ..selectors.video_feedback import video_feedback, waiting_for_reflection
from ..services import video as video_services
from ..services import video_upload


def player_context(request, video) -> dict:
    """The player page: the video, its renditions and captions, and the feedback the
    viewer may see (threads, markers, the reflection step, the comment library)."""
    feedback = video_feedback(request.user, video)
    show = video.is_ready and not feedback.waiting
    is_teacher = feedback.is_staff
    return {
        "video": video,
        "course": video.course,
        "renditions": list(video.renditions.all()) if show else [],
        "feedback": feedback,
        "comments": feedback.threads,
        "comment_data": [
            {"at": c.at_seconds, "label": c.at_label, "body": c.body, "author": c.shown_name}
            for c in feedback.threads
        ],
        "is_teacher": is_teacher,
        "can_caption": show and (is_teacher or video.owner_id == request.user.pk),
        "library_comments": (
            library_comments_for_course(course_id=video.course_id) if show and is_teacher else []
        ),
        "owner_name": owner_label(video, request.user),
        "origin": video_origin(video, request.user),
        "stages": video_stages(video),
    }


def _status_context(video) -> dict:
    return {"video": video, "stages": video_stages(video)}


@htmx_login_required
def video_player(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    return render(request, "courses/video_player.html", player_context(request, video))


@htmx_login_required
def video_status(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    response = render(request, "courses/video_player.html#status", _status_context(video))
    if video.is_ready and request.GET.get("was") == "busy":
        response["HX-Refresh"] = "true"  # load the player now that it can play
    return response


@htmx_login_required
def video_state(request: HttpRequest, pk: int) -> HttpResponse:
    """The compact processing state shown beside a video on other pages (polled)."""
    video = get_video_for_user(request.user, pk)
    return render(request, "courses/partials/video_state.html", video_state_context(video))


@htmx_login_required
@require_POST
def video_retry(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    try:
        video_services.video_retry(video=video)
    except ValidationError as exc:
        response = render(request, "courses/video_player.html#status", _status_context(video))
        return trigger_client_event(
            response, "toast", {"message": error_text(exc), "level": "error"}
        )
    return render(request, "courses/video_player.html#status", _status_context(video))


@htmx_login_required
def video_stream(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    rendition = video.renditions.filter(name=name).first()
    if rendition is None or waiting_for_reflection(video, request.user):
        raise Http404
    storage = rendition.file.storage
    if is_object_store(storage):  # S3 serves ranges itself
        return serve_field(
            rendition.file, filename=f"video-{name}.mp4", content_type="video/mp4", inline=True
        )
    return _ranged(request, rendition.file)


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _ranged(request: HttpRequest, field_file) -> HttpResponse:
    """Local storage: answer byte ranges, so the player can seek."""
    size = field_file.size
    match = RANGE.match(request.headers.get("Range", "").strip())
    if not match or not (match[1] or match[2]):
        response = FileResponse(field_file.open("rb"), content_type="video/mp4")
        response["Accept-Ranges"] = "bytes"
        response["Cache-Control"] = "private, no-store"
        return response
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
    else:  # the last N bytes
        start, end = max(size - int(match[2]), 0), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    length = end - start + 1

    def chunks():
        with field_file.storage.open(field_file.name, "rb") as fh:
            fh.seek(start)
            left = length
            while left > 0:
                data = fh.read(min(CHUNK, left))
                if not data:
                    break
                left -= len(data)
                yield data

    response = StreamingHttpResponse(chunks(), status=206, content_type="video/mp4")
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    return response


@htmx_login_required
def video_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    if not video.thumbnail or waiting_for_reflection(video, request.user):
        raise Http404
    return serve_field(
        video.thumbnail, filename="thumbnail.jpg", content_type="image/jpeg", inline=True
    )


# --- Direct uploads (S3 presigned POST; local storage uses the upload form) -------------------


def _owned_upload(user, pk) -> Video:
    return get_object_or_404(Video, pk=pk, owner=user, state=VideoState.UPLOADING)


@htmx_login_required
@require_POST
def video_upload_start(request: HttpRequest, course_id: int, pk: int) -> HttpResponse:
    _enrollment, assignment = access.get_assignment_for_student(request.user, course_id, pk)
    if not video_upload.direct_upload_enabled():
        return JsonResponse({"mode": "local"})
    if not ratelimit.allow(user_id=request.user.pk, action="course_upload"):
        return JsonResponse(
            {"error": "Too many uploads in a short time. Wait a few minutes."}, status=429
        )
    try:
        size = int(request.POST.get("size", "0"))
    except ValueError:
        size = 0
    try:
        video, post = video_upload.video_upload_start(
            assignment=assignment,
            student=request.user,
            filename=request.POST.get("filename", ""),
            content_type=request.POST.get("content_type", ""),
            size=size,
        )
    except ValidationError as exc:
        return JsonResponse({"error": error_text(exc)}, status=400)
    return JsonResponse(
        {
            "mode": "s3",
            "url": post["url"],
            "fields": post["fields"],
            "complete": reverse("courses:video_upload_complete", args=[video.pk]),
            "cancel": reverse("courses:video_upload_cancel", args=[video.pk]),
        }
    )


@htmx_login_required
@require_POST
def video_upload_complete(request: HttpRequest, pk: int) -> HttpResponse:
    video = _owned_upload(request.user, pk)
    redirect_to = f"{video.assignment.get_absolute_url()}#work" if video.assignment else "/"
    try:
        file = video_upload.video_upload_complete(video=video)
    except ValidationError as exc:
        return JsonResponse({"error": error_text(exc)}, status=400)
    messages.success(request, f"Video {file.original_filename} added to your draft.")
    return JsonResponse({"redirect": redirect_to})


@htmx_login_required
@require_POST
def video_upload_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    video_upload.video_upload_cancel(video=_owned_upload(request.user, pk))
    return HttpResponse(status=204)
