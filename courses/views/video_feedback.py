"""Video feedback pages: comments and replies (htmx fragments), deleting one's own
comment, finishing the self-reflection, and caption tracks (upload and serve)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from accounts.decorators import htmx_login_required
from careercopilot.web import error_text

from ..models import VideoComment
from ..selectors.video import get_video_for_user
from ..selectors.video_feedback import waiting_for_reflection
from ..services import video_feedback as services
from ..video import captions
from .video import player_context


def _comments(request: HttpRequest, video, *, error: str = "", toast: str = "") -> HttpResponse:
    """The comments section, and the timeline's markers out of band."""
    context = player_context(request, video) | {"comment_error": error, "oob": True}
    response = render(request, "courses/video_player.html#comments", context)
    if toast:
        trigger_client_event(response, "toast", {"message": toast, "level": "success"})
    return response


@htmx_login_required
@require_POST
def video_comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    parent = request.POST.get("parent", "")
    try:
        services.video_comment_add(
            video=video,
            author=request.user,
            at_seconds=request.POST.get("at_seconds"),
            body=request.POST.get("body", ""),
            parent_id=parent,
            library_comment=request.POST.get("library_comment", ""),
        )
    except ValidationError as exc:
        return _comments(request, video, error=error_text(exc))
    return _comments(request, video, toast="Reply added." if parent else "Comment added.")


@htmx_login_required
@require_POST
def video_comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(VideoComment, pk=pk)
    video = get_video_for_user(request.user, comment.video_id)
    if comment.author_id != request.user.pk:
        raise Http404  # only the writer's own comments have this button
    services.video_comment_delete(comment=comment, user=request.user)
    return _comments(request, video, toast="Comment deleted.")


@htmx_login_required
@require_POST
def video_reflection_finish(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    try:
        services.video_reflection_finish(video=video, user=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "Reflection finished. Your instructor can now see the video.")
    return redirect(reverse("courses:video", args=[video.pk]))


@htmx_login_required
@require_POST
def video_caption_upload(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_video_for_user(request.user, pk)
    upload = request.FILES.get("captions")
    language = request.POST.get("language", "")
    label = request.POST.get("label", "")
    try:
        if upload is None:
            raise ValidationError("Choose a WebVTT (.vtt) file to upload.")
        if upload.size > captions.MAX_BYTES:
            raise ValidationError(
                f"This caption file is {upload.size // 1024} KB; "
                f"the limit is {captions.MAX_BYTES // 1024} KB."
            )
        caption = services.video_caption_upload(
            video=video, user=request.user, data=upload.read(), language=language, label=label
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        context = player_context(request, video) | {
            "caption_error": error_text(exc),
            "caption_values": {"language": language, "label": label},
        }
        return render(request, "courses/video_player.html", context, status=400)
    cues = f"{caption.cue_count} cue{'s' if caption.cue_count != 1 else ''}"
    messages.success(request, f"Captions “{caption.label}” added ({cues}).")
    return redirect(reverse("courses:video", args=[video.pk]) + "#video-captions")


@htmx_login_required
def video_caption(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """A caption track, to whoever may watch the video (as WebVTT we wrote)."""
    video = get_video_for_user(request.user, pk)
    if waiting_for_reflection(video, request.user):
        raise Http404
    caption = get_object_or_404(video.captions, language=language)
    with caption.file.open("rb") as fh:
        data = fh.read()
    response = HttpResponse(data, content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
