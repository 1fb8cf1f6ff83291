"""Passwords: at least 12 characters, and none from the leaked-password lists (offline)."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.passwords import is_leaked

pytestmark = pytest.mark.django_db


def _sign_up(client, password: str):
    return client.post(
        reverse("account_signup"),
        {"email": "erin@example.com", "password1": password, "password2": password},
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Tulip-Jar-9", "at least 12 characters"),  # 11 characters
        ("qwertyuiop123", "leaked passwords"),
        ("L3AVEMEAL0NE", "leaked passwords"),  # l33t and capitals do not hide it
        ("1q2w3e4r5t6y", "leaked passwords"),
    ],
)
def test_sign_up_refuses_short_and_leaked_passwords_with_a_clear_message(client, password, message):
    response = _sign_up(client, password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="erin@example.com").exists()


def test_a_long_unlisted_passphrase_is_accepted(client):
    response = _sign_up(client, "Tulip-Jar-Monsoon-81")

    assert response.status_code == 302
    assert User.objects.filter(email="erin@example.com").exists()


def test_the_leak_check_matches_whole_passwords_only():
    assert is_leaked("password") and is_leaked("PASSWORD") and is_leaked("drowssap")
    assert not is_leaked("my password is long and mine")
    assert not is_leaked("x" * 500)  # very long input is not run through the matcher
