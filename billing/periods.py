"""Billing periods: monthly windows in UTC.

Paid plans follow the Stripe subscription's current period; everyone else gets calendar
months. When a stored Stripe period has lapsed (a renewal webhook is late), the period
rolls forward in whole months from its start, as Stripe's monthly cycle does.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime

    def __contains__(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """``moment`` plus whole months, keeping the day where the month has it (Jan 31 → Feb 28)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def calendar_month(now: dt.datetime) -> Period:
    now = now.astimezone(dt.UTC)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return Period(start=start, end=add_months(start, 1))


def monthly_period(*, start: dt.datetime, end: dt.datetime | None, now: dt.datetime) -> Period:
    """The period containing ``now`` in a monthly cycle anchored at ``start``."""
    start = start.astimezone(dt.UTC)
    if end is not None and start <= now < end:
        return Period(start=start, end=end)
    if now < start:  # a period that has not begun yet: use the calendar month instead
        return calendar_month(now)
    months = (now.year - start.year) * 12 + (now.month - start.month)
    candidate = add_months(start, months)
    if candidate > now:
        months -= 1
        candidate = add_months(start, months)
    return Period(start=candidate, end=add_months(start, months + 1))
