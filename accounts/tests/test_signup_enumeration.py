"""Sign-up does the same work whether or not the address has an account: the same page,
one email, and one password hash (the costly step), so neither the response nor its
timing tells an attacker which addresses are registered."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

pytestmark = pytest.mark.django_db

HASHED: list[str] = []


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"

    def encode(self, password, salt):
        HASHED.append(password)
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["accounts.tests.test_signup_enumeration.CountingHasher"]
    HASHED.clear()
    return HASHED


def _sign_up(client, email):
    password = "Tulip-Jar-Monsoon-81"
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


def test_a_taken_address_costs_the_same_hashing_and_gets_the_same_answer(
    client, alice, counting_hasher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = _sign_up(client, "newcomer@example.com")
    hashes_for_new = len(counting_hasher)
    counting_hasher.clear()
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        taken = _sign_up(client, alice.email)

    assert hashes_for_new == 1
    assert len(counting_hasher) == 1  # the same costly step, on a throwaway password
    assert (new.status_code, new.url) == (taken.status_code, taken.url)
    assert len(mailoutbox) == 2  # one email each: a confirmation, an "already registered"
