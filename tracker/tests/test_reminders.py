import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from tracker import services, tasks
from tracker.models import DigestLog, Status
from tracker.selectors.reminders import (
    deadlines_soon,
    follow_ups_due,
    goal_progress,
    interviews_tomorrow,
)

from .factories import make_application, make_interview

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 14, 9, 0, tzinfo=dt.UTC)  # a Wednesday


def test_follow_up_is_suggested_after_n_days_in_applied_without_change(alice):
    due = make_application(
        alice, company="Due", status=Status.APPLIED, at=NOW - dt.timedelta(days=8)
    )
    make_application(alice, company="Recent", status=Status.APPLIED, at=NOW - dt.timedelta(days=3))
    moved = make_application(
        alice, company="Moved", status=Status.APPLIED, at=NOW - dt.timedelta(days=20)
    )
    services.application_move(
        application=moved, to_status=Status.PHONE_SCREEN, at=NOW - dt.timedelta(days=10)
    )
    assert list(follow_ups_due(alice, now=NOW)) == [due]
    services.preferences_update(user=alice, data={"follow_up_days": 2})
    assert {a.company for a in follow_ups_due(alice, now=NOW)} == {"Due", "Recent"}


def test_following_up_restarts_the_clock(alice):
    app = make_application(alice, status=Status.APPLIED, at=NOW - dt.timedelta(days=30))
    services.application_mark_followed_up(application=app, on=(NOW - dt.timedelta(days=2)).date())
    assert not follow_ups_due(alice, now=NOW).exists()
    assert follow_ups_due(alice, now=NOW + dt.timedelta(days=6)).exists()


def test_deadlines_within_48_hours_and_interviews_tomorrow(alice):
    today = NOW.date()
    soon = make_application(alice, company="Soon", deadline=today + dt.timedelta(days=2))
    make_application(alice, company="Later", deadline=today + dt.timedelta(days=5))
    make_application(alice, company="Past", deadline=today - dt.timedelta(days=1))
    make_application(alice, company="Closed", status=Status.REJECTED, deadline=today)
    assert list(deadlines_soon(alice, now=NOW)) == [soon]

    app = make_application(alice, status=Status.PHONE_SCREEN)
    tomorrow = make_interview(app, starts_at=NOW + dt.timedelta(days=1, hours=2))
    make_interview(app, starts_at=NOW + dt.timedelta(days=3))
    assert list(interviews_tomorrow(alice, now=NOW)) == [tomorrow]


def test_interviews_tomorrow_uses_the_users_time_zone(alice):
    alice.timezone = "Asia/Tokyo"  # 09:00 UTC is 18:00 in Tokyo
    alice.save()
    app = make_application(alice)
    # 23:00 UTC on the 14th is 08:00 on the 15th in Tokyo: "tomorrow" there.
    interview = make_interview(app, starts_at=dt.datetime(2026, 10, 14, 23, 0, tzinfo=dt.UTC))
    assert list(interviews_tomorrow(alice, now=NOW)) == [interview]


def _digest_fixture(user):
    make_application(
        user, company="Followup Inc", status=Status.APPLIED, at=NOW - dt.timedelta(days=10)
    )
    make_application(user, company="Deadline GmbH", deadline=NOW.date() + dt.timedelta(days=1))
    app = make_application(user, company="Interview Ltd", status=Status.TECHNICAL)
    make_interview(app, starts_at=NOW + dt.timedelta(days=1))


def test_digest_sends_one_notification_and_email_with_all_three_kinds(alice):
    _digest_fixture(alice)
    log = services.digest_send(user=alice, now=NOW)
    assert (log.follow_ups, log.deadlines, log.interviews) == (1, 1, 1)
    notification = Notification.objects.get(user=alice)
    assert (
        notification.title
        == "Today: 1 interview tomorrow, 1 deadline within 48 hours, 1 follow-up due"
    )
    for company in ("Followup Inc", "Deadline GmbH", "Interview Ltd"):
        assert company in notification.body
    assert notification.url == reverse("tracker:reminders")


def test_digest_is_idempotent_per_user_per_day(alice, django_capture_on_commit_callbacks):
    _digest_fixture(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send(user=alice, now=NOW) is not None
        assert services.digest_send(user=alice, now=NOW + dt.timedelta(hours=5)) is None
    assert Notification.objects.filter(user=alice).count() == 1
    assert len(mail.outbox) == 1
    assert "Followup Inc" in mail.outbox[0].body
    # The next day is a new digest.
    assert services.digest_send(user=alice, now=NOW + dt.timedelta(days=1)) is not None
    assert DigestLog.objects.filter(user=alice).count() == 2


def test_nothing_to_say_sends_nothing(alice):
    make_application(alice, status=Status.SAVED)
    assert services.digest_send(user=alice, now=NOW) is None
    assert not Notification.objects.exists()


def test_beat_task_queues_due_users_once_and_respects_opt_out(
    alice, bob, django_capture_on_commit_callbacks, monkeypatch
):
    _digest_fixture(alice)
    _digest_fixture(bob)
    services.preferences_update(user=bob, data={"digest_enabled": False})
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.digest_send_due() == 1
        assert tasks.digest_send_due() == 0
    assert Notification.objects.filter(user=alice).count() == 1
    assert not Notification.objects.filter(user=bob).exists()


def test_beat_task_waits_for_the_users_morning(alice, monkeypatch):
    alice.timezone = "America/Los_Angeles"  # 09:00 UTC is 02:00 in Los Angeles
    alice.save()
    _digest_fixture(alice)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    assert tasks.digest_send_due() == 0


def test_digest_task_is_on_the_beat_schedule(settings):
    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "tracker.tasks.digest_send_due"
    ]
    assert len(entries) == 1


# --- Weekly goal and streak ---------------------------------------------------------------


def test_goal_progress_and_streak(alice):
    services.preferences_update(user=alice, data={"weekly_goal": 2})
    today = dt.date(2026, 10, 14)  # Wednesday
    monday = today - dt.timedelta(days=2)
    for weeks_ago, count in ((1, 2), (2, 3), (3, 1), (4, 5)):
        for _ in range(count):
            make_application(
                alice, status=Status.APPLIED, applied_on=monday - dt.timedelta(weeks=weeks_ago)
            )
    make_application(alice, status=Status.APPLIED, applied_on=today)
    progress = goal_progress(alice, today=today)
    assert (progress.goal, progress.this_week, progress.met) == (2, 1, False)
    assert progress.streak == 2  # the last two full weeks; this week is still open
    make_application(alice, status=Status.APPLIED, applied_on=today)
    progress = goal_progress(alice, today=today)
    assert progress.met and progress.streak == 3
    assert progress.weeks[-1] == (monday, 2)


def test_goal_shows_on_the_board_and_the_dashboard_widget_renders(alice, alice_client):
    make_application(alice, status=Status.APPLIED)
    html = alice_client.get(reverse("tracker:board")).content.decode()
    assert "1/5 this week · 0-week streak" in html
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = alice
    rendered = Template("{% load tracker_tags %}{% tracker_dashboard %}").render(
        Context({"request": request})
    )
    assert "of 5 applications this week" in rendered
    # Nothing due: one empty state with a next action, not a list of zeros.
    assert "Nothing to chase today" in rendered
    assert "0 follow-ups" not in rendered
    assert reverse("tracker:application_create") in rendered


def test_reminders_page_lists_follow_ups_and_follow_up_button_returns_there(alice, alice_client):
    app = make_application(
        alice, company="Quiet Corp", status=Status.APPLIED, at=timezone.now() - dt.timedelta(days=9)
    )
    html = alice_client.get(reverse("tracker:reminders")).content.decode()
    assert "Quiet Corp" in html
    response = alice_client.post(
        reverse("tracker:application_follow_up", args=[app.pk]),
        {"next": reverse("tracker:reminders")},
    )
    assert response.url == reverse("tracker:reminders")
    assert "Quiet Corp" not in alice_client.get(reverse("tracker:reminders")).content.decode()


def test_settings_page_saves_preferences_and_validates(alice, alice_client):
    response = alice_client.post(
        reverse("tracker:settings"), {"follow_up_days": "0", "weekly_goal": "3"}
    )
    assert response.status_code == 422
    assert 'value="3"' in response.content.decode()
    alice_client.post(
        reverse("tracker:settings"),
        {"follow_up_days": "10", "weekly_goal": "3", "digest_enabled": "on"},
    )
    prefs = services.preferences_get(user=alice)
    assert (prefs.follow_up_days, prefs.weekly_goal, prefs.digest_enabled) == (10, 3, True)
