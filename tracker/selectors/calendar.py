"""A user's dated events: interviews, application deadlines, follow-ups due and, for
students, assignments due. The month view and the private ICS feeds read the same list.

Times are stored in UTC and grouped by the user's local day. Deadlines and follow-ups
are dates, so the feed carries them as all-day events, which calendar apps show on that
date in any time zone. Each event keeps one UID for life, so an edit updates it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from careercopilot.timezones import user_today, user_zone

from ..models import TERMINAL, Application, Interview, Status
from .applications import applications_for_user, with_stage_entered
from .reminders import _follow_up_days

FEED_PAST_DAYS = 180
FEED_FUTURE_DAYS = 400

INTERVIEWS, DEADLINES, FOLLOW_UPS, ASSIGNMENTS = (
    "interviews",
    "deadlines",
    "follow-ups",
    "assignments",
)
KINDS: dict[str, str] = {
    INTERVIEWS: "Interviews",
    DEADLINES: "Application deadlines",
    FOLLOW_UPS: "Follow-up reminders",
    ASSIGNMENTS: "Assignments due",
}


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    kind: str
    title: str
    day: dt.date  # the user's local day
    starts_at: dt.datetime | None = None  # None: an all-day event on ``day``
    ends_at: dt.datetime | None = None
    link: str = ""
    location: str = ""
    url: str = ""  # a meeting link
    notes: str = ""
    changed_at: dt.datetime | None = None
    sequence: int = 0
    cancelled: bool = False

    @property
    def all_day(self) -> bool:
        return self.starts_at is None


def _open_applications(user) -> QuerySet[Application]:
    return applications_for_user(user).exclude(status__in=(*TERMINAL, Status.ACCEPTED))


def _interviews(user, first: dt.date, last: dt.date, zone) -> list[CalendarEvent]:
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    rows = (
        Interview.objects.filter(application__user=user, starts_at__gte=start, starts_at__lt=end)
        .select_related("application")
        .order_by("starts_at", "id")
    )
    events = []
    for interview in rows:
        application = interview.application
        events.append(
            CalendarEvent(
                uid=f"interview-{interview.uid}@careercopilot",
                kind=INTERVIEWS,
                title=f"{interview.get_kind_display()}: {application.position} at {application.company}",
                day=interview.starts_at.astimezone(zone).date(),
                starts_at=interview.starts_at,
                ends_at=interview.ends_at,
                link=reverse("tracker:application_detail", args=[application.pk]),
                location=interview.location or interview.meeting_url,
                url=interview.meeting_url,
                notes=interview.notes.strip(),
                changed_at=interview.updated_at,
                sequence=interview.sequence,
                cancelled=application.archived_at is not None,
            )
        )
    return events


def _deadlines(user, first: dt.date, last: dt.date) -> list[CalendarEvent]:
    rows = _open_applications(user).filter(deadline__gte=first, deadline__lte=last)
    return [
        CalendarEvent(
            uid=f"deadline-{app.pk}@careercopilot",
            kind=DEADLINES,
            title=f"Deadline: {app.position} at {app.company}",
            day=app.deadline,
            link=reverse("tracker:application_detail", args=[app.pk]),
            changed_at=app.updated_at,
        )
        for app in rows.order_by("deadline", "id")
        if app.deadline is not None  # always, by the filter; says so to the type checker
    ]


def follow_up_day(application: Application, days: int, today: dt.date, zone) -> dt.date:
    """When to follow up: ``days`` after entering Applied or the last follow-up; an
    overdue one stays on today until it is done."""
    entered = application.stage_entered_at.astimezone(zone).date()
    due = entered + dt.timedelta(days=days)
    if application.followed_up_on:
        due = max(due, application.followed_up_on + dt.timedelta(days=days))
    return max(due, today)


def _follow_ups(user, first: dt.date, last: dt.date, zone, today: dt.date) -> list[CalendarEvent]:
    days = _follow_up_days(user)
    rows = with_stage_entered(applications_for_user(user).filter(status=Status.APPLIED))
    events = []
    for app in rows.order_by("stage_entered_at", "id"):
        if app.stage_entered_at is None:
            continue
        day = follow_up_day(app, days, today, zone)
        if first <= day <= last:
            events.append(
                CalendarEvent(
                    uid=f"follow-up-{app.pk}@careercopilot",
                    kind=FOLLOW_UPS,
                    title=f"Follow up: {app.position} at {app.company}",
                    day=day,
                    link=reverse("tracker:application_detail", args=[app.pk]),
                    notes=f"No news for {days} days since you applied or last followed up.",
                    changed_at=app.updated_at,
                )
            )
    return events


def _assignments(user, first: dt.date, last: dt.date, zone) -> list[CalendarEvent]:
    from courses.models import Assignment, CourseRole

    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    rows = (
        Assignment.objects.filter(
            published_at__isnull=False,
            course__archived_at__isnull=True,
            course__enrollments__user=user,
            course__enrollments__role=CourseRole.STUDENT,
            due_at__gte=start,
            due_at__lt=end,
        )
        .select_related("course")
        .order_by("due_at", "id")
    )
    return [
        CalendarEvent(
            uid=f"assignment-{assignment.pk}@careercopilot",
            kind=ASSIGNMENTS,
            title=f"Due: {assignment.title} ({assignment.course.title})",
            day=assignment.due_at.astimezone(zone).date(),
            starts_at=assignment.due_at,
            link=assignment.get_absolute_url(),
            changed_at=assignment.updated_at,
        )
        for assignment in rows
    ]


def calendar_events(
    user,
    *,
    first: dt.date,
    last: dt.date,
    kinds: tuple[str, ...] = tuple(KINDS),
    now: dt.datetime | None = None,
) -> list[CalendarEvent]:
    """Events on the user's local days ``first``..``last`` (inclusive), in time order
    (all-day events first within a day). One query per kind, whatever the count."""
    zone = user_zone(user)
    today = user_today(user, now)
    events: list[CalendarEvent] = []
    if INTERVIEWS in kinds:
        events += _interviews(user, first, last, zone)
    if DEADLINES in kinds:
        events += _deadlines(user, first, last)
    if FOLLOW_UPS in kinds:
        events += _follow_ups(user, first, last, zone, today)
    if ASSIGNMENTS in kinds:
        events += _assignments(user, first, last, zone)

    def order(event: CalendarEvent):
        moment = event.starts_at or dt.datetime.min.replace(tzinfo=dt.UTC)
        return (event.day, not event.all_day, moment, event.title)

    return sorted(events, key=order)


def _ical_event(event: CalendarEvent, site: str, stamp: dt.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    changed = (event.changed_at or stamp).astimezone(dt.UTC)
    vevent.add("dtstamp", changed)
    vevent.add("last-modified", changed)
    vevent.add("sequence", event.sequence)
    if event.all_day:
        vevent.add("dtstart", event.day)
        vevent.add("dtend", event.day + dt.timedelta(days=1))
        vevent.add("transp", "TRANSPARENT")
    elif event.starts_at is not None:  # a timed event always has its start
        vevent.add("dtstart", event.starts_at.astimezone(dt.UTC))
        if event.ends_at:
            vevent.add("dtend", event.ends_at.astimezone(dt.UTC))
    vevent.add("summary", event.title)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    details = [event.notes] if event.notes else []
    if event.link:
        details.append(f"Open in Career Copilot: {site}{event.link}")
    if details:
        vevent.add("description", "\n\n".join(details))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent


def calendar_ics(
    user, *, kinds: tuple[str, ...] = (INTERVIEWS,), now: dt.datetime | None = None
) -> bytes:
    """An iCalendar document of the chosen kinds, from 180 days back to 400 ahead."""
    now = now or timezone.now()
    today = user_today(user, now)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Career Copilot//Job tracker//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = KINDS[kinds[0]] if len(kinds) == 1 else "Job search and courses"
    calendar.add("x-wr-calname", f"Career Copilot: {name.lower()}")
    calendar.add("x-wr-timezone", str(user_zone(user)))
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    site = settings.SITE_URL.rstrip("/")
    events = calendar_events(
        user,
        first=today - dt.timedelta(days=FEED_PAST_DAYS),
        last=today + dt.timedelta(days=FEED_FUTURE_DAYS),
        kinds=kinds,
        now=now,
    )
    for event in events:
        calendar.add_component(_ical_event(event, site, now))
    return calendar.to_ical()
