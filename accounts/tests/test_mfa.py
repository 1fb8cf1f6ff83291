import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from .helpers import reauthenticate, sign_in

pytestmark = pytest.mark.django_db

SECRET = pyotp.random_base32()


def _enable_totp_for(user) -> list[str]:
    TOTP.activate(user, SECRET)
    return RecoveryCodes.activate(user).get_unused_codes()


def test_user_enables_totp_with_a_code_from_their_app_and_gets_recovery_codes(client, alice):
    sign_in(client, alice.email)
    assert client.get(reverse("mfa_activate_totp")).url.startswith(
        reverse("account_reauthenticate")
    )
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert b'class="totp-qr"' in page.content
    secret = client.session["mfa.totp.secret"]

    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    totp = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(pyotp.TOTP(secret).now())
    codes = Authenticator.objects.get(user=alice, type=Authenticator.Type.RECOVERY_CODES)
    assert len(codes.wrap().get_unused_codes()) == 10
    assert client.get(reverse("mfa_index")).status_code == 200


def test_wrong_totp_code_on_activation_shows_an_error_next_to_the_field(client, alice):
    sign_in(client, alice.email)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code_error"' in html
    assert not Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


def test_sign_in_with_totp_asks_for_the_code_and_a_correct_code_signs_in(client, alice):
    _enable_totp_for(alice)

    response = sign_in(client, alice.email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("mfa_authenticate")).status_code == 200

    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(SECRET).now()})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_wrong_totp_code_does_not_sign_in(client, alice):
    _enable_totp_for(alice)
    sign_in(client, alice.email)
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert b"Incorrect code" in response.content
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_recovery_code_signs_in_once_and_fails_the_second_time(client, alice):
    recovery_code = _enable_totp_for(alice)[0]

    sign_in(client, alice.email)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")

    client.post(reverse("account_logout"))
    sign_in(client, alice.email)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert response.status_code == 200
    assert b"Incorrect code" in response.content
    assert client.get(reverse("dashboard")).status_code == 302


def test_activating_totp_leaves_a_security_notice_in_the_notification_centre(
    client, alice, django_capture_on_commit_callbacks
):
    sign_in(client, alice.email)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    titles = list(alice.notifications.values_list("title", flat=True))
    assert "Authenticator app activated" in titles
