"""The course analytics page (E11, first part)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..selectors.access import get_course_for_staff
from ..selectors.analytics import course_analytics
from ..selectors.cohort import cohort_outcomes
from ..selectors.tutor import tutor_usage


def analytics_view(model_admin):
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        course = get_course_for_staff(request.user, pk)
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "tab": "analytics",
            "title": f"Analytics · {course}",
            "course": course,
            "stats": course_analytics(course),
            "cohort": cohort_outcomes(course),  # E11, second part: shared job-search outcomes
            "tutor": tutor_usage(course),  # E7: tutor usage counts, never the text
        }
        return TemplateResponse(request, "admin/courses/analytics.html", context)

    return view
