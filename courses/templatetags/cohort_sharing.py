"""Outcome sharing on the student's pages (E11, second part).

- ``{% outcome_sharing_card course %}`` on the course page: what sharing means, and the
  switch (students only; nothing for teaching staff).
- ``{% outcome_sharing_list %}`` on the course list: the courses the student shares with,
  archived ones included, so sharing can always be stopped.
"""

from __future__ import annotations

from django import template

from ..models import CourseRole, Enrollment
from ..selectors import cohort as reads

register = template.Library()


@register.inclusion_tag("courses/partials/outcome_sharing.html", takes_context=True)
def outcome_sharing_card(context, course) -> dict:
    user = context["request"].user
    is_student = Enrollment.objects.filter(
        user_id=user.pk, course_id=course.pk, role=CourseRole.STUDENT
    ).exists()
    return {
        "show": is_student,
        "course": course,
        "consent": reads.active_consent(user, course.pk) if is_student else None,
        "min_cohort": reads.MIN_COHORT,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("courses/partials/outcome_sharing_list.html", takes_context=True)
def outcome_sharing_list(context) -> dict:
    return {"consents": reads.courses_shared_with(context["request"].user)}
