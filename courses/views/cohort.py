"""Sharing job-search outcomes with a course (E11, second part): the student's page.

GET shows what is shared, with whom and since when, and the history of the student's
choices; POST (``action`` = ``share`` or ``withdraw``) changes it. The course page shows
the same box (``{% outcome_sharing_card %}``), posting here with htmx.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import trigger_client_event

from accounts.decorators import htmx_login_required
from careercopilot.web import error_text

from ..selectors import cohort as reads
from ..services import cohort as writes

SHARED = "You now share your job-search outcomes with this course. Thank you!"
STOPPED = "You stopped sharing. Your outcomes have left every number of this course."


def _card_context(request: HttpRequest, enrollment) -> dict:
    return {
        "show": True,
        "course": enrollment.course,
        "consent": reads.active_consent(request.user, enrollment.course_id),
        "min_cohort": reads.MIN_COHORT,
    }


@htmx_login_required
@require_http_methods(["GET", "POST"])
def outcome_sharing(request: HttpRequest, course_id: int) -> HttpResponse:
    enrollment = reads.get_student_enrollment_for_sharing(request.user, course_id)
    course = enrollment.course
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("share", "withdraw"):
            return HttpResponse("Choose to share or to stop sharing.", status=400)
        level, text = "success", SHARED
        try:
            if action == "share":
                writes.cohort_consent_give(user=request.user, course=course)
            else:
                writes.cohort_consent_withdraw(user=request.user, course=course)
                text = STOPPED
        except ValidationError as exc:
            level, text = "error", error_text(exc)
        if request.htmx:
            response = render(
                request, "courses/partials/outcome_sharing.html", _card_context(request, enrollment)
            )
            return trigger_client_event(response, "toast", {"message": text, "level": level})
        getattr(messages, level)(request, text)
        return redirect(reverse("courses:outcome_sharing", args=[course.pk]))
    return render(
        request,
        "courses/outcome_sharing.html",
        {
            **_card_context(request, enrollment),
            "enrollment": enrollment,
            "on_sharing_page": True,
            "history": reads.consent_history(request.user, course.pk),
        },
    )
