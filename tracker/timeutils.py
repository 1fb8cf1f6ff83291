"""Dates as the user sees them: every user has a time zone on their profile."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def user_zone(user) -> zoneinfo.ZoneInfo:
    return zone_named(getattr(user, "timezone", "") or "UTC")


def user_now(user) -> dt.datetime:
    return timezone.now().astimezone(user_zone(user))


def user_today(user, at: dt.datetime | None = None) -> dt.date:
    return (at or timezone.now()).astimezone(user_zone(user)).date()


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())
