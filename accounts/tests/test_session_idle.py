"""Sessions end after a period without requests: a week for users, an hour for staff;
and the sites framework's domain follows SITE_URL on every migrate."""

import time

import pytest
from django.apps import apps
from django.contrib.sites.models import Site
from django.urls import reverse

from accounts.middleware import IDLE_KEY
from accounts.signals import site_follows_site_url

pytestmark = pytest.mark.django_db


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[IDLE_KEY] = int(time.time()) - seconds
    session.save()


def test_a_user_idle_for_less_than_the_limit_stays_signed_in(alice_client, settings):
    assert alice_client.get(reverse("dashboard")).status_code == 200
    _idle_for(alice_client, settings.SESSION_IDLE_TIMEOUT - 60)

    assert alice_client.get(reverse("dashboard")).status_code == 200


def test_a_user_idle_past_the_limit_is_signed_out(alice_client, settings):
    alice_client.get(reverse("dashboard"))
    _idle_for(alice_client, settings.SESSION_IDLE_TIMEOUT + 1)

    response = alice_client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in alice_client.session


def test_staff_are_signed_out_after_the_shorter_staff_limit(alice, alice_client, settings):
    assert settings.STAFF_SESSION_IDLE_TIMEOUT < settings.SESSION_IDLE_TIMEOUT
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    alice_client.get(reverse("dashboard"))
    _idle_for(alice_client, settings.STAFF_SESSION_IDLE_TIMEOUT + 1)

    assert alice_client.get(reverse("dashboard")).status_code == 302


def test_the_site_domain_follows_site_url_on_migrate(settings):
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "localhost:8000"})
    settings.SITE_URL = "https://jobs.example.org"

    site_follows_site_url(sender=None, app_config=apps.get_app_config("accounts"))

    assert Site.objects.get(pk=settings.SITE_ID).domain == "jobs.example.org"
    assert Site.objects.get_current().domain == "jobs.example.org"
