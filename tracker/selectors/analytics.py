"""Job-search analytics, every number from SQL aggregates (a fixed number of queries).

Definitions, shown next to each number on the page:

- *sent*: applications with an applied date in the period;
- *responded*: sent applications that reached a phone screen or later, or a rejection;
- *interviewed*: sent applications that reached a phone screen or later;
- *offered*: sent applications that reached Offer or Accepted;
- *time to first response*: days from the applied date to the first move into a
  response status (the first step of an imported or backfilled row is not a move).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractIsoWeekDay, TruncDate, TruncWeek

from careercopilot.timezones import week_start

from ..models import (
    INTERVIEW_STATUSES,
    OFFER_STATUSES,
    PIPELINE,
    RESPONSE_STATUSES,
    TERMINAL,
    Application,
    Status,
    StatusChange,
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
BEST_WEEKDAY_MIN_SENT = 3
MAX_WEEKS_SHOWN = 104

FORMULAS = {
    "response": "An answer is an interview, an offer or a rejection.",
    "interview": "Counts every application that reached an interview.",
    "offer": "Counts every application that reached an offer.",
    "median": "Days from applying to the first answer: half of your answers came sooner, half later.",
    "weekday": f"The weekday whose applications got an answer most often, among days with at least {BEST_WEEKDAY_MIN_SENT} sent.",
}


def _reached(user, statuses) -> Q:
    """Applications with a step into one of ``statuses``.

    An uncorrelated ``IN (subquery)``: PostgreSQL hashes the subquery once instead of
    probing the index for every application.
    """
    steps = StatusChange.objects.filter(application__user=user, to_status__in=statuses)
    return Q(pk__in=steps.values("application_id"))


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Analytics:
    start: dt.date | None
    end: dt.date | None
    total: int = 0
    sent: int = 0
    responded: int = 0
    interviewed: int = 0
    offered: int = 0
    median_days_to_response: float | None = None
    answered: int = 0
    status_distribution: list[dict] = field(default_factory=list)
    weekly: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    weekdays: list[dict] = field(default_factory=list)
    best_weekday: dict | None = None

    @property
    def response_rate(self) -> float | None:
        return _rate(self.responded, self.sent)

    @property
    def interview_rate(self) -> float | None:
        return _rate(self.interviewed, self.sent)

    @property
    def offer_rate(self) -> float | None:
        return _rate(self.offered, self.sent)

    @property
    def funnel(self) -> list[dict]:
        return [
            {"stage": "Applied", "count": self.sent, "percent": 100.0 if self.sent else None},
            {"stage": "Interview", "count": self.interviewed, "percent": self.interview_rate},
            {"stage": "Offer", "count": self.offered, "percent": self.offer_rate},
        ]

    def chart_data(self) -> dict:
        return {
            "status": {
                "keys": [row["status"] for row in self.status_distribution],
                "labels": [row["label"] for row in self.status_distribution],
                "values": [row["count"] for row in self.status_distribution],
            },
            "funnel": {
                "labels": [r["stage"] for r in self.funnel],
                "values": [r["count"] for r in self.funnel],
            },
            "weekly": {
                "labels": [row["week"].isoformat() for row in self.weekly],
                "values": [row["count"] for row in self.weekly],
            },
            "sources": {
                "labels": [row["source"] for row in self.sources],
                "sent": [row["sent"] for row in self.sources],
                "interviews": [row["interviewed"] for row in self.sources],
            },
            "weekdays": {
                "labels": [row["name"] for row in self.weekdays],
                "sent": [row["sent"] for row in self.weekdays],
                "rates": [row["response_rate"] or 0 for row in self.weekdays],
            },
        }


def _in_period(qs: QuerySet, name: str, start: dt.date | None, end: dt.date | None) -> QuerySet:
    if start:
        qs = qs.filter(**{f"{name}__gte": start})
    if end:
        qs = qs.filter(**{f"{name}__lte": end})
    return qs


def analytics_for_user(user, *, start: dt.date | None, end: dt.date | None) -> Analytics:
    """All metrics for applications dated in [start, end] (either bound may be open)."""
    result = Analytics(start=start, end=end)
    everything = Application.objects.filter(user=user)  # archived ones still count

    # Status distribution: every application, dated by its applied date or creation day.
    dated = everything.annotate(day=Coalesce("applied_on", TruncDate("created_at")))
    counts = dict(
        _in_period(dated, "day", start, end)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    result.status_distribution = [
        {"status": s, "label": Status(s).label, "count": counts.get(s, 0)}
        for s in (*PIPELINE, *TERMINAL)
    ]
    result.total = sum(counts.values())

    sent = _in_period(everything.filter(applied_on__isnull=False), "applied_on", start, end)
    responded = _reached(user, RESPONSE_STATUSES)
    interviewed = _reached(user, INTERVIEW_STATUSES)
    offered = _reached(user, OFFER_STATUSES)
    # One grouped query per source; the totals are the sums of its (few) rows.
    sources = list(
        sent.order_by()
        .values("source")
        .annotate(
            n=Count("pk"),
            responded=Count("pk", filter=responded),
            interviewed=Count("pk", filter=interviewed),
            offered=Count("pk", filter=offered),
        )
        .order_by("-n", "source")
    )
    result.sent = sum(row["n"] for row in sources)
    result.responded = sum(row["responded"] for row in sources)
    result.interviewed = sum(row["interviewed"] for row in sources)
    result.offered = sum(row["offered"] for row in sources)
    result.sources = [
        {
            "source": row["source"] or "Not recorded",
            "sent": row["n"],
            "responded": row["responded"],
            "interviewed": row["interviewed"],
            "offered": row["offered"],
            "response_rate": _rate(row["responded"], row["n"]),
            "interview_rate": _rate(row["interviewed"], row["n"]),
        }
        for row in sources
    ]

    weekly = dict(
        sent.annotate(week=TruncWeek("applied_on"))
        .order_by()
        .values_list("week")
        .annotate(n=Count("pk"))
    )
    weekly = {_as_date(week): n for week, n in weekly.items()}
    result.weekly = _fill_weeks(weekly, start, end)

    # First answer per sent application, from one grouped scan of its status changes.
    answers = _in_period(
        StatusChange.objects.filter(
            application__user=user,
            application__applied_on__isnull=False,
            to_status__in=RESPONSE_STATUSES,
        ).exclude(from_status=""),
        "application__applied_on",
        start,
        end,
    )
    waits = (
        answers.values("application_id", "application__applied_on")
        .annotate(answered_at=Min("changed_at"))
        .annotate(
            wait=ExpressionWrapper(
                TruncDate("answered_at") - F("application__applied_on"),
                output_field=DurationField(),
            )
        )
    )
    result.answered = waits.count()
    if result.answered:
        n = result.answered
        middle = list(
            waits.order_by("wait", "application_id").values_list("wait", flat=True)[
                (n - 1) // 2 : n // 2 + 1
            ]
        )
        days = [max(_as_days(value), 0) for value in middle]
        result.median_days_to_response = round(sum(days) / len(days), 1)

    weekdays = {
        row["wd"]: row
        for row in sent.annotate(wd=ExtractIsoWeekDay("applied_on"))
        .order_by()
        .values("wd")
        .annotate(n=Count("pk"), responded=Count("pk", filter=responded))
    }
    result.weekdays = [
        {
            "name": name,
            "sent": weekdays.get(i, {}).get("n", 0),
            "responded": weekdays.get(i, {}).get("responded", 0),
            "response_rate": _rate(
                weekdays.get(i, {}).get("responded", 0), weekdays.get(i, {}).get("n", 0)
            ),
        }
        for i, name in enumerate(WEEKDAYS, start=1)
    ]
    qualified = [row for row in result.weekdays if row["sent"] >= BEST_WEEKDAY_MIN_SENT]
    if qualified:
        result.best_weekday = max(
            qualified, key=lambda row: (row["response_rate"] or 0, row["sent"])
        )
    return result


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _as_days(value) -> float:
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000  # microseconds on backends without intervals


def _fill_weeks(
    weekly: dict[dt.date, int], start: dt.date | None, end: dt.date | None
) -> list[dict]:
    if not weekly and not (start and end):
        return []
    first = week_start(start) if start else min(weekly)
    last = week_start(end) if end else max(weekly)
    if weekly:
        first, last = min(first, min(weekly)), max(last, max(weekly))
    weeks = []
    cursor = max(first, last - dt.timedelta(weeks=MAX_WEEKS_SHOWN - 1))
    while cursor <= last:
        weeks.append({"week": cursor, "count": weekly.get(cursor, 0)})
        cursor += dt.timedelta(weeks=1)
    return weeks
