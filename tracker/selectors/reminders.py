"""Reminders: follow-ups due, deadlines, upcoming interviews, and the weekly goal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from careercopilot.timezones import user_today, user_zone, week_start, zone_named

from ..models import TERMINAL, Application, DigestLog, Interview, SeekerPreferences, Status
from .applications import applications_for_user, with_stage_entered

STREAK_WEEKS = 52


def preferences_for(user) -> dict[str, int]:
    """The user's weekly goal and follow-up days (the defaults before they saved any), in
    one query."""
    defaults = {
        "weekly_goal": SeekerPreferences._meta.get_field("weekly_goal").default,
        "follow_up_days": SeekerPreferences._meta.get_field("follow_up_days").default,
    }
    saved = SeekerPreferences.objects.filter(user=user).values(*defaults).first() or {}
    return {name: saved.get(name) or default for name, default in defaults.items()}


def _follow_up_days(user) -> int:
    return preferences_for(user)["follow_up_days"]


def follow_ups_due(
    user, *, now: dt.datetime | None = None, days: int | None = None
) -> QuerySet[Application]:
    """Applications in Applied with no status change for N days (and no follow-up since)."""
    now = now or timezone.now()
    days = days or _follow_up_days(user)
    today = user_today(user, now)
    qs = with_stage_entered(applications_for_user(user).filter(status=Status.APPLIED))
    return qs.filter(
        Q(stage_entered_at__lte=now - dt.timedelta(days=days)),
        Q(followed_up_on__isnull=True) | Q(followed_up_on__lte=today - dt.timedelta(days=days)),
    ).order_by("stage_entered_at", "id")


def deadlines_soon(
    user, *, now: dt.datetime | None = None, hours: int = 48
) -> QuerySet[Application]:
    """Open applications whose deadline falls between today and ``hours`` from now."""
    now = now or timezone.now()
    today = user_today(user, now)
    last_day = user_today(user, now + dt.timedelta(hours=hours))
    return (
        applications_for_user(user)
        .exclude(status__in=(*TERMINAL, Status.ACCEPTED))
        .filter(deadline__gte=today, deadline__lte=last_day)
        .order_by("deadline", "id")
    )


def _local_day_bounds(user, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = user_zone(user)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def interviews_on(user, day: dt.date) -> QuerySet[Interview]:
    start, end = _local_day_bounds(user, day)
    return (
        Interview.objects.filter(application__user=user, application__archived_at__isnull=True)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("application")
        .order_by("starts_at")
    )


def interviews_tomorrow(user, *, now: dt.datetime | None = None) -> QuerySet[Interview]:
    return interviews_on(user, user_today(user, now) + dt.timedelta(days=1))


@dataclass
class GoalProgress:
    goal: int
    this_week: int
    streak: int
    week_of: dt.date
    weeks: list[tuple[dt.date, int]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.this_week / self.goal)) if self.goal else 0

    @property
    def met(self) -> bool:
        return self.this_week >= self.goal

    @property
    def remaining(self) -> int:
        return max(self.goal - self.this_week, 0)


def goal_progress(user, *, today: dt.date | None = None, goal: int | None = None) -> GoalProgress:
    """Applications sent this week against the goal, and the streak of weeks that met it.

    Counts per week come from one aggregate query; the current week extends the streak
    once it meets the goal, and an unfinished current week does not break it.
    """
    today = today or user_today(user)
    if goal is None:
        goal = preferences_for(user)["weekly_goal"]
    monday = week_start(today)
    since = monday - dt.timedelta(weeks=STREAK_WEEKS)
    rows = (
        applications_for_user(user, archived=None)
        .filter(applied_on__gte=since, applied_on__lte=today)
        .annotate(week=TruncWeek("applied_on"))
        .order_by()
        .values_list("week")
        .annotate(n=Count("pk"))
    )
    per_week = {_as_date(week): n for week, n in rows}
    this_week = per_week.get(monday, 0)
    streak = 1 if this_week >= goal else 0
    cursor = monday - dt.timedelta(weeks=1)
    while cursor >= since and per_week.get(cursor, 0) >= goal:
        streak += 1
        cursor -= dt.timedelta(weeks=1)
    recent = [
        (monday - dt.timedelta(weeks=i), per_week.get(monday - dt.timedelta(weeks=i), 0))
        for i in range(7, -1, -1)
    ]
    return GoalProgress(goal=goal, this_week=this_week, streak=streak, week_of=monday, weeks=recent)


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def digest_due_user_ids(*, now: dt.datetime, local_hour: int) -> list[int]:
    """Active users with open applications and digests on whose local day has reached
    ``local_hour`` and who have no digest for that day yet. One query per time zone."""
    candidates = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Exists(Application.objects.filter(user=OuterRef("pk"), archived_at__isnull=True)))
        .exclude(
            Exists(SeekerPreferences.objects.filter(user=OuterRef("pk"), digest_enabled=False))
        )
    )
    due: list[int] = []
    for zone_name in candidates.values_list("timezone", flat=True).distinct().order_by():
        local = now.astimezone(zone_named(zone_name))
        if local.hour < local_hour:
            continue
        in_zone = candidates.filter(timezone=zone_name).exclude(
            Exists(DigestLog.objects.filter(user=OuterRef("pk"), date=local.date()))
        )
        due += in_zone.values_list("pk", flat=True)
    return due
