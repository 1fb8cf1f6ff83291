"""One format for course dates and times, in the viewer's own time zone (the
``UserTimezoneMiddleware`` activates it): "3 Dec 2026, 14:05"."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()

MOMENT = "j M Y, H:i"


@register.filter
def moment(value: dt.datetime | None) -> str:
    """ "3 Dec 2026, 14:05" in the active time zone; "" for no value."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), MOMENT)


@register.filter
def moment_tag(value: dt.datetime | None) -> str:
    """The same inside a <time> element with the machine-readable moment."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), moment(value))
