import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from tracker import services
from tracker.models import Contact, Interview, Status

from .factories import make_application, make_contact, make_interview

pytestmark = pytest.mark.django_db


def test_contact_create_edit_link_unlink_delete(alice, alice_client):
    app = make_application(alice, company="Acme")
    response = alice_client.post(
        reverse("tracker:contact_create"),
        {
            "name": "Sam Recruiter",
            "role": "recruiter",
            "company": "Acme",
            "email": "sam@acme.test",
            "linkedin_url": "linkedin.com/in/sam",
        },
    )
    contact = Contact.objects.get(user=alice)
    assert response.status_code == 302
    assert contact.linkedin_url == "https://linkedin.com/in/sam"
    alice_client.post(
        reverse("tracker:application_contact_link", args=[app.pk]), {"contact": contact.pk}
    )
    assert list(contact.applications.all()) == [app]
    html = alice_client.get(reverse("tracker:application_detail", args=[app.pk])).content.decode()
    assert "Sam Recruiter" in html
    alice_client.post(reverse("tracker:application_contact_unlink", args=[app.pk, contact.pk]))
    assert not contact.applications.exists()
    alice_client.post(
        reverse("tracker:contact_edit", args=[contact.pk]), {"name": "Sam R.", "role": "referrer"}
    )
    contact.refresh_from_db()
    assert (contact.name, contact.role) == ("Sam R.", "referrer")
    alice_client.post(reverse("tracker:contact_delete", args=[contact.pk]))
    assert not Contact.objects.exists()


def test_new_contact_from_an_application_is_linked(alice, alice_client):
    app = make_application(alice)
    alice_client.post(
        reverse("tracker:application_contact_create", args=[app.pk]),
        {"name": "Rita Referrer", "role": "referrer"},
    )
    assert app.contacts.get().name == "Rita Referrer"


def test_bob_cannot_link_his_contact_to_alices_application_nor_alices_to_his(
    alice, bob, bob_client
):
    alices_contact = make_contact(alice)
    bobs_app = make_application(bob)
    response = bob_client.post(
        reverse("tracker:application_contact_link", args=[bobs_app.pk]),
        {"contact": alices_contact.pk},
        follow=True,
    )
    assert "Choose one of your contacts." in response.content.decode()
    assert not bobs_app.contacts.exists()


def test_invalid_contact_keeps_input(alice_client):
    response = alice_client.post(
        reverse("tracker:contact_create"), {"name": "", "email": "not-an-email", "company": "Acme"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a valid email address." in html and 'value="Acme"' in html


def test_interview_times_are_entered_in_the_users_time_zone(alice, alice_client):
    alice.timezone = "America/New_York"
    alice.save()
    app = make_application(alice, status=Status.PHONE_SCREEN)
    response = alice_client.post(
        reverse("tracker:interview_create", args=[app.pk]),
        {
            "kind": "video",
            "starts_at": "2026-12-01T09:30",
            "ends_at": "2026-12-01T10:15",
            "meeting_url": "https://meet.example.com/abc",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get()
    ny = zoneinfo.ZoneInfo("America/New_York")
    assert interview.starts_at == dt.datetime(2026, 12, 1, 9, 30, tzinfo=ny)
    assert interview.starts_at.astimezone(dt.UTC).hour == 14
    html = alice_client.get(reverse("tracker:application_detail", args=[app.pk])).content.decode()
    assert "09:30" in html


def test_interview_must_end_after_it_starts(alice, alice_client):
    app = make_application(alice)
    response = alice_client.post(
        reverse("tracker:interview_create", args=[app.pk]),
        {
            "kind": "video",
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T09:00",
            "location": "HQ",
        },
    )
    assert response.status_code == 422
    assert "The interview must end after it starts." in response.content.decode()
    assert 'value="HQ"' in response.content.decode()
    assert not Interview.objects.exists()


def test_interview_edit_bumps_sequence_and_delete(alice, alice_client):
    app = make_application(alice)
    interview = make_interview(app)
    alice_client.post(
        reverse("tracker:interview_edit", args=[interview.pk]),
        {
            "kind": "onsite",
            "starts_at": "2026-12-02T13:00",
            "ends_at": "2026-12-02T15:00",
            "location": "Office",
        },
    )
    interview.refresh_from_db()
    assert (interview.kind, interview.sequence) == ("onsite", 1)
    alice_client.post(reverse("tracker:interview_delete", args=[interview.pk]))
    assert not Interview.objects.exists()


def _feed(client, user) -> icalendar.Calendar:
    token = services.preferences_get(user=user).calendar_token
    response = client.get(reverse("tracker:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_ics_feed_parses_and_carries_stable_uids(alice, bob, client):
    app = make_application(alice, company="Acme", position="SRE", status=Status.PHONE_SCREEN)
    starts = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
    interview = make_interview(
        app, starts_at=starts, minutes=60, location="Zoom", notes="Ask about on-call"
    )
    make_interview(make_application(bob), starts_at=starts)

    calendar = _feed(client, alice)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Video call: SRE at Acme"
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + dt.timedelta(hours=1)
    assert str(event["LOCATION"]) == "Zoom"
    assert "Ask about on-call" in str(event["DESCRIPTION"])
    uid = str(event["UID"])
    assert uid == f"interview-{interview.uid}@careercopilot"

    services.interview_update(interview=interview, data={"location": "Office"})
    event = next(iter(_feed(client, alice).walk("VEVENT")))
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert str(event["LOCATION"]) == "Office"


def test_ics_feed_of_a_user_without_interviews_is_a_valid_empty_calendar(alice, client):
    calendar = _feed(client, alice)
    assert calendar["VERSION"] == "2.0"
    assert list(calendar.walk("VEVENT")) == []


def test_regenerating_the_feed_token_from_settings(alice, alice_client, client):
    old = services.preferences_get(user=alice).calendar_token
    alice_client.post(reverse("tracker:calendar_regenerate"))
    new = services.preferences_get(user=alice).calendar_token
    assert new != old
    assert client.get(reverse("tracker:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("tracker:calendar_feed", args=[new])).status_code == 200
    assert new in alice_client.get(reverse("tracker:settings")).content.decode()
