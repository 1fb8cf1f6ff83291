"""Sessions: a new id at sign-in, "sign out other sessions" after a password change, and
the password asked again before email or MFA changes in an old session."""

from __future__ import annotations

import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD

from .conftest import signed_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Brand-New-Passphrase-77"


def is_signed_in(client: Client) -> bool:
    response = client.get(reverse("accounts:profile"))
    return response.status_code == 200


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


# --- Session fixation --------------------------------------------------------------------


def test_signing_in_issues_a_new_session_id(client, alice):
    # An attacker plants a session id in the victim's browser before the sign-in.
    planted = session_store()()
    planted["planted"] = True
    planted.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key

    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    assert not session_store()().exists(planted.session_key), "the planted session survived"
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert not is_signed_in(attacker)


def test_signing_out_ends_the_session_on_the_server(alice):
    client = signed_in(alice)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert not is_signed_in(replay)


def test_session_cookie_flags():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")


# --- Sign out other sessions ----------------------------------------------------------------


def test_sign_out_of_all_other_sessions(alice):
    laptop, phone = signed_in(alice), signed_in(alice, HTTP_USER_AGENT="Phone")
    assert is_signed_in(laptop) and is_signed_in(phone)

    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Sign out of all other sessions" in page

    response = laptop.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_a_password_change_signs_out_the_other_sessions_and_says_so(alice, run_on_commit):
    """Django ends every session that holds the old password's hash; the user lands on the
    sessions page, which says so and lists where the account is still signed in."""
    laptop, phone = signed_in(alice), signed_in(alice)
    with run_on_commit():
        response = laptop.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            follow=True,
        )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("usersessions_list"))
    assert "Your password is changed" in page
    assert "has been signed out" in page
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_after_an_mfa_change_the_user_is_offered_to_sign_out_the_others(alice):
    laptop, phone = signed_in(alice), signed_in(alice)
    reauthenticate(laptop)
    page = laptop.get(reverse("mfa_index")).content.decode()
    assert "Sign out of all other sessions" in page
    assert f'action="{reverse("usersessions_list")}"' in page

    laptop.post(reverse("usersessions_list"))

    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_the_profile_links_to_the_sessions_page(alice_client):
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("usersessions_list") in page


# --- Re-authentication ----------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def __getattr__(self, name):
        return getattr(time, name)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """allauth stamps sign-ins and checks their age with time.time(): moved forward here."""
    fake = Clock()
    monkeypatch.setattr("allauth.account.internal.flows.reauthentication.time", fake)
    monkeypatch.setattr("allauth.account.internal.flows.login.time", fake)
    return fake


def reauthenticate(client: Client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_changing_the_email_in_an_old_session_asks_for_the_password(alice, clock):
    client = signed_in(alice)
    reauthenticate(client)
    clock.offset = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60

    response = client.post(
        reverse("account_email"), {"email": "alice.new@example.com", "action_add": ""}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not alice.emailaddress_set.filter(email="alice.new@example.com").exists()

    reauthenticate(client)  # the password again: the change goes through
    response = client.post(
        reverse("account_email"), {"email": "alice.new@example.com", "action_add": ""}
    )
    assert alice.emailaddress_set.filter(email="alice.new@example.com").exists()


def test_a_fresh_sign_in_may_change_the_email_without_asking_again(alice, clock):
    client = signed_in(alice)
    reauthenticate(client)
    response = client.post(
        reverse("account_email"), {"email": "alice.new@example.com", "action_add": ""}
    )
    assert not response.get("Location", "").startswith(reverse("account_reauthenticate"))
    assert alice.emailaddress_set.filter(email="alice.new@example.com").exists()


@pytest.mark.parametrize(
    "url_name", ["mfa_activate_totp", "mfa_generate_recovery_codes", "mfa_add_webauthn"]
)
def test_mfa_pages_in_an_old_session_ask_for_the_password(alice, clock, url_name):
    client = signed_in(alice)
    reauthenticate(client)
    clock.offset = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
