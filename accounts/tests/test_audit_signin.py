"""The audit log records sign-ins and account security changes made through the real
allauth pages: sign-in, failed sign-in, lock-out, MFA, email and password changes."""

from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.audit import AuditAction, AuditEvent

from .factories import PASSWORD, UserFactory
from .helpers import link_from_mail, reauthenticate

pytestmark = pytest.mark.django_db

WRONG = "Wrong-Passphrase-000"
NEW_PASSWORD = "Brand-New-Passphrase-77"
IP = "203.0.113.7"


def sign_in(client, email, password=PASSWORD, ip=IP):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def events(action, **filters):
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("id"))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_sign_in_is_recorded_with_the_account_the_ip_and_the_method(client, alice):
    """Guards the sign-in event: time, actor, subject and the client's address."""
    assert sign_in(client, alice.email).status_code == 302

    [event] = events(AuditAction.LOGIN)
    assert event.actor == alice and event.subject == alice
    assert event.ip == IP and event.created_at is not None
    assert event.detail == {"methods": ["password"]}


def test_a_wrong_password_is_a_failed_sign_in_of_that_account_and_nothing_typed_is_kept(
    client, alice
):
    """Guards failed sign-ins: the account is named, the typed password never stored."""
    sign_in(client, alice.email, WRONG)

    [event] = events(AuditAction.LOGIN_FAILED)
    assert event.subject == alice and event.actor is None and event.ip == IP
    assert event.detail == {"step": "password"}
    assert WRONG not in str(event.detail) and not events(AuditAction.LOGIN)


def test_a_failed_sign_in_for_an_unknown_address_keeps_only_the_ip(client, alice):
    sign_in(client, "nobody@example.com", WRONG)

    [event] = events(AuditAction.LOGIN_FAILED)
    assert event.subject is None and event.ip == IP
    assert "nobody" not in str(event.detail)


def test_the_rate_limit_lock_out_is_recorded_once_per_window(client, alice):
    """Guards lock-outs: the sixth attempt is refused by ACCOUNT_RATE_LIMITS["login_failed"]
    and recorded; further refused attempts in the same window add no rows."""
    for _ in range(5):
        sign_in(client, alice.email, WRONG)
    assert not events(AuditAction.LOCKOUT)

    locked = sign_in(client, alice.email, PASSWORD)  # even the right password is refused
    sign_in(client, alice.email, PASSWORD)

    assert "Too many failed login attempts" in locked.content.decode()
    [event] = events(AuditAction.LOCKOUT)
    assert event.subject == alice and event.ip == IP
    assert len(events(AuditAction.LOGIN_FAILED, subject=alice)) == 5
    assert not events(AuditAction.LOGIN)


def test_mfa_activation_recovery_codes_and_removal_are_recorded(client, alice, run_on_commit):
    """Guards the MFA events sent by allauth.mfa (added, codes regenerated, removed)."""
    sign_in(client, alice.email)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    with run_on_commit():
        client.post(
            reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()}, REMOTE_ADDR=IP
        )
    with run_on_commit():
        client.post(reverse("mfa_generate_recovery_codes"), REMOTE_ADDR=IP)
    with run_on_commit():
        client.post(reverse("mfa_deactivate_totp"), REMOTE_ADDR=IP)

    [enabled] = events(AuditAction.MFA_ENABLED)
    assert enabled.subject == alice and enabled.actor == alice and enabled.ip == IP
    assert enabled.object_type == "mfa.authenticator"
    assert enabled.object_repr == str(Authenticator.Type.TOTP.label)
    codes = events(AuditAction.MFA_RECOVERY_CODES)
    assert len(codes) == 2  # set up with the app, then generated again
    assert {e.object_type for e in events(AuditAction.MFA_DISABLED)} == {"mfa.authenticator"}
    assert not Authenticator.objects.filter(user=alice).exists()
    stored = str(list(AuditEvent.objects.values_list("detail", "object_repr")))
    assert secret not in stored


def test_a_wrong_mfa_code_at_sign_in_is_a_failed_sign_in(client, alice):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(alice, pyotp.random_base32())
    sign_in(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": "000000"}, REMOTE_ADDR=IP)

    [event] = events(AuditAction.LOGIN_FAILED)
    assert event.subject == alice and event.detail == {"step": "mfa"} and event.ip == IP


def test_adding_removing_and_changing_the_email_address_are_recorded(
    client, alice, mailoutbox, run_on_commit
):
    """Guards the email events: the pending address added, removed, then a confirmed change
    (the addresses are kept masked)."""
    sign_in(client, alice.email)
    reauthenticate(client)
    client.post(reverse("account_email"), {"email": "alice.new@example.com", "action_add": ""})
    client.post(reverse("account_email"), {"email": "alice.new@example.com", "action_remove": ""})
    [added] = events(AuditAction.EMAIL_ADDED)
    [removed] = events(AuditAction.EMAIL_REMOVED)
    assert added.subject == alice and removed.subject == alice
    assert added.object_repr == "al***@example.com"

    with run_on_commit():
        client.post(reverse("account_email"), {"email": "alice.next@example.com", "action_add": ""})
    confirm = link_from_mail(mailoutbox[-1], "/accounts/confirm-email/")
    client.post(confirm)

    [changed] = events(AuditAction.EMAIL_CHANGED)
    assert changed.subject == alice and changed.detail == {"previous": "al***@example.com"}
    alice.refresh_from_db()
    assert alice.email == "alice.next@example.com"
    assert "alice.next@example.com" not in str(changed.detail) + changed.object_repr


def test_the_first_address_confirmed_at_sign_up_is_not_an_email_change(
    client, mailoutbox, run_on_commit
):
    with run_on_commit():
        client.post(
            reverse("account_signup"),
            {"email": "newbie@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    client.post(link_from_mail(mailoutbox[-1], "/accounts/confirm-email/"))

    assert not events(AuditAction.EMAIL_CHANGED)


def test_a_password_change_and_a_password_reset_are_recorded(
    client, alice, mailoutbox, run_on_commit
):
    """Guards the password events; neither password nor the reset key is stored."""
    sign_in(client, alice.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302
    [changed] = events(AuditAction.PASSWORD_CHANGED)
    assert changed.actor == alice and changed.subject == alice and changed.ip == IP

    client.post(reverse("account_logout"))
    with run_on_commit():
        client.post(reverse("account_reset_password"), {"email": alice.email})
    reset_path = link_from_mail(mailoutbox[-1], "/accounts/password/reset/key/")
    page = client.get(reset_path, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else reset_path
    final = "Yet-Another-Passphrase-88"
    client.post(form_url, {"password1": final, "password2": final}, REMOTE_ADDR=IP)

    [reset] = events(AuditAction.PASSWORD_RESET)
    assert reset.subject == alice and reset.actor is None and reset.ip == IP
    key = reset_path.rstrip("/").rsplit("/", 1)[-1]
    stored = str(list(AuditEvent.objects.values_list("detail", "object_repr", "object_id")))
    for secret in (PASSWORD, NEW_PASSWORD, final, key):
        assert secret not in stored


def test_bob_signing_in_leaves_nothing_on_alices_record(client, alice):
    bob = UserFactory(email="bob@example.com")
    sign_in(client, bob.email)
    sign_in(client, bob.email, WRONG)

    assert not AuditEvent.objects.filter(subject=alice).exists()
