"""Bob gets 404 on every tracker URL that names one of Alice's objects.

The test walks the tracker URL conf: a new URL with an object in its path fails here
until it is added to OBJECT_URLS, so no URL can be forgotten.
"""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tracker import services
from tracker.models import Application, Contact, ExportJob, Interview, Status

from .factories import make_application, make_contact, make_interview

pytestmark = pytest.mark.django_db

# URL name -> which of Alice's objects fill its path.
OBJECT_URLS = {
    "board_move": {"pk": "application"},
    "application_detail": {"pk": "application"},
    "application_edit": {"pk": "application"},
    "application_move": {"pk": "application"},
    "application_archive": {"pk": "application"},
    "application_unarchive": {"pk": "application"},
    "application_delete": {"pk": "application"},
    "application_follow_up": {"pk": "application"},
    "application_contact_create": {"pk": "application"},
    "application_contact_link": {"pk": "application"},
    "application_contact_unlink": {"pk": "application", "contact_pk": "contact"},
    "interview_create": {"pk": "application"},
    "contact_detail": {"pk": "contact"},
    "contact_edit": {"pk": "contact"},
    "contact_delete": {"pk": "contact"},
    "interview_edit": {"pk": "interview"},
    "interview_delete": {"pk": "interview"},
    "import_preview": {"pk": "import"},
    "import_confirm": {"pk": "import"},
    "export_detail": {"pk": "export"},
    "export_retry": {"pk": "export"},
    "export_download": {"pk": "export"},
    "token_revoke": {"pk": "token"},
    "calendar_feed": {"token": "calendar_token"},
    "calendar_kind_feed": {"token": "calendar_token"},  # and a kind: tests/test_calendar.py
}


def tracker_patterns() -> list[URLPattern]:
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "tracker"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


@pytest.fixture
def alices_things(alice):
    app = make_application(alice, status=Status.APPLIED)
    contact = make_contact(alice)
    contact.applications.add(app)
    interview = make_interview(app)
    csv_import = services.csv_import_upload(
        user=alice, filename="a.csv", raw=b"Company,Position\nAcme,Dev\n"
    )
    export = services.export_request(user=alice, format="csv")
    token, _ = services.api_token_create(user=alice, name="ext")
    prefs = services.preferences_get(user=alice)
    return {
        "application": app.pk,
        "contact": contact.pk,
        "interview": interview.pk,
        "import": csv_import.pk,
        "export": export.pk,
        "token": token.pk,
        "calendar_token": prefs.calendar_token,
    }


def test_every_url_with_an_object_in_its_path_is_covered():
    with_args = {p.name for p in tracker_patterns() if p.pattern.converters}
    assert with_args == set(OBJECT_URLS), "add new URLs to OBJECT_URLS with the object they name"


@pytest.mark.django_db(transaction=False)
def test_bob_gets_404_on_every_url_of_alices(
    alice, bob, client, alices_things, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    bob_prefs = services.preferences_get(user=bob)
    for pattern in tracker_patterns():
        if not pattern.pattern.converters:
            continue
        if pattern.name in ("calendar_feed", "calendar_kind_feed"):
            continue  # secret-token URLs: covered below and in test_calendar.py
        kwargs = {arg: alices_things[kind] for arg, kind in OBJECT_URLS[pattern.name].items()}
        url = reverse(f"tracker:{pattern.name}", kwargs=kwargs)
        assert client.get(url).status_code in (404, 405), f"GET {url}"
        assert client.post(url, {"status": Status.REJECTED, "name": "x"}).status_code == 404, (
            f"POST {url}"
        )
        assert (
            client.post(url, {"status": Status.REJECTED}, HTTP_HX_REQUEST="true").status_code == 404
        ), url
    # Nothing of Alice's changed.
    app = Application.objects.get(pk=alices_things["application"])
    assert app.status == Status.APPLIED and app.archived_at is None
    assert Contact.objects.filter(pk=alices_things["contact"]).exists()
    assert Interview.objects.filter(pk=alices_things["interview"]).exists()
    assert ExportJob.objects.filter(pk=alices_things["export"]).exists()
    assert alice.api_tokens.get().revoked_at is None
    assert bob_prefs.calendar_token != alices_things["calendar_token"]


def test_bobs_bulk_action_on_alices_ids_changes_nothing(bob_client, alice):
    app = make_application(alice, status=Status.APPLIED)
    for action in ("delete", "archive", "status"):
        bob_client.post(
            reverse("tracker:application_bulk"),
            {"ids": [app.pk], "action": action, "status": "rejected"},
        )
    app.refresh_from_db()
    assert app.status == Status.APPLIED and app.archived_at is None


def test_unknown_or_old_calendar_tokens_get_404(alice, client, alices_things):
    assert (
        client.get(
            reverse("tracker:calendar_feed", args=[alices_things["calendar_token"]])
        ).status_code
        == 200
    )
    services.calendar_token_regenerate(user=alice)
    assert (
        client.get(
            reverse("tracker:calendar_feed", args=[alices_things["calendar_token"]])
        ).status_code
        == 404
    )
    assert client.get(reverse("tracker:calendar_feed", args=["not-a-token"])).status_code == 404


def test_lists_only_show_the_users_own_objects(alice, bob, bob_client):
    app = make_application(alice, company="AliceCorp")
    contact = make_contact(alice, name="Alice's recruiter")
    make_interview(app)
    for name in (
        "tracker:board",
        "tracker:application_list",
        "tracker:contact_list",
        "tracker:interview_list",
        "tracker:reminders",
    ):
        html = bob_client.get(reverse(name)).content.decode()
        assert "AliceCorp" not in html, name
        assert contact.name not in html, name
