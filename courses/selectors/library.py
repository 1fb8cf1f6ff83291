"""The comment library: a course's reusable comments, in the order they are keyed (1 to 9)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Course, LibraryComment, RubricCriterion
from .access import can_teach

# The first nine comments are inserted with the keys 1 to 9.
KEYED = 9


def library_comments_for_course(*, course_id: int) -> list[LibraryComment]:
    """The course's library comments in order, each with its criterion (one query)."""
    return list(
        LibraryComment.objects.filter(course_id=course_id)
        .select_related("criterion")
        .order_by("position", "id")
    )


def library_criteria_for_course(*, course_id: int) -> QuerySet[RubricCriterion]:
    """The criteria a library comment may speak to: those of the course's rubrics."""
    return (
        RubricCriterion.objects.filter(rubric__course_id=course_id)
        .select_related("rubric")
        .order_by("rubric__title", "rubric_id", "position", "id")
    )


def get_course_for_library(user, course_id: int) -> Course:
    """The course whose library ``user`` manages: its teaching staff only, else 404."""
    course = get_object_or_404(Course, pk=course_id)
    if not can_teach(user, course.pk):
        raise Http404
    return course


def get_library_comment_for_staff(user, pk: int) -> LibraryComment:
    """A library comment of a course ``user`` teaches, else 404."""
    comment = get_object_or_404(LibraryComment.objects.select_related("course", "criterion"), pk=pk)
    if not can_teach(user, comment.course_id):
        raise Http404
    return comment
