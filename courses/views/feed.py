"""The course feed (E8): posts with optional video responses, threaded comments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from careercopilot.web import error_text

from ..selectors import feed as feed_selectors
from ..services import feed as feed_services

FEED_PAGE = 30


def _feed_context(request, course) -> dict:
    posts = list(feed_selectors.visible_posts(course, request.user)[:FEED_PAGE])
    for post in posts:
        post.thread = feed_selectors.comment_tree(post, request.user)
    return {"course": course, "posts": posts}


@htmx_login_required
def feed(request: HttpRequest, course_id: int) -> HttpResponse:
    course = feed_selectors.get_course_for_member(request.user, course_id)
    return render(request, "courses/feed.html", _feed_context(request, course))


def _back(course_id: int, anchor: str = "") -> HttpResponse:
    return redirect(f"/courses/{course_id}/feed/{anchor}")


@htmx_login_required
@require_POST
def post_create(request: HttpRequest, course_id: int) -> HttpResponse:
    course = feed_selectors.get_course_for_member(request.user, course_id)
    try:
        post = feed_services.post_create(
            course=course,
            author=request.user,
            body=request.POST.get("body", ""),
            video_upload=request.FILES.get("video"),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _back(course.pk)
    except PermissionDenied as exc:
        raise Http404 from exc
    if post.is_pending:
        messages.info(request, "Your post is pending review; others will see it once approved.")
    else:
        messages.success(request, "Posted.")
    return _back(course.pk, f"#post-{post.pk}")


@htmx_login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    post = feed_selectors.get_post_for_user(request.user, pk)
    parent = None
    if request.POST.get("parent"):
        try:
            parent_id = int(request.POST["parent"])
        except ValueError as exc:
            raise Http404 from exc
        parent = feed_selectors.get_comment_for_user(request.user, post, parent_id)
    try:
        comment = feed_services.comment_create(
            post=post, author=request.user, body=request.POST.get("body", ""), parent=parent
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _back(post.course_id, f"#post-{post.pk}")
    except PermissionDenied as exc:
        raise Http404 from exc
    if comment.is_pending:
        messages.info(request, "Your comment is pending review.")
    return _back(post.course_id, f"#comment-{comment.pk}")
