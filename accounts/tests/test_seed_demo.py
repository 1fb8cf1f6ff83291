import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.demo import DEMO_TOTP_SECRET, DEMO_USERS
from accounts.models import Notification, User
from accounts.roles import Role
from accounts.selectors import user_roles

from .helpers import sign_in

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent():
    _seed()
    users, notifications = User.objects.count(), Notification.objects.count()
    _seed()
    assert User.objects.count() == users
    assert Notification.objects.count() == notifications
    demo_emails = [demo.email for demo in DEMO_USERS]
    assert User.objects.filter(email__in=demo_emails).count() == len(DEMO_USERS)


def test_seed_demo_prints_every_login():
    output = _seed()
    for demo in DEMO_USERS:
        assert demo.email in output
        assert demo.password in output
    assert DEMO_TOTP_SECRET in output
    assert "demo_totp_code" in output


def test_demo_users_have_their_roles_and_staff_have_totp():
    _seed()
    for demo in DEMO_USERS:
        user = User.objects.get(email=demo.email)
        assert user_roles(user) == {demo.role}
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert has_totp == (demo.role in (Role.INSTRUCTOR, Role.ADMIN))


def test_demo_seeker_signs_in_with_the_printed_password(client):
    _seed()
    seeker = next(d for d in DEMO_USERS if d.role == Role.SEEKER)
    response = sign_in(client, seeker.email, seeker.password)
    assert response.url == reverse("dashboard")


def test_demo_admin_signs_in_with_password_and_totp_and_opens_the_admin(client):
    _seed()
    admin = next(d for d in DEMO_USERS if d.role == Role.ADMIN)
    assert sign_in(client, admin.email, admin.password).url == reverse("mfa_authenticate")
    code = io.StringIO()
    call_command("demo_totp_code", admin.email, stdout=code)
    response = client.post(reverse("mfa_authenticate"), {"code": code.getvalue().strip()})
    assert response.url == reverse("dashboard")
    assert client.get(reverse("admin:index")).status_code == 200


def test_demo_totp_code_refuses_accounts_that_are_not_demo_accounts(alice):
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp_code", alice.email)


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()
