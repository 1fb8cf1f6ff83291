"""One date format and one date-and-time format on every page, in the user's time zone.

``{{ value|day }}`` gives "3 Dec 2026"; ``{{ value|moment }}`` gives "3 Dec 2026, 14:05".
Moments are shown in the zone that ``UserTimezoneMiddleware`` activated (the user's own).
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from careercopilot.timezones import DATE_FORMAT, DATETIME_FORMAT

register = template.Library()


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter(expects_localtime=False)
def day(value) -> str:
    """The calendar day of a date or moment, e.g. "3 Dec 2026"; empty for none."""
    if not isinstance(value, dt.date):
        return ""
    return date_format(_local(value), DATE_FORMAT)


@register.filter(expects_localtime=False)
def moment(value) -> str:
    """A moment with its time, e.g. "3 Dec 2026, 14:05"; a bare date gets no time."""
    if isinstance(value, dt.datetime):
        return date_format(_local(value), DATETIME_FORMAT)
    return day(value)
