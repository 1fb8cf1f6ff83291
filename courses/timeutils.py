"""Moments are stored in UTC and shown in the reader's own time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone
from django.utils.dateformat import format as date_format

DISPLAY_FORMAT = "D j M Y, H:i T"


def zone_of(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def in_zone(moment: dt.datetime, user) -> dt.datetime:
    return timezone.localtime(moment, zone_of(user))


def format_in_zone(moment: dt.datetime | None, user, fmt: str = DISPLAY_FORMAT) -> str:
    """For text outside a request (notifications, emails): "Mon 9 Mar 2026, 17:00 EDT"."""
    if moment is None:
        return ""
    return date_format(in_zone(moment, user), fmt)
