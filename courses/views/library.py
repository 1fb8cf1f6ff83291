"""The comment library page of the instructor home: a course's teaching staff add, edit,
delete and reorder its reusable comments. Every change is a POST; with htmx the page's
library section is swapped in place, without it the page is shown again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from accounts.decorators import htmx_login_required
from careercopilot.web import error_text

from ..selectors import library as reads
from ..services import library as writes

PAGE = "courses/library.html"
SECTION = "courses/library.html#library"


def _criterion_id(request: HttpRequest) -> int | None:
    raw = (request.POST.get("criterion") or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationError("Choose a criterion from one of this course's rubrics.")
    return int(raw)


def _context(course, **extra) -> dict:
    return {
        "course": course,
        "library_comments": reads.library_comments_for_course(course_id=course.pk),
        "criteria": list(reads.library_criteria_for_course(course_id=course.pk)),
        "keyed": reads.KEYED,
        **extra,
    }


def _respond(request: HttpRequest, course, *, text: str, level: str = "success", **extra):
    """After a change: the swapped section plus a toast with htmx, else back to the page
    (an error re-renders the page with what was typed, so nothing is lost)."""
    if request.htmx:
        response = render(request, SECTION, _context(course, **extra))
        return trigger_client_event(response, "toast", {"message": text, "level": level})
    if level == "error":
        return render(request, PAGE, _context(course, **extra), status=400)
    messages.success(request, text)
    return redirect(reverse("courses:library", args=[course.pk]))


@require_GET
@htmx_login_required
def library(request: HttpRequest, course_id: int) -> HttpResponse:
    course = reads.get_course_for_library(request.user, course_id)
    editing = request.GET.get("edit", "")
    context = _context(course, editing=int(editing) if editing.isdigit() else None)
    return render(request, SECTION if request.htmx else PAGE, context)


@require_POST
@htmx_login_required
def library_add(request: HttpRequest, course_id: int) -> HttpResponse:
    course = reads.get_course_for_library(request.user, course_id)
    body = request.POST.get("body", "")
    try:
        writes.library_comment_add(
            user=request.user, course_id=course.pk, body=body, criterion_id=_criterion_id(request)
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        draft = {"body": body, "criterion": request.POST.get("criterion", "")}
        return _respond(
            request,
            course,
            text=error_text(exc),
            level="error",
            add_error=error_text(exc),
            draft=draft,
        )
    return _respond(request, course, text="Added to the library.")


@require_POST
@htmx_login_required
def library_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = reads.get_library_comment_for_staff(request.user, pk)
    body = request.POST.get("body", "")
    try:
        writes.library_comment_edit(
            user=request.user, comment=comment, body=body, criterion_id=_criterion_id(request)
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        draft = {"body": body, "criterion": request.POST.get("criterion", "")}
        return _respond(
            request,
            comment.course,
            text=error_text(exc),
            level="error",
            editing=comment.pk,
            edit_error=error_text(exc),
            edit_draft=draft,
        )
    return _respond(request, comment.course, text="Comment saved.")


@require_POST
@htmx_login_required
def library_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = reads.get_library_comment_for_staff(request.user, pk)
    course = comment.course
    try:
        writes.library_comment_delete(user=request.user, comment=comment)
    except PermissionDenied:
        raise Http404 from None
    return _respond(request, course, text="Comment deleted from the library.")


@require_POST
@htmx_login_required
def library_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    if direction not in writes.DIRECTIONS:
        raise Http404
    comment = reads.get_library_comment_for_staff(request.user, pk)
    try:
        writes.library_comment_move(user=request.user, comment=comment, direction=direction)
    except PermissionDenied:
        raise Http404 from None
    return _respond(
        request, comment.course, text=f"Moved {direction}.", moved=comment.pk, moved_dir=direction
    )
