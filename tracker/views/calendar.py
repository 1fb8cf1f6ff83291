"""The month view, and the ICS feeds: secret-token URLs that calendar apps subscribe to,
without signing in. One feed per kind of event, so each is an optional calendar."""

from __future__ import annotations

import calendar as monthcalendar
import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from careercopilot.timezones import user_today

from .. import services
from ..models import SeekerPreferences
from ..selectors.calendar import INTERVIEWS, KINDS, CalendarEvent, calendar_events, calendar_ics
from .common import tracker_view

FEED_KINDS = {**{kind: (kind,) for kind in KINDS}, "all": tuple(KINDS)}


def _feed_response(token: str, kinds: tuple[str, ...], filename: str) -> HttpResponse:
    prefs = (
        SeekerPreferences.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )
    if prefs is None:
        raise Http404("No calendar here.")
    body = calendar_ics(prefs.user, kinds=kinds)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The first feed's address, kept for subscribers: interviews."""
    return _feed_response(token, (INTERVIEWS,), "career-copilot-interviews.ics")


@require_GET
def calendar_kind_feed(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    if kind not in FEED_KINDS:
        raise Http404("No such calendar.")
    return _feed_response(token, FEED_KINDS[kind], f"career-copilot-{kind}.ics")


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    events: list[CalendarEvent] = field(default_factory=list)


def _month_start(value: str, today: dt.date) -> dt.date:
    try:
        start = dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)
    return start if 2 <= start.year <= 9998 else today.replace(day=1)


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _feeds(request: HttpRequest) -> list[dict[str, str]]:
    """Each calendar's private address, https and webcal."""
    token = services.preferences_get(user=request.user).calendar_token
    feeds = []
    for kind, label in [*KINDS.items(), ("all", "Everything in one calendar")]:
        url = request.build_absolute_uri(reverse("tracker:calendar_kind_feed", args=[token, kind]))
        feeds.append(
            {
                "kind": kind,
                "label": label,
                "url": url,
                "webcal": "webcal://" + url.split("://", 1)[1],
            }
        )
    return feeds


@tracker_view
@require_GET
def calendar_month(request: HttpRequest) -> HttpResponse:
    today = user_today(request.user)
    month = _month_start(request.GET.get("month", ""), today)
    weeks = monthcalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    days = {
        date: Day(date=date, in_month=date.month == month.month, is_today=date == today)
        for week in weeks
        for date in week
    }
    for event in calendar_events(request.user, first=first, last=last):
        if not event.cancelled:
            days[event.day].events.append(event)
    context = {
        "month": month,
        "weeks": [[days[date] for date in week] for week in weeks],
        "month_days": [day for day in days.values() if day.in_month and day.events],
        "previous": _shift(month, -1),
        "next": _shift(month, 1),
        "this_month": today.replace(day=1),
        "weekdays": [dt.date(2024, 1, 1 + i) for i in range(7)],  # a Monday onwards
        "kinds": KINDS,
        "feeds": [] if request.htmx else _feeds(request),
    }
    template = "tracker/calendar.html#month" if request.htmx else "tracker/calendar.html"
    return render(request, template, context)
