import pytest
from django.urls import reverse

from tracker.models import Status

from .factories import make_application, make_contact, make_interview

pytestmark = pytest.mark.django_db

PAGES = [
    "tracker:board",
    "tracker:application_list",
    "tracker:application_create",
    "tracker:contact_list",
    "tracker:contact_create",
    "tracker:interview_list",
    "tracker:analytics",
    "tracker:reminders",
    "tracker:import_upload",
    "tracker:export_create",
    "tracker:settings",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_tracker_page_renders_for_a_new_user(alice_client, name):
    response = alice_client.get(reverse(name))
    assert response.status_code == 200, response.content[:2000]


@pytest.mark.parametrize("name", PAGES)
def test_every_tracker_page_renders_with_data(alice, alice_client, name):
    app = make_application(alice, status=Status.APPLIED, tags=["remote"], deadline=None)
    make_application(alice, status=Status.OFFER)
    contact = make_contact(alice)
    contact.applications.add(app)
    make_interview(app)
    response = alice_client.get(reverse(name))
    assert response.status_code == 200


def test_object_pages_render(alice, alice_client):
    app = make_application(alice, status=Status.APPLIED, tags=["remote"])
    contact = make_contact(alice)
    contact.applications.add(app)
    interview = make_interview(app, location="HQ")
    for url in (
        reverse("tracker:application_detail", args=[app.pk]),
        reverse("tracker:application_edit", args=[app.pk]),
        reverse("tracker:contact_detail", args=[contact.pk]),
        reverse("tracker:contact_edit", args=[contact.pk]),
        reverse("tracker:interview_edit", args=[interview.pk]),
        reverse("tracker:interview_create", args=[app.pk]),
        reverse("tracker:application_contact_create", args=[app.pk]),
    ):
        assert alice_client.get(url).status_code == 200, url


def test_pages_require_sign_in(client):
    response = client.get(reverse("tracker:board"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_signed_out_htmx_requests_get_a_client_redirect_to_sign_in(client):
    response = client.get(reverse("tracker:application_list"), HTTP_HX_REQUEST="true")
    assert reverse("account_login") in response["HX-Redirect"]
