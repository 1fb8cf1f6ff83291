"""The ICS feed: a secret-token URL that calendar apps subscribe to, without signing in."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ..models import SeekerPreferences
from ..selectors.calendar import calendar_ics


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    prefs = (
        SeekerPreferences.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )
    if prefs is None:
        raise Http404("No calendar here.")
    response = HttpResponse(calendar_ics(prefs.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="career-copilot-interviews.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
