"""The private ICS feed of a user's interviews."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..models import Interview

FEED_PAST_DAYS = 180


def calendar_ics(user, *, now: dt.datetime | None = None) -> bytes:
    """An iCalendar document with one VEVENT per interview (stable UID, increasing SEQUENCE)."""
    now = now or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Career Copilot//Job tracker//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Career Copilot interviews")
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    interviews = (
        Interview.objects.filter(
            application__user=user, starts_at__gte=now - dt.timedelta(days=FEED_PAST_DAYS)
        )
        .select_related("application")
        .order_by("starts_at")
    )
    site = settings.SITE_URL.rstrip("/")
    for interview in interviews:
        application = interview.application
        event = icalendar.Event()
        event.add("uid", f"interview-{interview.uid}@careercopilot")
        event.add("dtstamp", interview.updated_at.astimezone(dt.UTC))
        event.add("last-modified", interview.updated_at.astimezone(dt.UTC))
        event.add("sequence", interview.sequence)
        event.add("dtstart", interview.starts_at.astimezone(dt.UTC))
        event.add("dtend", interview.ends_at.astimezone(dt.UTC))
        event.add(
            "summary",
            f"{interview.get_kind_display()}: {application.position} at {application.company}",
        )
        location = interview.location or interview.meeting_url
        if location:
            event.add("location", location)
        if interview.meeting_url:
            event.add("url", interview.meeting_url)
        details = [interview.notes.strip()] if interview.notes.strip() else []
        details.append(
            f"Application: {site}{reverse('tracker:application_detail', args=[application.pk])}"
        )
        event.add("description", "\n\n".join(details))
        event.add("status", "CANCELLED" if application.archived_at else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
