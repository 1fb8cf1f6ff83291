import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role

from .factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="root@example.com", roles=[Role.ADMIN])
    TOTP.activate(admin, pyotp.random_base32())
    client.force_login(admin)
    return client


def test_user_list_shows_roles_and_mfa_with_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    UserFactory.create_batch(3, roles=[Role.SEEKER])
    UserFactory(email="coach@example.com", name="Coach Carter", roles=[Role.INSTRUCTOR])
    with django_assert_max_num_queries(20):
        response = admin_client.get(reverse("admin:accounts_user_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "coach@example.com" in html
    assert "Instructor" in html
    filtered = admin_client.get(reverse("admin:accounts_user_changelist") + "?role=instructor")
    assert "coach@example.com" in filtered.content.decode()
    assert "user0@example.com" not in filtered.content.decode()


def test_user_change_form_and_add_form_render(admin_client, alice):
    assert (
        admin_client.get(reverse("admin:accounts_user_change", args=[alice.pk])).status_code == 200
    )
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_admin_adds_a_user_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.com",
            "usable_password": "true",
            "password1": "Another-Passphrase-9",
            "password2": "Another-Passphrase-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.filter(email="new@example.com").exists()


def test_notification_admin_lists_notifications(admin_client, alice):
    NotificationFactory(user=alice, title="Grade released")
    response = admin_client.get(reverse("admin:accounts_notification_changelist"))
    assert response.status_code == 200
    assert "Grade released" in response.content.decode()


def test_giving_the_instructor_group_in_the_admin_makes_the_user_staff(admin_client, alice):
    from django.contrib.auth.models import Group

    instructor_group = Group.objects.get(name=Role.INSTRUCTOR)
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[alice.pk]),
        {
            "email": alice.email,
            "name": alice.name,
            "headline": "",
            "timezone": "UTC",
            "target_roles": "[]",
            "locations": "[]",
            "skills": "[]",
            "salary_min": "",
            "salary_max": "",
            "salary_currency": "USD",
            "email_categories": '["account"]',
            "is_active": "on",
            "groups": [str(instructor_group.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    alice.refresh_from_db()
    assert alice.is_staff
    assert not alice.is_superuser
