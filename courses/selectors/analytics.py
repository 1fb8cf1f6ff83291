"""Instructor analytics for a course (E11, first part), as SQL aggregates.

- per assignment: submission rate, late share, graded count and average score;
- the grade distribution (final score as a percent of the points, in bands);
- per student: work handed in, late and missing work, and the average grade.

Only current students count (people who left the course are not in the numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
)
from django.utils import timezone

from .. import policy
from ..models import Assignment, Course, CourseRole, Enrollment, Submission

BANDS = (
    ("90–100 %", Decimal("90"), None),
    ("80–89 %", Decimal("80"), Decimal("90")),
    ("70–79 %", Decimal("70"), Decimal("80")),
    ("60–69 %", Decimal("60"), Decimal("70")),
    ("Below 60 %", None, Decimal("60")),
)

PERCENT_EXPR = ExpressionWrapper(
    F("score") * 100 / F("assignment__points_possible"),
    output_field=DecimalField(max_digits=9, decimal_places=3),
)


def _rate(part: int, whole: int) -> Decimal | None:
    return policy.percent(Decimal(part), Decimal(whole)) if whole else None


@dataclass
class AssignmentStats:
    assignment: Assignment
    students: int
    submitted: int
    late: int
    graded: int
    average_percent: Decimal | None

    @property
    def submission_rate(self) -> Decimal | None:
        return _rate(self.submitted, self.students)

    @property
    def late_share(self) -> Decimal | None:
        return _rate(self.late, self.submitted)


@dataclass
class Band:
    label: str
    count: int
    share: Decimal | None


@dataclass
class StudentStats:
    enrollment: Enrollment
    submitted: int
    submitted_due: int
    late: int
    missing: int
    graded: int
    average_percent: Decimal | None
    due: int

    @property
    def progress(self) -> Decimal | None:
        return _rate(self.submitted_due, self.due)


@dataclass
class CourseAnalytics:
    course: Course
    students: int
    assignments: list[AssignmentStats]
    bands: list[Band]
    per_student: list[StudentStats]
    submitted: int
    late: int

    @property
    def late_share(self) -> Decimal | None:
        return _rate(self.late, self.submitted)


def _current_students(course: Course):
    return Enrollment.objects.filter(course=course, role=CourseRole.STUDENT).values("user_id")


def course_analytics(course: Course) -> CourseAnalytics:
    students = _current_students(course)
    student_count = Enrollment.objects.filter(course=course, role=CourseRole.STUDENT).count()
    in_course = Q(submissions__student_id__in=students)
    handed_in = in_course & Q(submissions__attempt__gt=0)
    assignments = (
        Assignment.objects.filter(course=course, published_at__isnull=False)
        .annotate(
            n_submitted=Count("submissions", filter=handed_in),
            n_late=Count("submissions", filter=handed_in & Q(submissions__is_late=True)),
            n_graded=Count("submissions", filter=in_course & Q(submissions__score__isnull=False)),
            avg_percent=Avg(
                F("submissions__score") * 100 / F("points_possible"),
                filter=in_course & Q(submissions__score__isnull=False, points_possible__gt=0),
                output_field=DecimalField(max_digits=9, decimal_places=3),
            ),
        )
        .order_by("due_at", "position", "id")
    )
    per_assignment = [
        AssignmentStats(
            assignment=a,
            students=student_count,
            submitted=a.n_submitted,
            late=a.n_late,
            graded=a.n_graded,
            average_percent=_one_decimal(a.avg_percent),
        )
        for a in assignments
    ]

    graded = Submission.objects.filter(
        assignment__course=course,
        assignment__published_at__isnull=False,
        assignment__points_possible__gt=0,
        student_id__in=students,
        score__isnull=False,
    ).annotate(percent=PERCENT_EXPR)
    band_counts = graded.aggregate(
        **{
            f"band{i}": Count("id", filter=_band_q(low, high))
            for i, (_, low, high) in enumerate(BANDS)
        }
    )
    total_graded = sum(band_counts.values())
    bands = [
        Band(label, band_counts[f"band{i}"], _rate(band_counts[f"band{i}"], total_graded))
        for i, (label, _, _) in enumerate(BANDS)
    ]

    now = timezone.now()
    due_count = Assignment.objects.filter(
        course=course, published_at__isnull=False, due_at__lt=now
    ).count()
    mine = Q(
        user__course_submissions__assignment__course=course,
        user__course_submissions__assignment__published_at__isnull=False,
    )
    sub_attempted = mine & Q(user__course_submissions__attempt__gt=0)
    per_student_qs = (
        Enrollment.objects.filter(course=course, role=CourseRole.STUDENT)
        .select_related("user", "section")
        .annotate(
            n_submitted=Count("user__course_submissions", filter=sub_attempted),
            n_submitted_due=Count(
                "user__course_submissions",
                filter=sub_attempted & Q(user__course_submissions__assignment__due_at__lt=now),
            ),
            n_late=Count(
                "user__course_submissions",
                filter=sub_attempted & Q(user__course_submissions__is_late=True),
            ),
            n_graded=Count(
                "user__course_submissions",
                filter=mine & Q(user__course_submissions__score__isnull=False),
            ),
            avg_percent=Avg(
                F("user__course_submissions__score")
                * 100
                / F("user__course_submissions__assignment__points_possible"),
                filter=mine
                & Q(user__course_submissions__score__isnull=False)
                & Q(user__course_submissions__assignment__points_possible__gt=0),
                output_field=DecimalField(max_digits=9, decimal_places=3),
            ),
        )
        .order_by("user__name", "user__email")
    )
    per_student = [
        StudentStats(
            enrollment=e,
            submitted=e.n_submitted,
            submitted_due=e.n_submitted_due,
            late=e.n_late,
            missing=max(0, due_count - e.n_submitted_due),
            graded=e.n_graded,
            average_percent=_one_decimal(e.avg_percent),
            due=due_count,
        )
        for e in per_student_qs
    ]
    return CourseAnalytics(
        course=course,
        students=student_count,
        assignments=per_assignment,
        bands=bands,
        per_student=per_student,
        submitted=sum(a.submitted for a in per_assignment),
        late=sum(a.late for a in per_assignment),
    )


def _band_q(low: Decimal | None, high: Decimal | None) -> Q:
    q = Q()
    if low is not None:
        q &= Q(percent__gte=low)
    if high is not None:
        q &= Q(percent__lt=high)
    return q


def _one_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))
