"""Sign-in rate limits (settings.ACCOUNT_RATE_LIMITS["login_failed"] = "10/m/ip,5/300s/key").

- 5 failed sign-ins for one account lock it for 5 minutes, even with the right password;
  the user reads why on the sign-in page and can still reset the password, which lifts
  the lock at once.
- 10 failed sign-ins from one IP address in a minute stop that address for every account;
  another address is not affected, and a forged X-Forwarded-For does not get around it.
- After the window, the right password signs in again.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.helpers import link_from_mail

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts"
WRONG = "Wrong-Passphrase-000"
NEW_PASSWORD = "Brand-New-Passphrase-77"


def sign_in(client: Client, email: str, password: str, ip: str = "203.0.113.7", **headers):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip, **headers
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


class Clock:
    """allauth's rate limiter reads time.time(); this one can be moved forward."""

    def __init__(self):
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def __getattr__(self, name):
        return getattr(time, name)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("allauth.core.internal.ratelimit.time", fake)
    return fake


def test_the_configured_limits_are_in_force():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/300s/key"


def test_five_failures_lock_the_account_with_a_clear_message_and_a_reset_link(client, alice):
    for _ in range(5):
        response = sign_in(client, alice.email, WRONG)
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()

    response = sign_in(client, alice.email, PASSWORD)  # even the right password

    page = response.content.decode()
    assert response.status_code == 200 and not signed_in(client)
    assert LOCKED in page
    assert reverse("account_reset_password") in page  # the way out is on the page


def test_a_locked_out_user_resets_the_password_and_signs_in_at_once(
    client, alice, mailoutbox, run_on_commit
):
    for _ in range(6):
        sign_in(client, alice.email, WRONG)
    assert LOCKED in sign_in(client, alice.email, PASSWORD).content.decode()

    with run_on_commit():
        response = client.post(reverse("account_reset_password"), {"email": alice.email})
    assert response.status_code == 302 and len(mailoutbox) == 1
    page = client.get(link_from_mail(mailoutbox[0], "/accounts/password/reset/key/"), follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    with run_on_commit():
        done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    response = sign_in(client, alice.email, NEW_PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_failures_from_one_address_stop_it_for_every_account(client):
    victims = [UserFactory(email=f"user{i}@example.com") for i in range(3)]
    target = UserFactory(email="target@example.com")
    for victim, tries in zip(victims, (4, 4, 2), strict=True):  # below each account's limit
        for _ in range(tries):
            sign_in(client, victim.email, WRONG, ip="198.51.100.1")

    response = sign_in(client, target.email, PASSWORD, ip="198.51.100.1")
    assert LOCKED in response.content.decode() and not signed_in(client)

    forged = Client()
    response = sign_in(
        forged, target.email, PASSWORD, ip="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.55"
    )
    assert LOCKED in response.content.decode() and not signed_in(forged)

    elsewhere = Client()
    response = sign_in(elsewhere, target.email, PASSWORD, ip="198.51.100.2")
    assert response.status_code == 302 and signed_in(elsewhere)


def test_the_right_password_works_again_after_the_window(client, alice, clock):
    for _ in range(5):
        sign_in(client, alice.email, WRONG)
    assert LOCKED in sign_in(client, alice.email, PASSWORD).content.decode()

    clock.offset = 4 * 60  # still inside the 5 minutes
    assert LOCKED in sign_in(client, alice.email, PASSWORD).content.decode()

    clock.offset = 5 * 60 + 1
    response = sign_in(client, alice.email, PASSWORD)
    assert response.status_code == 302 and signed_in(client)
