"""``{% peer_review_card assignment %}``: the peer review box of an assignment page (E9).

It shows the signed-in student's reviews to do for the assignment and a link to the
reviews of their own work, and nothing when peer review is off.
"""

from __future__ import annotations

from django import template

from ..models import CourseRole, Enrollment, PeerReviewSettings
from ..selectors import peer as reads

register = template.Library()


@register.inclusion_tag("courses/partials/peer_card.html", takes_context=True)
def peer_review_card(context, assignment) -> dict:
    user = context["request"].user
    settings = PeerReviewSettings.objects.filter(assignment=assignment, enabled=True).first()
    if (
        settings is None
        or not Enrollment.objects.filter(
            user_id=user.pk, course_id=assignment.course_id, role=CourseRole.STUDENT
        ).exists()
    ):
        return {"settings": None}
    reviews = sorted(
        reads.reviews_to_do(user, assignment.course_id, assignment_id=assignment.pk),
        key=lambda r: r.label,
    )
    return {
        "settings": settings,
        "assignment": assignment,
        "reviews": reviews,
        "done": sum(1 for r in reviews if r.is_submitted),
        "released": settings.is_released(),
    }
