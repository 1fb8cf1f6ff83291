"""Moments are stored in UTC and shown in the user's own time zone (their profile's).

One place for every app: pages get the zone from ``UserTimezoneMiddleware``; text made
outside a request (notifications, emails, exports) and "today" for a user come from here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone
from django.utils.dateformat import format as date_format

UTC = zoneinfo.ZoneInfo("UTC")
DISPLAY_FORMAT = "D j M Y, H:i T"
# On pages (the ``day`` and ``moment`` filters of ``{% load dates %}``): "3 Dec 2026", "3 Dec 2026, 14:05".
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The zone of that name; UTC when it is empty or unknown."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def user_zone(user) -> zoneinfo.ZoneInfo:
    """The user's zone; UTC for anyone signed out or without one."""
    return zone_named(getattr(user, "timezone", ""))


def in_zone(moment: dt.datetime, user) -> dt.datetime:
    return timezone.localtime(moment, user_zone(user))


def user_now(user) -> dt.datetime:
    return timezone.now().astimezone(user_zone(user))


def user_today(user, at: dt.datetime | None = None) -> dt.date:
    return (at or timezone.now()).astimezone(user_zone(user)).date()


def format_in_zone(moment: dt.datetime | None, user, fmt: str = DISPLAY_FORMAT) -> str:
    """For text outside a request (notifications, emails): "Mon 9 Mar 2026, 17:00 EDT"."""
    if moment is None:
        return ""
    return date_format(in_zone(moment, user), fmt)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())
