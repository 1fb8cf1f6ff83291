"""The course analytics page (E11, first part)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..selectors.access import get_course_for_staff
from ..selectors.analytics import course_analytics


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
        }
        return TemplateResponse(request, "admin/courses/analytics.html", context)

    return view
