"""The calendar: one private ICS feed per kind of event (parsed back with icalendar) and
the month view, both in the user's time zone."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseRole
from courses.services import enrollment_add
from courses.tests.factories import make_assignment, make_course
from tracker import services
from tracker.models import Application, Status

from .factories import bulk_applications, make_application, make_interview

pytestmark = pytest.mark.django_db


def token_of(user) -> str:
    return services.preferences_get(user=user).calendar_token


def feed(client, user, kind: str) -> icalendar.Calendar:
    response = client.get(reverse("tracker:calendar_kind_feed", args=[token_of(user), kind]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def applied(user, *, days_ago: int, **data) -> Application:
    return make_application(
        user, status=Status.APPLIED, at=timezone.now() - dt.timedelta(days=days_ago), **data
    )


@pytest.fixture
def job_search(alice, bob):
    """Alice: a deadline, a follow-up due, an interview; Bob: one of each too."""
    today = timezone.localdate()
    for user in (alice, bob):
        deadline_app = make_application(
            user, company="Acme", position="SRE", deadline=today + dt.timedelta(days=5)
        )
        quiet = applied(user, days_ago=10, company="Initech", position="Analyst")
        interview = make_interview(deadline_app, starts_at=timezone.now() + dt.timedelta(days=2))
    return deadline_app, quiet, interview


def test_each_kind_is_its_own_calendar_with_stable_uids(alice, client, job_search):
    app = Application.objects.get(user=alice, company="Acme")
    quiet = Application.objects.get(user=alice, company="Initech")
    deadlines = events_by_uid(feed(client, alice, "deadlines"))
    assert list(deadlines) == [f"deadline-{app.pk}@careercopilot"]
    event = deadlines[f"deadline-{app.pk}@careercopilot"]
    assert event.decoded("DTSTART") == app.deadline  # an all-day date, not a time
    assert event.decoded("DTEND") == app.deadline + dt.timedelta(days=1)
    assert str(event["SUMMARY"]) == "Deadline: SRE at Acme"

    follow_ups = events_by_uid(feed(client, alice, "follow-ups"))
    assert list(follow_ups) == [f"follow-up-{quiet.pk}@careercopilot"]
    # 10 days in Applied with a 7-day rule: overdue, so it sits on today until done.
    assert (
        follow_ups[f"follow-up-{quiet.pk}@careercopilot"].decoded("DTSTART") == timezone.localdate()
    )

    interviews = events_by_uid(feed(client, alice, "interviews"))
    assert len(interviews) == 1 and next(iter(interviews)).startswith("interview-")
    everything = events_by_uid(feed(client, alice, "all"))
    assert set(everything) == set(deadlines) | set(follow_ups) | set(interviews)

    later = app.deadline + dt.timedelta(days=2)
    services.application_update(application=app, data={"deadline": later})
    moved = events_by_uid(feed(client, alice, "deadlines"))[f"deadline-{app.pk}@careercopilot"]
    assert moved.decoded("DTSTART") == later


def test_following_up_moves_the_reminder_and_closing_removes_the_deadline(alice, client):
    quiet = applied(alice, days_ago=10)
    services.application_mark_followed_up(application=quiet)
    event = next(iter(feed(client, alice, "follow-ups").walk("VEVENT")))
    assert event.decoded("DTSTART") == timezone.localdate() + dt.timedelta(days=7)

    closed = make_application(alice, deadline=timezone.localdate() + dt.timedelta(days=3))
    services.application_move(application=closed, to_status=Status.WITHDRAWN)
    assert list(feed(client, alice, "deadlines").walk("VEVENT")) == []


def test_the_first_feed_address_still_carries_interviews_only(alice, client, job_search):
    response = client.get(reverse("tracker:calendar_feed", args=[token_of(alice)]))
    uids = list(events_by_uid(icalendar.Calendar.from_ical(response.content)))
    assert len(uids) == 1 and uids[0].startswith("interview-")


def test_students_get_their_assignments_due(alice, client):
    course = make_course()
    enrollment_add(course=course, user=alice, role=CourseRole.STUDENT)
    due = make_assignment(course, title="Cover letter", due_in=dt.timedelta(days=4))
    make_assignment(course, title="Draft", published=False)
    other = make_assignment(make_course(code="OTHER-1", title="Other"), title="Not mine")
    events = events_by_uid(feed(client, alice, "assignments"))
    assert list(events) == [f"assignment-{due.pk}@careercopilot"]
    event = events[f"assignment-{due.pk}@careercopilot"]
    assert event.decoded("DTSTART") == due.due_at.replace(microsecond=0)
    assert str(event["SUMMARY"]) == "Due: Cover letter (Career Launch)"
    assert f"assignment-{other.pk}" not in str(feed(client, alice, "all").to_ical())


def test_teaching_staff_do_not_get_assignments_as_due(alice, client):
    course = make_course()
    enrollment_add(course=course, user=alice, role=CourseRole.TA)
    make_assignment(course)
    assert list(feed(client, alice, "assignments").walk("VEVENT")) == []


def test_bob_gets_404_on_alices_feeds_after_rotation_and_never_sees_her_events(
    alice, bob, client, alice_client, job_search
):
    old = token_of(alice)
    bob_events = events_by_uid(feed(client, bob, "all"))
    assert not set(bob_events) & set(events_by_uid(feed(client, alice, "all")))
    alice_client.post(reverse("tracker:calendar_regenerate"))
    for kind in ("interviews", "deadlines", "follow-ups", "assignments", "all"):
        url = reverse("tracker:calendar_kind_feed", args=[old, kind])
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("tracker:calendar_kind_feed", args=[token_of(alice), "x"])).status_code
        == 404
    )
    assert feed(client, alice, "all")


def test_month_view_groups_events_by_the_users_local_day(alice, alice_client):
    """11:30 UTC on 3 December is 00:30 on the 4th in Auckland: the 4th's cell has it."""
    alice.timezone = "Pacific/Auckland"
    alice.save(update_fields=["timezone"])
    app = make_application(alice, company="Kiwi", position="Dev")
    make_interview(app, starts_at=dt.datetime(2030, 12, 3, 11, 30, tzinfo=dt.UTC))
    response = alice_client.get(reverse("tracker:calendar") + "?month=2030-12")
    assert response.status_code == 200
    day = next(
        d for week in response.context["weeks"] for d in week if d.date == dt.date(2030, 12, 4)
    )
    assert [e.title for e in day.events] == ["Video call: Dev at Kiwi"]
    html = response.content.decode()
    assert 'datetime="2030-12-04"' in html and "00:30" in html
    assert 'hx-get="?month=2031-01"' in html and 'href="?month=2030-11"' in html


def test_month_view_navigation_by_htmx_swaps_only_the_month(alice_client):
    response = alice_client.get(
        reverse("tracker:calendar") + "?month=2031-02", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="calendar-month"')
    assert "February 2031" in html and '<nav class="tracker-nav"' not in html


def test_month_view_falls_back_to_this_month_on_a_bad_month(alice_client):
    response = alice_client.get(reverse("tracker:calendar") + "?month=0001-01")
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_month_view_needs_a_signed_in_user(client):
    assert client.get(reverse("tracker:calendar")).status_code == 302


def _month_url() -> str:
    return reverse("tracker:calendar") + "?month=" + timezone.localdate().strftime("%Y-%m")


@pytest.mark.parametrize("rows", [10, 1000])
def test_month_view_query_count_is_constant(
    alice, alice_client, django_assert_max_num_queries, rows
):
    bulk_applications(alice, rows, start=timezone.localdate().replace(day=1))
    Application.objects.filter(user=alice).update(deadline=timezone.localdate())
    for app in Application.objects.filter(user=alice)[:5]:
        make_interview(app)
    with django_assert_max_num_queries(14):
        response = alice_client.get(_month_url())
    assert response.status_code == 200
