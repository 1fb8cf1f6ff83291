"""Analytics and reminders pages, and the dashboard widget."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from careercopilot.timezones import user_today

from ..forms import DateRangeForm
from ..selectors.analytics import FORMULAS, analytics_for_user
from ..selectors.applications import interviews_for_user
from ..selectors.reminders import deadlines_soon, follow_ups_due, goal_progress
from ..services.preferences import preferences_get
from .common import tracker_view


@tracker_view
def analytics(request: HttpRequest) -> HttpResponse:
    form = DateRangeForm(request.GET or None)
    start, end = form.date_range(user_today(request.user))
    result = analytics_for_user(request.user, start=start, end=end)
    context = {
        "form": form if request.GET else DateRangeForm(initial={"preset": "90"}),
        "result": result,
        "formulas": FORMULAS,
        "chart_data": result.chart_data(),
    }
    if request.htmx and request.htmx.target == "analytics-results":
        return render(request, "tracker/analytics.html#results", context)
    return render(request, "tracker/analytics.html", context)


@tracker_view
def reminders(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    prefs = preferences_get(user=request.user)
    context = {
        "follow_ups": list(follow_ups_due(request.user, now=now, days=prefs.follow_up_days)[:100]),
        "deadlines": list(deadlines_soon(request.user, now=now, hours=7 * 24)[:100]),
        "interviews": list(
            interviews_for_user(request.user, upcoming_from=now).filter(
                starts_at__lte=now + dt.timedelta(days=7)
            )[:50]
        ),
        "prefs": prefs,
        "goal": goal_progress(request.user),
        "now": now,
    }
    return render(request, "tracker/reminders.html", context)
