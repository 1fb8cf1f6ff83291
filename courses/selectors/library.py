"""The comment library: a course's reusable comments, in the order they are keyed (1 to 9)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import LibraryComment, RubricCriterion

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
