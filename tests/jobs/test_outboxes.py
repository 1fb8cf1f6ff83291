"""Rows that owe a message (an email, a Stripe event) are sent again by the one sweeper
when the broker lost it, and never more than owed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Notification, NotificationCategory
from accounts.services import notify
from careercopilot.jobs.sweeper import jobs_requeue_stalled

pytestmark = pytest.mark.django_db


def age(notification: Notification, minutes: int = 5) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_a_notification_email_the_broker_lost_is_sent_by_the_sweeper(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    """Guards email on a broker outage: before, a notification whose message was lost was
    never emailed (nothing remembered the email was owed)."""
    alice.email_categories = [NotificationCategory.TRACKER]
    alice.save()
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        notification = notify(user=alice, title="Follow up", category=NotificationCategory.TRACKER)
    age(notification)

    assert jobs_requeue_stalled() == 1
    assert jobs_requeue_stalled() == 0  # sent: nothing owed any more

    notification.refresh_from_db()
    assert notification.emailed_at is not None and not notification.email_pending
    assert len(mailoutbox) == 1


def test_notifications_without_an_email_are_never_emailed_by_the_sweeper(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    alice.email_categories = []
    alice.save()
    with django_capture_on_commit_callbacks(execute=False):
        unwanted = notify(user=alice, title="Not by email", category=NotificationCategory.TRACKER)
        in_app = notify(user=alice, title="Welcome", send_email=False)
    age(unwanted)
    age(in_app)

    assert jobs_requeue_stalled() == 0
    assert mailoutbox == []


def test_an_email_the_user_stopped_wanting_is_no_longer_owed(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    alice.email_categories = [NotificationCategory.TRACKER]
    alice.save()
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify(user=alice, title="Follow up", category=NotificationCategory.TRACKER)
    alice.email_categories = []
    alice.save()
    age(notification)

    assert jobs_requeue_stalled() == 1  # runs, finds the email unwanted
    assert jobs_requeue_stalled() == 0

    notification.refresh_from_db()
    assert not notification.email_pending and notification.emailed_at is None
    assert mailoutbox == []


def test_an_old_owed_email_is_given_up(alice, django_capture_on_commit_callbacks):
    alice.email_categories = [NotificationCategory.TRACKER]
    alice.save()
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify(user=alice, title="Follow up", category=NotificationCategory.TRACKER)
    age(notification, minutes=3 * 24 * 60)

    assert jobs_requeue_stalled() == 0


# --- Course notifications ---------------------------------------------------------------------
def test_an_assignment_published_while_the_broker_lost_its_message_is_announced(
    django_capture_on_commit_callbacks,
):
    """Guards course notifications on a broker outage: before, nothing sent them later."""
    from courses import services as course_services
    from courses.models import Assignment
    from courses.tests.factories import make_assignment, make_course, make_student

    course = make_course()
    student = make_student(course)
    assignment = make_assignment(course, published=False)
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        course_services.assignment_publish(assignment=assignment)
    Assignment.objects.filter(pk=assignment.pk).update(
        published_at=timezone.now() - dt.timedelta(minutes=5)
    )

    assert jobs_requeue_stalled() >= 1
    assert jobs_requeue_stalled() == 0

    assignment.refresh_from_db()
    assert assignment.publish_notified_at is not None
    assert Notification.objects.filter(user=student, title__contains=assignment.title).count() == 1


def test_a_grade_released_while_the_broker_lost_its_message_is_announced(
    django_capture_on_commit_callbacks,
):
    from courses import services as course_services
    from courses.models import Submission
    from courses.tests.factories import hand_in, make_assignment, make_course, make_student

    course = make_course()
    student = make_student(course)
    assignment = make_assignment(course)
    with django_capture_on_commit_callbacks(execute=True):
        hand_in(assignment, student)
    Submission.objects.filter(assignment=assignment).update(score=15)
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        course_services.submissions_release(submissions=Submission.objects.all())
    Submission.objects.update(released_at=timezone.now() - dt.timedelta(minutes=5))

    assert jobs_requeue_stalled() >= 1

    submission = Submission.objects.get()
    assert submission.release_notified_at is not None
    assert Notification.objects.filter(user=student, title__startswith="Grade released").exists()
