"""The comment library: a course's teaching staff add, edit, delete and reorder its
reusable comments. Anyone else is refused (PermissionDenied; views answer 404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from careercopilot.textinput import refuse_null_characters

from ..models import Course, LibraryComment, RubricCriterion
from ..selectors.access import can_teach

__all__ = [
    "library_comment_add",
    "library_comment_delete",
    "library_comment_edit",
    "library_comment_move",
]

BODY_MAX = 2000
DIRECTIONS = ("up", "down")


def _require_teacher(user, course_id: int) -> None:
    if not can_teach(user, course_id):
        raise PermissionDenied


def _clean_body(body: str) -> str:
    body = refuse_null_characters((body or "").strip(), what="the comment")
    if not body:
        raise ValidationError("Write the comment first.")
    if len(body) > BODY_MAX:
        raise ValidationError(
            f"Keep a library comment under {BODY_MAX} characters (this one has {len(body)})."
        )
    return body


def _criterion(course_id: int, criterion_id: int | None) -> RubricCriterion | None:
    if not criterion_id:
        return None
    criterion = RubricCriterion.objects.filter(pk=criterion_id, rubric__course_id=course_id).first()
    if criterion is None:
        raise ValidationError("Choose a criterion from one of this course's rubrics.")
    return criterion


def _lock_library(course_id: int) -> None:
    """Adds and moves in one course's library take turns (the course row is the lock)."""
    list(Course.objects.select_for_update().filter(pk=course_id).values_list("pk", flat=True))


@transaction.atomic
def library_comment_add(
    *, user, course_id: int, body: str, criterion_id: int | None = None
) -> LibraryComment:
    """A new comment at the end of the course's library."""
    _require_teacher(user, course_id)
    body = _clean_body(body)
    criterion = _criterion(course_id, criterion_id)
    _lock_library(course_id)
    last = LibraryComment.objects.filter(course_id=course_id).aggregate(last=Max("position"))[
        "last"
    ]
    return LibraryComment.objects.create(
        course_id=course_id,
        body=body,
        criterion=criterion,
        position=0 if last is None else last + 1,
        created_by=user,
    )


@transaction.atomic
def library_comment_edit(
    *, user, comment: LibraryComment, body: str, criterion_id: int | None = None
) -> LibraryComment:
    _require_teacher(user, comment.course_id)
    comment.body = _clean_body(body)
    comment.criterion = _criterion(comment.course_id, criterion_id)
    comment.save(update_fields=["body", "criterion", "updated_at"])
    return comment


@transaction.atomic
def library_comment_delete(*, user, comment: LibraryComment) -> None:
    """Delete it; videos that used it keep their comment text (the link is cleared)."""
    _require_teacher(user, comment.course_id)
    comment.delete()


@transaction.atomic
def library_comment_move(*, user, comment: LibraryComment, direction: str) -> LibraryComment:
    """Swap with its neighbour up or down; positions are renumbered 0..n-1 on the way,
    so old ties and gaps never make a move a no-op."""
    _require_teacher(user, comment.course_id)
    if direction not in DIRECTIONS:
        raise ValidationError("Move a comment up or down.")
    _lock_library(comment.course_id)
    rows = list(
        LibraryComment.objects.select_for_update()
        .filter(course_id=comment.course_id)
        .order_by("position", "id")
    )
    ids = [row.pk for row in rows]
    index = ids.index(comment.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    changed = []
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            changed.append(row)
    LibraryComment.objects.bulk_update(changed, ["position"])
    comment.position = next(row.position for row in rows if row.pk == comment.pk)
    return comment
