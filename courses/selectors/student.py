"""What a student sees: their courses, the course page rows and their grades."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from .. import policy
from ..models import (
    Assignment,
    CourseRole,
    CriterionScore,
    Enrollment,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from .access import visible_assignments

SOON = dt.timedelta(days=7)


class Badge:
    NOT_STARTED = "not-started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    LATE = "late"
    GRADED = "graded"

    LABELS = {
        NOT_STARTED: "Not started",
        DRAFT: "Draft",
        SUBMITTED: "Submitted",
        LATE: "Late",
        GRADED: "Graded",
    }


def student_badge(submission: Submission | None, *, has_draft_files: bool = False) -> str:
    """Students never see "graded" before the grade is released."""
    if submission is None or submission.attempt == 0:
        if submission is not None and (submission.draft_text.strip() or has_draft_files):
            return Badge.DRAFT
        return Badge.NOT_STARTED
    if submission.released_at is not None:
        return Badge.GRADED
    return Badge.LATE if submission.is_late else Badge.SUBMITTED


@dataclass
class AssignmentRow:
    assignment: Assignment
    submission: Submission | None
    badge: str
    overdue: bool
    due_soon: bool = False  # due within a week and not handed in

    @property
    def badge_label(self) -> str:
        return Badge.LABELS[self.badge]

    @property
    def released_score(self) -> Decimal | None:
        s = self.submission
        return s.score if s is not None and s.released_at is not None else None

    @property
    def released_percent(self) -> Decimal | None:
        return policy.percent(self.released_score, self.assignment.points_possible)


def my_enrollments(user):
    return (
        Enrollment.objects.filter(user=user, course__archived_at__isnull=True)
        .select_related("course", "section")
        .order_by("course__title", "course_id")
    )


def course_rows(*, course_id: int, student) -> list[AssignmentRow]:
    """The course page: every published assignment with the student's status. Two
    queries whatever the number of assignments."""
    assignments = list(visible_assignments(course_id).order_by("due_at", "position", "id"))
    draft_files = SubmissionFile.objects.filter(submission=OuterRef("pk"), in_draft=True)
    submissions = {
        s.assignment_id: s
        for s in Submission.objects.filter(
            student=student, assignment__course_id=course_id
        ).annotate(has_draft_files=Exists(draft_files))
    }
    now = timezone.now()
    rows = []
    for assignment in assignments:
        submission = submissions.get(assignment.pk)
        badge = student_badge(
            submission, has_draft_files=getattr(submission, "has_draft_files", False)
        )
        open_work = badge in (Badge.NOT_STARTED, Badge.DRAFT)
        overdue = open_work and assignment.due_at < now
        due_soon = open_work and now <= assignment.due_at <= now + SOON
        rows.append(AssignmentRow(assignment, submission, badge, overdue, due_soon))
    return rows


@dataclass
class GradeSummary:
    earned: Decimal
    possible: Decimal
    graded: int

    @property
    def percent(self) -> Decimal | None:
        return policy.percent(self.earned, self.possible)


def released_summary(rows: list[AssignmentRow]) -> GradeSummary:
    earned = possible = Decimal("0")
    graded = 0
    for row in rows:
        if row.released_score is not None:
            earned += row.released_score
            possible += row.assignment.points_possible
            graded += 1
    return GradeSummary(earned=earned, possible=possible, graded=graded)


def submission_detail(submission: Submission) -> dict:
    """Versions (newest first, with files), draft files and the released rubric scores."""
    versions = list(
        SubmissionVersion.objects.filter(submission=submission)
        .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.order_by("id")))
        .order_by("-number")
    )
    draft_files = list(submission.files.filter(in_draft=True).order_by("uploaded_at", "id"))
    scores = {}
    if submission.released_at is not None:
        scores = {
            cs.criterion_id: cs
            for cs in CriterionScore.objects.filter(submission=submission).select_related("level")
        }
    return {"versions": versions, "draft_files": draft_files, "criterion_scores": scores}


def is_student(enrollment: Enrollment) -> bool:
    return enrollment.role == CourseRole.STUDENT
