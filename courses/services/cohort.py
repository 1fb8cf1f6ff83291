"""Sharing job-search outcomes with a course (E11, second part): opting in and out.

See ``courses.selectors.cohort`` for what a consent allows instructors to see.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User

from ..models import CohortConsent, Course, CourseRole, Enrollment

__all__ = [
    "cohort_consent_give",
    "cohort_consent_withdraw",
    "cohort_consents_end_for_enrollment",
]


def cohort_consent_give(
    *, user: User, course: Course, at: dt.datetime | None = None
) -> CohortConsent:
    """Start sharing with ``course`` (a no-op while a consent is already active)."""
    if not Enrollment.objects.filter(
        course=course, user_id=user.pk, role=CourseRole.STUDENT
    ).exists():
        raise ValidationError("Only students of this course can share their outcomes with it.")
    if course.archived_at is not None:
        raise ValidationError("This course has ended, so sharing with it can't start now.")
    existing = CohortConsent.objects.filter(
        course=course, user_id=user.pk, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CohortConsent.objects.create(
                course=course, user=user, consented_at=at or timezone.now()
            )
    except IntegrityError:  # a parallel request opted in first: one active consent
        return CohortConsent.objects.get(course=course, user_id=user.pk, withdrawn_at__isnull=True)


@transaction.atomic
def cohort_consent_withdraw(*, user: User, course: Course, at: dt.datetime | None = None) -> int:
    """Stop sharing with ``course``; the consent stays on record as withdrawn. Returns how
    many consents were active (0 or 1)."""
    return CohortConsent.objects.filter(
        course=course, user_id=user.pk, withdrawn_at__isnull=True
    ).update(withdrawn_at=at or timezone.now())


def cohort_consents_end_for_enrollment(*, enrollment: Enrollment) -> int:
    """A student who leaves a course stops sharing with it (joining again asks again)."""
    return CohortConsent.objects.filter(
        course_id=enrollment.course_id, user_id=enrollment.user_id, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
