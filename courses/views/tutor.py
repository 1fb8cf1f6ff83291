"""AI tutor pages (E7): a student's threads per course, a thread, polled replies.

Only the student reaches their threads: every lookup goes through
``courses.selectors.tutor`` (a 404 for anyone else, teaching staff included). A question
posted with htmx comes back as the student's message plus a pending reply that polls
every second; a failed reply shows its reason and a retry button.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import (
    HttpResponseClientRedirect,
    HttpResponseStopPolling,
    trigger_client_event,
)

from accounts.decorators import htmx_login_required
from careercopilot import ai
from careercopilot.web import error_text

from ..selectors import access
from ..selectors import tutor as selectors
from ..services import tutor as services

THREADS_SHOWN = 50


def _assignment_from(request: HttpRequest, course_id: int, raw: str | None):
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError as exc:
        raise Http404 from exc
    return access.get_assignment_for_student(request.user, course_id, pk)[1]


def _page(request, course, *, thread=None, assignment=None, error="", text="", status=200):
    messages = list(thread.messages.all()) if thread else []
    return render(
        request,
        "courses/tutor_thread.html",
        {
            "course": course,
            "thread": thread,
            "assignment": thread.assignment if thread else assignment,
            "threads": selectors.student_threads(request.user, course.pk)[:THREADS_SHOWN],
            "tutor_messages": messages,
            "error": error,
            "text": text,
            "engine": ai.engine_for("tutor", user=request.user),
            "max_chars": services.MAX_MESSAGE_CHARS,
        },
        status=status,
    )


@htmx_login_required
def tutor_index(request: HttpRequest, course_id: int) -> HttpResponse:
    enrollment = selectors.get_student_enrollment(request.user, course_id)
    return render(
        request,
        "courses/tutor_list.html",
        {
            "course": enrollment.course,
            "threads": selectors.student_threads(request.user, course_id)[:THREADS_SHOWN],
            "assignments": access.visible_assignments(course_id).order_by("due_at", "position"),
            "engine": ai.engine_for("tutor", user=request.user),
        },
    )


@htmx_login_required
def tutor_new(request: HttpRequest, course_id: int) -> HttpResponse:
    """GET: an empty thread about the course or ``?assignment=``; POST: its first question."""
    enrollment = selectors.get_student_enrollment(request.user, course_id)
    source = request.POST if request.method == "POST" else request.GET
    assignment = _assignment_from(request, course_id, source.get("assignment"))
    if request.method != "POST":
        return _page(request, enrollment.course, assignment=assignment)
    text = request.POST.get("text", "")
    try:
        thread, _reply = services.tutor_thread_start(
            student=request.user, course_id=course_id, assignment=assignment, text=text
        )
    except services.TutorLimitReached as exc:
        return _page(
            request,
            enrollment.course,
            assignment=assignment,
            error=error_text(exc),
            text=text,
            status=429,
        )
    except ValidationError as exc:
        return _page(
            request,
            enrollment.course,
            assignment=assignment,
            error=error_text(exc),
            text=text,
            status=422,
        )
    url = thread.get_absolute_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@htmx_login_required
def tutor_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_tutor_thread_for_student(request.user, pk)
    return _page(request, thread.course, thread=thread)


@htmx_login_required
@require_POST
def tutor_send(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_tutor_thread_for_student(request.user, pk)
    text = request.POST.get("text", "")
    try:
        question, reply = services.tutor_message_post(thread=thread, text=text)
    except ValidationError as exc:
        status = 429 if isinstance(exc, services.TutorLimitReached) else 422
        if request.htmx:  # the composer again, with the reason (htmx swaps only 2xx)
            return render(
                request,
                "courses/tutor_thread.html#composer",
                {
                    "thread": thread,
                    "error": error_text(exc),
                    "text": text,
                    "max_chars": services.MAX_MESSAGE_CHARS,
                },
            )
        return _page(
            request, thread.course, thread=thread, error=error_text(exc), text=text, status=status
        )
    if not request.htmx:
        return redirect(f"{thread.get_absolute_url()}#tutor-message-{reply.pk}")
    return render(
        request,
        "courses/tutor_thread.html#sent",
        {
            "thread": thread,
            "new_messages": [question, reply],
            "text": "",
            "max_chars": services.MAX_MESSAGE_CHARS,
        },
    )


@htmx_login_required
def tutor_message(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled reply: the same fragment until it is ready or failed."""
    message = selectors.get_tutor_message_for_student(request.user, pk)
    if not request.htmx:
        return redirect(f"{message.thread.get_absolute_url()}#tutor-message-{message.pk}")
    response = render(request, "courses/partials/tutor_message.html#message", {"m": message})
    if not message.is_pending:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@htmx_login_required
@require_POST
def tutor_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.get_tutor_message_for_student(request.user, pk)
    try:
        message = services.tutor_reply_retry(message=message)
    except ValidationError as exc:
        if not request.htmx:
            return redirect(message.thread.get_absolute_url())
        response = render(request, "courses/partials/tutor_message.html#message", {"m": message})
        return trigger_client_event(
            response, "toast", {"message": error_text(exc), "level": "error"}
        )
    if not request.htmx:
        return redirect(f"{message.thread.get_absolute_url()}#tutor-message-{message.pk}")
    return render(request, "courses/partials/tutor_message.html#message", {"m": message})


@htmx_login_required
@require_POST
def tutor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_tutor_thread_for_student(request.user, pk)
    course_id = thread.course_id
    services.tutor_thread_delete(thread=thread)
    url = reverse("courses:tutor", args=[course_id])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
