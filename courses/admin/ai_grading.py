"""The AI essay grader (E6) on the grading screen.

- A status row for the attempt on screen: nothing yet (with a "Suggest levels" button),
  queued or running (a job row, ``careercopilot.jobs``) (polled every second; the poll answers 204 while nothing changed), a
  clear error with "Retry", or ready ("Use all suggestions", "Suggest again").
- Per criterion: the suggested level, the rationale quoting the essay, the confidence and
  a "Use suggestion" button. Both buttons only select a level in the form (JavaScript in
  static/js/courses/ai_grading.js); the instructor still saves, and a suggestion never
  records or releases a grade.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from careercopilot.jobs.models import ACTIVE_STATES, JobState
from careercopilot.web import error_text

from ..selectors import grading as reads
from ..selectors.ai_grading import get_version_for_staff, suggestion_for
from ..services import ai_grading as service

ENGINE_LABELS = {"local": "the offline grader", "anthropic": "Claude"}
STATUS_TEMPLATE = "admin/courses/partials/ai_status.html"


def _criterion_view(item) -> dict | None:
    if item is None:
        return None
    quotes = [q for q in (item.quotes or []) if q]
    return {
        "level": item.level,
        "rationale": item.rationale,
        "extra_quotes": [q for q in quotes if q not in item.rationale],
        "confidence_pct": round(item.confidence * 100),
    }


def _ai(assignment, student_id: int, version, suggestion) -> dict:
    args = [assignment.pk, student_id, version.number]
    state = suggestion.state if suggestion else "none"
    blocked = ""
    if not assignment.rubric_id:
        blocked = "This assignment has no rubric, so there are no levels to suggest."
    elif not version.text.strip():
        blocked = "This attempt has no essay text for the grader to read."
    return {
        "version": version,
        "suggestion": suggestion,
        "state": state,
        "polling": state in ACTIVE_STATES,
        "stale": bool(suggestion and suggestion.is_stale),
        "blocked": blocked,
        "engine_label": ENGINE_LABELS.get(suggestion.engine, suggestion.engine)
        if suggestion
        else "",
        "status_url": reverse("admin:courses_assignment_grade_suggestion", args=args)
        + f"?state={state}",
        "suggest_url": reverse("admin:courses_assignment_grade_suggest", args=args),
    }


def _attach(criteria: list[dict], suggestion) -> None:
    """Puts each criterion's suggestion on its row of the grading form (no extra query)."""
    ready = suggestion is not None and suggestion.is_done
    by_criterion = {c.criterion_id: c for c in suggestion.criteria.all()} if ready else {}
    for item in criteria:
        item["ai"] = _criterion_view(by_criterion.get(item["criterion"].pk))
        item["ai_missing"] = ready and item["ai"] is None


def screen_context(*, assignment, student_id: int, shown, criteria: list[dict]) -> dict:
    """The grader's part of the grading screen for the attempt on screen (two queries)."""
    if shown is None or not criteria:
        for item in criteria:
            item["ai"], item["ai_missing"] = None, False
        return {"ai": None}
    suggestion = suggestion_for(shown)
    _attach(criteria, suggestion)
    return {"ai": _ai(assignment, student_id, shown, suggestion)}


def _status_response(request, assignment, student_id: int, version):
    suggestion = suggestion_for(version)
    criteria = [{"criterion": c} for c in reads.rubric_criteria(assignment)]
    _attach(criteria, suggestion)
    context = {"ai": _ai(assignment, student_id, version, suggestion), "criteria": criteria}
    context["oob"] = context["ai"]["state"] == JobState.DONE
    return TemplateResponse(request, STATUS_TEMPLATE, context)


def suggestion_status_view(model_admin):
    @require_GET
    def view(request: HttpRequest, pk: int, student_id: int, number: int) -> HttpResponse:
        assignment, version = get_version_for_staff(request.user, pk, student_id, number)
        known = request.GET.get("state", "")
        current = version.essay_suggestion.state if hasattr(version, "essay_suggestion") else "none"
        if request.htmx and known and known == current and current in ACTIVE_STATES:
            return HttpResponse(status=204)  # unchanged: htmx keeps the row and polls again
        return _status_response(request, assignment, student_id, version)

    return view


def suggestion_request_view(model_admin):
    @require_POST
    def view(request: HttpRequest, pk: int, student_id: int, number: int) -> HttpResponse:
        assignment, version = get_version_for_staff(request.user, pk, student_id, number)
        try:
            service.essay_suggestion_request(
                version=version, requested_by=request.user, again=request.POST.get("again") == "1"
            )
        except ValidationError as exc:
            # htmx shows the reason in the status row (``blocked``); a plain POST as a message.
            if not request.htmx:
                messages.error(request, error_text(exc))
        if not request.htmx:
            url = reverse("admin:courses_assignment_grade", args=[assignment.pk, student_id])
            return redirect(f"{url}?attempt={version.number}")
        return _status_response(request, assignment, student_id, version)

    return view


def admin_urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    base = "<id:pk>/grading/<id:student_id>/attempt/<id:number>/suggestion/"
    return [
        path(
            base,
            wrap(suggestion_status_view(model_admin)),
            name="courses_assignment_grade_suggestion",
        ),
        path(
            base + "request/",
            wrap(suggestion_request_view(model_admin)),
            name="courses_assignment_grade_suggest",
        ),
    ]
