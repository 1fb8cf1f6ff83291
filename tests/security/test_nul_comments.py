"""NUL characters, which PostgreSQL refuses in text, in the tutor, peer-review and grading
comments: a clear message, never a 500, and nothing half-saved."""

import pytest
from django.urls import reverse

from courses.models import PeerReview, TutorMessage

from .conftest import signed_in

pytestmark = pytest.mark.django_db

NUL_TEXT = "Is my thesis clear?\x00 Please say."


def test_a_tutor_question_with_a_nul_gets_a_message_and_saves_nothing(
    alice, world, no_errors_logged
):
    thread = world.tutor_reply.thread
    before = TutorMessage.objects.count()
    response = signed_in(alice).post(
        reverse("courses:tutor_send", args=[thread.pk]), {"text": NUL_TEXT}
    )

    assert response.status_code == 422
    assert "character" in response.content.decode().lower()
    assert TutorMessage.objects.count() == before


def test_a_peer_review_comment_with_a_nul_gets_a_message_and_saves_nothing(
    alice, world, no_errors_logged
):
    review = world.peer_review
    response = signed_in(alice).post(
        reverse("courses:peer_review_save", args=[review.pk]),
        {"overall_comment": NUL_TEXT, "action": "save"},
    )

    assert response.status_code < 500
    assert "\x00" not in PeerReview.objects.get(pk=review.pk).overall_comment


def test_grading_feedback_with_a_nul_gets_a_message_and_saves_nothing(
    alice, world, settings, no_errors_logged
):
    settings.ADMIN_REQUIRES_MFA = False  # the MFA gate has its own tests
    alice.is_staff = alice.is_superuser = True
    alice.save(update_fields=["is_staff", "is_superuser"])
    submission = world.submission_file.submission
    url = reverse(
        "admin:courses_assignment_grade", args=[submission.assignment_id, submission.student_id]
    )
    response = signed_in(alice).post(url, {"feedback": NUL_TEXT, "score": "1"})

    assert response.status_code < 500
    submission.refresh_from_db()
    assert submission.graded_at is None
    assert "\x00" not in submission.feedback
