import pytest
from django.urls import reverse

from .factories import PASSWORD
from .helpers import sign_in

pytestmark = pytest.mark.django_db


def test_repeated_failed_sign_ins_are_locked_out_even_with_the_right_password(client, alice):
    for _ in range(5):
        response = sign_in(client, alice.email, "wrong-password-123")
        assert response.status_code == 200
        assert b"Too many failed login attempts" not in response.content

    response = sign_in(client, alice.email, PASSWORD)

    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_failed_attempts_on_one_account_do_not_lock_another(client, alice, bob):
    for _ in range(5):
        sign_in(client, alice.email, "wrong-password-123")
    response = sign_in(client, bob.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
