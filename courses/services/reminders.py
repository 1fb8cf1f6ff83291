"""The "due in 24 hours" reminder (E10), sent by Celery beat.

Each run finds published assignments due within the next 24 hours and reminds every
student who has not submitted yet. A ``DueReminder`` row (unique per assignment and
student) is written in the same transaction as the notification, so overlapping or
repeated runs never remind anyone twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import NotificationCategory
from accounts.services import notify
from careercopilot.timezones import format_in_zone

from ..models import Assignment, CourseRole, DueReminder, Enrollment, Submission

__all__ = [
    "due_reminders_send",
]


WINDOW = dt.timedelta(hours=24)


def due_reminders_send(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    assignments = Assignment.objects.filter(
        published_at__isnull=False, due_at__gt=now, due_at__lte=now + WINDOW
    ).select_related("course")
    sent = 0
    for assignment in assignments:
        submitted = Submission.objects.filter(
            assignment=assignment, student=OuterRef("user"), attempt__gt=0
        )
        reminded = DueReminder.objects.filter(assignment=assignment, student=OuterRef("user"))
        pending = (
            Enrollment.objects.filter(course_id=assignment.course_id, role=CourseRole.STUDENT)
            .exclude(Exists(submitted))
            .exclude(Exists(reminded))
            .select_related("user")
        )
        for enrollment in pending:
            try:
                with transaction.atomic():
                    DueReminder.objects.create(assignment=assignment, student=enrollment.user)
                    notify(
                        user=enrollment.user,
                        title=f"Due in 24 hours: {assignment.title}",
                        body=(
                            f"“{assignment.title}” in {assignment.course.title} is due "
                            f"{format_in_zone(assignment.due_at, enrollment.user)}."
                        ),
                        url=assignment.get_absolute_url(),
                        category=NotificationCategory.COURSES,
                    )
            except IntegrityError:
                continue  # another run reminded them a moment ago
            sent += 1
    return sent
