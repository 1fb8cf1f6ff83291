"""Signal receivers for cohort outcomes (E11, second part): a student who leaves a course
(their enrolment is deleted) stops sharing their job-search outcomes with it."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Enrollment
from .services.cohort import cohort_consents_end_for_enrollment


@receiver(post_delete, sender=Enrollment, dispatch_uid="courses.cohort_consent_end_on_leave")
def end_sharing_on_leave(sender, instance: Enrollment, **kwargs) -> None:
    cohort_consents_end_for_enrollment(enrollment=instance)
