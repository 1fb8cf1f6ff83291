"""Assignments and rubrics (E2): publishing, attachments and rubric reuse."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import NotificationCategory
from accounts.services import notify
from careercopilot.queueing import send_on_commit
from careercopilot.timezones import format_in_zone

from ..models import (
    Assignment,
    AssignmentAttachment,
    Course,
    CourseRole,
    Enrollment,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from ..richtext import plain_text
from ..uploads import safe_filename, validate_document

__all__ = [
    "assignment_publish",
    "assignment_published_notify_run",
    "assignment_unpublish",
    "attachment_add",
    "rubric_duplicate",
]


def assignment_publish(*, assignment: Assignment) -> bool:
    """Make the assignment visible to the course's students and tell them (once).
    Returns False when it was already published."""
    with transaction.atomic():
        updated = Assignment.objects.filter(pk=assignment.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        )
        assignment.refresh_from_db(fields=["published_at"])
        if updated:
            from ..tasks import assignment_published_notify

            send_on_commit(assignment_published_notify, assignment.pk)
    return bool(updated)


def assignment_unpublish(*, assignment: Assignment) -> None:
    if assignment.submissions.filter(attempt__gt=0).exists():
        raise ValidationError(
            f"“{assignment.title}” already has submissions, so it stays published."
        )
    Assignment.objects.filter(pk=assignment.pk).update(published_at=None)
    assignment.published_at = None


def assignment_published_notify_run(*, assignment_id: int) -> int:
    """Notify each student of a newly published assignment, at most once. Returns how
    many were notified."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("course")
            .filter(pk=assignment_id, published_at__isnull=False, publish_notified_at__isnull=True)
            .first()
        )
        if assignment is None:
            return 0
        students = Enrollment.objects.filter(
            course_id=assignment.course_id, role=CourseRole.STUDENT
        ).select_related("user")
        url = assignment.get_absolute_url()
        count = 0
        for enrollment in students:
            notify(
                user=enrollment.user,
                title=f"New assignment in {assignment.course.title}: {assignment.title}",
                body=f"Due {format_in_zone(assignment.due_at, enrollment.user)}.\n\n"
                + _excerpt(assignment.instructions),
                url=url,
                category=NotificationCategory.COURSES,
            )
            count += 1
        assignment.publish_notified_at = timezone.now()
        assignment.save(update_fields=["publish_notified_at"])
    return count


def _excerpt(html: str, limit: int = 280) -> str:
    text = plain_text(html)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def attachment_add(*, assignment: Assignment, filename: str, data: bytes) -> AssignmentAttachment:
    detected = validate_document(data)
    attachment = AssignmentAttachment(
        assignment=assignment,
        original_filename=safe_filename(filename),
        content_type=detected.content_type,
        size_bytes=len(data),
    )
    attachment.file.save("upload", ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def rubric_duplicate(*, rubric: Rubric, course: Course | None = None, title: str = "") -> Rubric:
    """A copy of the rubric (criteria and levels) in ``course`` (default: the same course)."""
    copy = Rubric.objects.create(
        course=course or rubric.course,
        title=title or (f"{rubric.title} (copy)" if course is None else rubric.title),
        description=rubric.description,
    )
    for criterion in rubric.criteria.prefetch_related("levels"):
        new_criterion = RubricCriterion.objects.create(
            rubric=copy,
            position=criterion.position,
            title=criterion.title,
            description=criterion.description,
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(
                criterion=new_criterion,
                position=level.position,
                title=level.title,
                description=level.description,
                points=level.points,
            )
            for level in criterion.levels.all()
        )
    return copy
