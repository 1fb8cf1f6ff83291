"""Signed-in responses carry `Cache-Control: no-store`; public pages stay cacheable."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = (
    "dashboard",
    "accounts:profile",
    "tracker:settings",
    "tracker:board",
    "resumes:resume_list",
    "courses:list",
)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_are_never_stored(alice_client, name):
    response = alice_client.get(reverse(name))

    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_the_settings_page_with_the_secret_calendar_url_is_not_stored(alice_client, alice):
    from tracker.services.preferences import preferences_get

    response = alice_client.get(reverse("tracker:settings"))

    assert preferences_get(user=alice).calendar_token in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_are_not_marked_private(client):
    response = client.get(reverse("pricing"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
