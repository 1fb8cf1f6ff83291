"""Reads for the grading pages: the per-assignment list and the grading screen."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from ..models import (
    Assignment,
    CourseRole,
    CriterionScore,
    Enrollment,
    RubricCriterion,
    RubricLevel,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)

FILTERS = {
    "all": "All students",
    "ungraded": "Needs grading",
    "late": "Late",
    "unreleased": "Graded, not released",
    "missing": "Not submitted",
}

STATUS_LABELS = {
    "not-submitted": "Not submitted",
    "missing": "Missing",
    "needs-grading": "Needs grading",
    "graded": "Graded, not released",
    "returned": "Released",
}


def row_status(submission: Submission | None, *, due_passed: bool) -> str:
    if submission is not None and submission.needs_grading:
        return "needs-grading"
    if submission is not None and submission.score is not None:
        return "returned" if submission.released_at else "graded"
    return "missing" if due_passed else "not-submitted"


@dataclass
class GradingRow:
    enrollment: Enrollment
    submission: Submission | None
    status: str

    @property
    def student(self):
        return self.enrollment.user

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def matches(self, flt: str) -> bool:
        s = self.submission
        if flt == "ungraded":
            return self.status == "needs-grading"
        if flt == "late":
            return bool(s and s.attempt and s.is_late)
        if flt == "unreleased":
            return self.status == "graded"
        if flt == "missing":
            return s is None or s.attempt == 0
        return True


def clean_filter(value: str | None) -> str:
    return value if value in FILTERS else "all"


def student_enrollments(course_id: int):
    return (
        Enrollment.objects.filter(course_id=course_id, role=CourseRole.STUDENT)
        .select_related("user", "section")
        .order_by("user__name", "user__email", "user_id")
    )


def grading_rows(assignment: Assignment) -> list[GradingRow]:
    """Every student of the course, in name order, with their submission (two queries)."""
    submissions = {s.student_id: s for s in Submission.objects.filter(assignment=assignment)}
    due_passed = assignment.due_at < timezone.now()
    rows = []
    for enrollment in student_enrollments(assignment.course_id):
        submission = submissions.get(enrollment.user_id)
        rows.append(
            GradingRow(enrollment, submission, row_status(submission, due_passed=due_passed))
        )
    return rows


def neighbours(rows: list[GradingRow], student_id: int, flt: str):
    """The row of ``student_id`` and the previous and next rows within the filter."""
    index = next((i for i, r in enumerate(rows) if r.enrollment.user_id == student_id), None)
    if index is None:
        return None, None, None
    previous = next((r for r in reversed(rows[:index]) if r.matches(flt)), None)
    following = next((r for r in rows[index + 1 :] if r.matches(flt)), None)
    return rows[index], previous, following


def rubric_criteria(assignment: Assignment) -> list[RubricCriterion]:
    if not assignment.rubric_id:
        return []
    return list(
        RubricCriterion.objects.filter(rubric_id=assignment.rubric_id)
        .prefetch_related(
            Prefetch("levels", queryset=RubricLevel.objects.order_by("position", "-points", "id"))
        )
        .order_by("position", "id")
    )


def submission_versions(submission: Submission | None) -> list[SubmissionVersion]:
    if submission is None:
        return []
    return list(
        SubmissionVersion.objects.filter(submission=submission)
        .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.order_by("id")))
        .order_by("-number")
    )


def criterion_scores(submission: Submission | None) -> dict[int, CriterionScore]:
    if submission is None:
        return {}
    return {cs.criterion_id: cs for cs in CriterionScore.objects.filter(submission=submission)}
