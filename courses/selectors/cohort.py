"""Cohort job-search outcomes for a course's instructors (E11, second part).

Who counts: current students of the course (course role "student") whose consent to
share with this course is active and who have job-search activity of their own since they
agreed: an application in their tracker sent or moved along (a status change to anything
but Saved). Consenting accounts that do nothing (sock puppets) count for nothing, so they
cannot lift a cohort over the minimum. A student who withdraws, leaves the course or
becomes staff leaves every number at once, past weeks included: the numbers are computed
live from the tracker, nothing is copied.

From when: each student's outcomes count from the moment they agreed, never before.
Consent is given for what happens next; a student who agrees in week 6 of a course does
not hand over weeks 1–5, and a student who joins a course does not open their earlier
job search to it. The page tells the student exactly this.

What counts, per week (weeks start on Monday):
- applications sent: the tracker's "applied on" date (set when an application leaves
  Saved), the same measure as the tracker's own weekly volume;
- interviews: an application moving into an interview stage (phone screen, technical,
  final), each stage of an application counted once;
- offers: an application reaching an offer (or accepted) for the first time.

Re-identification: nothing at all is shown while fewer than ``MIN_COHORT`` students
count, and weeks before the ``MIN_COHORT``-th of them started sharing are left out, so a
week is never the outcome of one or two people. Every figure the page shows, the number
of students counted included, is a band of ``BAND`` ("fewer than 5", "5–9", …): comparing
the page before and after one student stops (or starts) sharing shows at most that a
figure changed band, never that student's own numbers. Only these bands leave for the
page: never a name, an application, a company, a per-student number or an exact total.

Three queries whatever the size of the cohort or of their trackers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate, TruncWeek
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tracker.models import OFFER_STATUSES, Application, Status, StatusChange

from ..models import CohortConsent, Course, CourseRole, Enrollment

MIN_COHORT = 3
BAND = 5
MAX_WEEKS_SHOWN = 52
INTERVIEW_STAGES: tuple[str, ...] = (Status.PHONE_SCREEN, Status.TECHNICAL, Status.FINAL)


# --- The student's side -------------------------------------------------------------------


def get_student_enrollment_for_sharing(user, course_id) -> Enrollment:
    """The user's student enrolment in ``course_id`` (archived courses too, so sharing can
    always be stopped); 404 for anyone who is not a student of the course."""
    return get_object_or_404(
        Enrollment.objects.select_related("course"),
        course_id=course_id,
        user_id=getattr(user, "pk", None),
        role=CourseRole.STUDENT,
    )


def active_consent(user, course_id: int) -> CohortConsent | None:
    return CohortConsent.objects.filter(
        user_id=user.pk, course_id=course_id, withdrawn_at__isnull=True
    ).first()


def consent_history(user, course_id: int) -> list[CohortConsent]:
    return list(
        CohortConsent.objects.filter(user_id=user.pk, course_id=course_id).order_by(
            "-consented_at", "-id"
        )
    )


def courses_shared_with(user) -> list[CohortConsent]:
    """The user's active consents, with their courses (archived ones too)."""
    return list(
        CohortConsent.objects.filter(user_id=user.pk, withdrawn_at__isnull=True)
        .select_related("course")
        .order_by("course__title", "course_id")
    )


# --- The instructor's side ----------------------------------------------------------------


def _sharing(course: Course) -> QuerySet[CohortConsent]:
    """Active consents of the course's current students who have activity of their own
    since agreeing (an application sent or moved along)."""
    students = Enrollment.objects.filter(course=course, role=CourseRole.STUDENT).values("user_id")
    own_activity = StatusChange.objects.filter(
        application__user_id=OuterRef("user_id"), changed_at__gte=OuterRef("consented_at")
    ).exclude(to_status=Status.SAVED)
    return CohortConsent.objects.filter(
        Exists(own_activity), course=course, withdrawn_at__isnull=True, user_id__in=students
    )


def _consent_moment(course: Course, user_ref: str) -> Subquery:
    return Subquery(
        CohortConsent.objects.filter(
            course=course, withdrawn_at__isnull=True, user_id=OuterRef(user_ref)
        ).values("consented_at")[:1]
    )


def week_start(moment: dt.datetime | dt.date) -> dt.date:
    day = timezone.localtime(moment).date() if isinstance(moment, dt.datetime) else moment
    return day - dt.timedelta(days=day.weekday())


def _as_date(value) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def band(n: int) -> str:
    """A count as the page shows it: "fewer than 5", "5–9", "10–14", …"""
    if n < BAND:
        return f"fewer than {BAND}"
    low = n // BAND * BAND
    return f"{low}–{low + BAND - 1}"


def band_floor(n: int) -> int:
    """The band's lower end, for the chart ("fewer than 5" is drawn as 0)."""
    return n // BAND * BAND if n >= BAND else 0


@dataclass
class WeekRow:
    week: dt.date
    applications: int = 0
    interviews: int = 0
    offers: int = 0

    def bands(self) -> tuple[str, str, str]:
        return band(self.applications), band(self.interviews), band(self.offers)


@dataclass
class CohortOutcomes:
    """Exact counts for this module and its tests; the page reads only the ``*_band``
    properties, ``weeks_banded`` and ``chart_data``."""

    sharing: int
    min_cohort: int = MIN_COHORT
    since: dt.date | None = None  # the first week counted
    weeks: list[WeekRow] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return self.sharing >= self.min_cohort

    @property
    def applications(self) -> int:
        return sum(w.applications for w in self.weeks)

    @property
    def interviews(self) -> int:
        return sum(w.interviews for w in self.weeks)

    @property
    def offers(self) -> int:
        return sum(w.offers for w in self.weeks)

    @property
    def sharing_band(self) -> str:
        return band(self.sharing)

    @property
    def applications_band(self) -> str:
        return band(self.applications)

    @property
    def interviews_band(self) -> str:
        return band(self.interviews)

    @property
    def offers_band(self) -> str:
        return band(self.offers)

    def weeks_banded(self) -> list[tuple[dt.date, str, str, str]]:
        return [(w.week, *w.bands()) for w in self.weeks]

    def chart_data(self) -> dict:
        return {
            "labels": [w.week.strftime("%-d %b %Y") for w in self.weeks],
            "applications": [band_floor(w.applications) for w in self.weeks],
            "interviews": [band_floor(w.interviews) for w in self.weeks],
            "offers": [band_floor(w.offers) for w in self.weeks],
        }


def cohort_outcomes(course: Course, *, now: dt.datetime | None = None) -> CohortOutcomes:
    now = now or timezone.now()
    moments = list(_sharing(course).order_by("consented_at").values_list("consented_at", flat=True))
    result = CohortOutcomes(sharing=len(moments))
    if not result.visible:
        return result
    first_week = week_start(moments[MIN_COHORT - 1])
    last_week = week_start(now)
    first_week = max(first_week, last_week - dt.timedelta(weeks=MAX_WEEKS_SHOWN - 1))
    counted_from = timezone.make_aware(dt.datetime.combine(first_week, dt.time.min))
    sharing_users = _sharing(course).values("user_id")

    applications = (
        Application.objects.filter(
            user_id__in=sharing_users,
            applied_on__gte=first_week,
            applied_on__lte=timezone.localdate(now),
        )
        .annotate(consented_at=_consent_moment(course, "user_id"))
        .filter(applied_on__gte=TruncDate("consented_at"))
        .annotate(week=TruncWeek("applied_on"))
        .order_by()
        .values_list("week")
        .annotate(n=Count("pk"))
    )

    earlier = Q(changed_at__lt=OuterRef("changed_at")) | Q(
        changed_at=OuterRef("changed_at"), pk__lt=OuterRef("pk")
    )
    steps = (
        StatusChange.objects.filter(
            application__user_id__in=sharing_users,
            to_status__in=(*INTERVIEW_STAGES, *OFFER_STATUSES),
            changed_at__gte=counted_from,
            changed_at__lte=now,
        )
        .annotate(consented_at=_consent_moment(course, "application__user_id"))
        .filter(changed_at__gte=F("consented_at"))
        .annotate(
            stage_before=Exists(
                StatusChange.objects.filter(
                    earlier,
                    application_id=OuterRef("application_id"),
                    to_status=OuterRef("to_status"),
                )
            ),
            offer_before=Exists(
                StatusChange.objects.filter(
                    earlier, application_id=OuterRef("application_id"), to_status__in=OFFER_STATUSES
                )
            ),
            week=TruncWeek("changed_at"),
        )
        .order_by()
        .values("week")
        .annotate(
            interviews=Count("pk", filter=Q(to_status__in=INTERVIEW_STAGES, stage_before=False)),
            offers=Count("pk", filter=Q(to_status__in=OFFER_STATUSES, offer_before=False)),
        )
    )

    rows: dict[dt.date, WeekRow] = {}
    cursor = first_week
    while cursor <= last_week:
        rows[cursor] = WeekRow(week=cursor)
        cursor += dt.timedelta(weeks=1)
    for week, n in applications:
        if (row := rows.get(_as_date(week))) is not None:
            row.applications = n
    for step in steps:
        if (row := rows.get(_as_date(step["week"]))) is not None:
            row.interviews, row.offers = step["interviews"], step["offers"]
    result.since = first_week
    result.weeks = list(rows.values())
    return result
