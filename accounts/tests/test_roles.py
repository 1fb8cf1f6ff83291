import importlib

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.roles import ALL_ROLES, Role
from accounts.selectors import user_has_role, user_roles
from accounts.services import user_add_role, user_remove_role, user_set_roles

from .factories import UserFactory
from .helpers import sign_in

pytestmark = pytest.mark.django_db


def test_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)


def test_roles_data_migration_creates_missing_groups_and_is_idempotent():
    migration = importlib.import_module("accounts.migrations.0002_roles")
    Group.objects.filter(name__in=ALL_ROLES).delete()
    migration.create_role_groups(apps, None)
    migration.create_role_groups(apps, None)
    assert sorted(
        Group.objects.filter(name__in=ALL_ROLES).values_list("name", flat=True)
    ) == sorted(ALL_ROLES)


@pytest.mark.parametrize(
    ("role", "is_staff", "is_superuser"),
    [
        (Role.SEEKER, False, False),
        (Role.STUDENT, False, False),
        (Role.INSTRUCTOR, True, False),
        (Role.ADMIN, True, True),
    ],
)
def test_roles_decide_staff_and_superuser(alice, role, is_staff, is_superuser):
    user_set_roles(user=alice, roles=[role])
    alice.refresh_from_db()
    assert user_roles(alice) == {role}
    assert (alice.is_staff, alice.is_superuser) == (is_staff, is_superuser)


def test_removing_the_instructor_role_takes_staff_away(alice):
    user_add_role(user=alice, role=Role.INSTRUCTOR)
    assert User.objects.get(pk=alice.pk).is_staff
    user_remove_role(user=alice, role=Role.INSTRUCTOR)
    assert not User.objects.get(pk=alice.pk).is_staff


def test_add_role_keeps_existing_roles_and_other_groups(alice):
    beta = Group.objects.create(name="beta-testers")
    alice.groups.add(beta)
    user_set_roles(user=alice, roles=[Role.SEEKER])
    user_add_role(user=alice, role=Role.STUDENT)
    assert user_roles(alice) == {Role.SEEKER, Role.STUDENT}
    assert user_has_role(alice, Role.STUDENT)
    assert alice.groups.filter(pk=beta.pk).exists()


def test_unknown_role_is_rejected(alice):
    with pytest.raises(ValueError):
        user_set_roles(user=alice, roles=["wizard"])


def test_createsuperuser_makes_a_verified_admin_who_can_sign_in(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Root-Passphrase-2026")
    call_command("createsuperuser", interactive=False, email="root@example.com", verbosity=0)
    user = User.objects.get(email="root@example.com")
    assert user.is_superuser and user.is_staff
    assert user_roles(user) == {Role.ADMIN}
    assert EmailAddress.objects.get(user=user).verified
    response = sign_in(client, "root@example.com", "Root-Passphrase-2026")
    assert response.url == reverse("dashboard")


# --- The admin requires MFA for staff ---------------------------------------------------


def test_staff_without_mfa_are_sent_from_the_admin_to_totp_activation(client):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    client.force_login(instructor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    follow = client.get(response.url, follow=True)
    assert b"requires two-factor authentication" in follow.content


def test_staff_without_mfa_can_still_use_the_rest_of_the_site(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    assert client.get(reverse("dashboard")).status_code == 200


def test_staff_with_mfa_get_the_admin(client):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    TOTP.activate(instructor, pyotp.random_base32())
    client.force_login(instructor)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_mfa_requirement_can_be_switched_off(client, settings):
    settings.ADMIN_REQUIRES_MFA = False
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    assert client.get(reverse("admin:index")).status_code == 200


def test_non_staff_get_403_at_the_admin(client, alice):
    user_set_roles(user=alice, roles=[Role.SEEKER, Role.STUDENT])
    client.force_login(alice)
    # The admin sends non-staff to its login view, which allauth guards with a 403.
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_signed_out_visitors_are_sent_from_the_admin_to_sign_in(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url or reverse("admin:login") in response.url
