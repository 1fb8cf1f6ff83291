"""Notifications (E10): new assignment, due in 24 h (beat, idempotent), late work, grades."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification, NotificationCategory
from courses import services
from courses.models import DueReminder

from .factories import hand_in, make_assignment, make_student

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_publishing_notifies_each_student_once(
    course, student, instructor, django_capture_on_commit_callbacks
):
    other = make_student(course)
    assignment = make_assignment(course, title="Elevator pitch", published=False)
    assignment.publish_notified_at = None
    assignment.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.assignment_publish(assignment=assignment) is True
        assert services.assignment_publish(assignment=assignment) is False
    for user in (student, other):
        note = Notification.objects.get(user=user)
        assert note.title == "New assignment in Career Launch: Elevator pitch"
        assert note.category == NotificationCategory.COURSES
        assert note.url == assignment.get_absolute_url()
    assert titles(instructor) == []
    assert services.assignment_published_notify_run(assignment_id=assignment.pk) == 0


def test_due_in_24h_reminds_only_students_who_have_not_submitted_and_only_once(course, student):
    done = make_student(course)
    assignment = make_assignment(course, title="Cover letter", due_in=dt.timedelta(hours=20))
    make_assignment(course, title="Later", due_in=dt.timedelta(hours=30))
    make_assignment(course, title="Past", due_in=-dt.timedelta(hours=1))
    make_assignment(course, title="Hidden", due_in=dt.timedelta(hours=5), published=False)
    hand_in(assignment, done)
    services.submission_save_draft(assignment=assignment, student=student, text="draft only")

    assert services.due_reminders_send() == 1
    assert titles(student) == ["Due in 24 hours: Cover letter"]
    assert titles(done) == []
    # Beat runs again (or twice at once): nobody is reminded twice.
    assert services.due_reminders_send() == 0
    assert services.due_reminders_send(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert DueReminder.objects.count() == 1


def test_due_reminder_body_uses_the_students_time_zone(course):
    student = make_student(course, timezone="Asia/Tokyo")
    due = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    make_assignment(course, title="Mock interview", due_at=due)
    services.due_reminders_send(now=due - dt.timedelta(hours=3))
    body = Notification.objects.get(user=student).body
    assert "18:00 JST" in body


def test_the_beat_schedule_runs_the_reminder_task():
    entry = settings.CELERY_BEAT_SCHEDULE["courses-due-in-24h-reminders"]
    assert entry["task"] == "courses.tasks.due_reminders_send"
    from courses.tasks import due_reminders_send

    assert due_reminders_send.name == entry["task"]


def test_late_work_tells_the_instructors_but_on_time_work_does_not(course, student, instructor):
    due = timezone.now() - dt.timedelta(hours=2)
    assignment = make_assignment(course, title="Portfolio", due_at=due)
    hand_in(assignment, student, now=due - dt.timedelta(minutes=1))
    assert titles(instructor) == []
    hand_in(assignment, student, now=due + dt.timedelta(minutes=1))
    note = Notification.objects.get(user=instructor)
    assert note.title == "Late submission: Sam Student · Portfolio"
    assert "1 day after the due date" in note.body
    assert note.url.startswith("/admin/courses/assignment/")
