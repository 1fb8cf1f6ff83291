"""Reads for the AI essay grader (E6) on the grading screen."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import (
    CourseRole,
    EssayCriterionSuggestion,
    EssaySuggestion,
    SubmissionVersion,
)
from .access import get_assignment_for_staff


def get_version_for_staff(user, assignment_pk: int, student_id: int, number: int):
    """(assignment, attempt) of a student of a course ``user`` teaches; 404 otherwise."""
    assignment = get_assignment_for_staff(user, assignment_pk)
    version = get_object_or_404(
        SubmissionVersion.objects.select_related("submission"),
        submission__assignment=assignment,
        submission__student_id=student_id,
        submission__student__course_enrollments__course_id=assignment.course_id,
        submission__student__course_enrollments__role=CourseRole.STUDENT,
        number=number,
    )
    return assignment, version


def suggestion_for(version: SubmissionVersion | None) -> EssaySuggestion | None:
    """The attempt's suggestion with its criteria and levels (two queries)."""
    if version is None:
        return None
    return (
        EssaySuggestion.objects.filter(version=version)
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=EssayCriterionSuggestion.objects.select_related("level"),
            )
        )
        .first()
    )
