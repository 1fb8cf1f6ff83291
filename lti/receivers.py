"""Released grades (new or changed) go to the platform's gradebook."""

from __future__ import annotations

from django.dispatch import receiver

from courses.services.grading import grades_published


@receiver(grades_published, dispatch_uid="lti.grades_published")
def send_released_grades(sender, submission_ids, **kwargs) -> None:
    from .jobs import passbacks_queue

    passbacks_queue(submission_ids=list(submission_ids))
