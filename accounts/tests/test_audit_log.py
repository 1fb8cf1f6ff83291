"""The audit log itself: append-only rows, a read-only admin, the user's own
"Recent security activity" card, and no secrets in what is stored."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.audit import AuditAction, AuditEvent, AuditLogAppendOnly
from accounts.roles import Role

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    admin = UserFactory(email="root@example.com", roles=[Role.ADMIN])
    TOTP.activate(admin, pyotp.random_base32())
    return admin


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


# --- Append-only ---------------------------------------------------------------------


def test_an_event_cannot_be_changed_or_deleted(alice):
    """Guards append-only: save() of a stored row and delete() both refuse."""
    event = audit.record(AuditAction.PASSWORD_CHANGED, actor=alice, subject=alice, ip="192.0.2.1")

    event.ip = "198.51.100.9"
    with pytest.raises(AuditLogAppendOnly):
        event.save()
    with pytest.raises(AuditLogAppendOnly):
        event.delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.ip == "192.0.2.1" and stored.action == AuditAction.PASSWORD_CHANGED


def test_deleting_the_user_keeps_the_event_without_the_person(alice, bob):
    """The anonymisation path: SET_NULL on actor and subject, the event stays."""
    event = audit.record(AuditAction.TOKEN_CREATED, actor=alice, subject=bob, obj=alice)
    alice.delete()
    bob.delete()

    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_id is None and event.subject_id is None
    assert event.object_type == "accounts.user" and event.object_repr.startswith("user #")


def test_the_object_is_kept_as_strings_after_it_is_deleted(alice):
    from tracker import services

    token, _ = services.api_token_create(user=alice, name="Laptop script")
    token_pk = token.pk
    token.delete()

    event = AuditEvent.objects.get(action=AuditAction.TOKEN_CREATED)
    assert (event.object_type, event.object_id, event.object_repr) == (
        "tracker.apitoken",
        str(token_pk),
        "Laptop script",
    )


@pytest.mark.parametrize("key", ["password", "token", "reset_key", "otp", "secret", "code"])
def test_details_that_name_a_secret_are_refused(alice, key):
    """Guards "never secrets in detail" for every caller, present and future."""
    with pytest.raises(ValueError, match="never hold secrets"):
        audit.record(AuditAction.LOGIN, subject=alice, **{key: "x"})
    assert not AuditEvent.objects.exists()


def test_an_unknown_action_is_refused(alice):
    with pytest.raises(ValueError):
        audit.record("made_up", subject=alice)


def test_the_ip_honours_the_trusted_proxy_setting_like_the_sign_in_limits(client, alice, settings):
    """The address is read as allauth's rate limits read it: X-Forwarded-For only counts
    when a proxy is trusted."""
    headers = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    client.post(reverse("account_login"), {"login": alice.email, "password": "x"}, **headers)
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.post(reverse("account_login"), {"login": alice.email, "password": "y"}, **headers)

    ips = list(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
        .order_by("id")
        .values_list("ip", flat=True)
    )
    assert ips == ["10.0.0.5", "198.51.100.20"]


# --- The user's own security activity ---------------------------------------------------


def test_the_profile_shows_the_users_own_recent_security_activity(client, alice, bob):
    """Guards the profile card: alice's sign-ins and changes, never bob's, never
    non-security events about her."""
    client.post(
        reverse("account_login"),
        {"login": alice.email, "password": "Wrong-Passphrase-000"},
        REMOTE_ADDR="203.0.113.50",
    )
    audit.record(AuditAction.MFA_ENABLED, actor=alice, subject=alice, ip="203.0.113.51")
    audit.record(AuditAction.GRADE_RELEASED, subject=alice, ip="203.0.113.52")
    audit.record(AuditAction.LOGIN, actor=bob, subject=bob, ip="198.51.100.66")
    client.force_login(alice)

    response = client.get(reverse("accounts:profile"))

    html = response.content.decode()
    assert "Recent security activity" in html
    assert "Failed sign-in" in html and "203.0.113.50" in html
    assert "Two-factor method added" in html and "203.0.113.51" in html
    assert "203.0.113.52" not in html  # a grade release is not a security event
    assert "198.51.100.66" not in html  # bob's sign-in


def test_the_card_lists_the_last_twenty_newest_first(alice):
    base = timezone.now() - dt.timedelta(days=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=AuditAction.LOGIN,
            subject=alice,
            ip=f"192.0.2.{i}",
            created_at=base + dt.timedelta(minutes=i),
        )
        for i in range(25)
    )
    shown = list(audit.security_events_for(alice)[: audit.SECURITY_EVENTS_SHOWN])
    assert len(shown) == 20
    assert [e.ip for e in shown[:2]] == ["192.0.2.24", "192.0.2.23"]


def test_a_stranger_never_sees_another_users_events(alice, bob, bob_client):
    audit.record(AuditAction.LOGIN, actor=alice, subject=alice, ip="203.0.113.99")

    assert "203.0.113.99" not in bob_client.get(reverse("accounts:profile")).content.decode()
    assert not audit.security_events_for(bob).filter(subject=alice).exists()
    changelist = reverse("admin:accounts_auditevent_changelist")
    assert bob_client.get(changelist).status_code == 302  # not staff: the admin sign-in


def test_the_profile_page_query_count_does_not_grow_with_the_events(
    alice, alice_client, django_assert_max_num_queries
):
    def many(n):
        AuditEvent.objects.bulk_create(
            AuditEvent(action=AuditAction.LOGIN, subject=alice) for _ in range(n)
        )

    many(10)
    with django_assert_max_num_queries(30) as small:
        alice_client.get(reverse("accounts:profile"))
    many(1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        alice_client.get(reverse("accounts:profile"))


# --- The admin ----------------------------------------------------------------------


def test_admins_see_every_event_with_filters_and_search(admin_client, alice, bob):
    audit.record(AuditAction.LOGIN, actor=alice, subject=alice, ip="203.0.113.1")
    audit.record(AuditAction.PLAN_CHANGED_BY_ADMIN, subject=bob, obj=bob, plan="pro")
    url = reverse("admin:accounts_auditevent_changelist")

    everything = admin_client.get(url).content.decode()
    assert "alice@example.com" in everything and "bob@example.com" in everything
    only_plans = admin_client.get(url + "?action__exact=plan_changed_by_admin").content.decode()
    assert "bob@example.com" in only_plans and "alice@example.com" not in only_plans
    searched = admin_client.get(url + "?q=alice@example.com").content.decode()
    assert "203.0.113.1" in searched and "bob@example.com" not in searched
    today = timezone.localdate()
    by_date = admin_client.get(url + f"?created_at__year={today.year}")
    assert by_date.status_code == 200


def test_the_admin_is_read_only_even_for_superusers(admin_client, root, alice):
    """Guards the read-only admin: no add page, no change, no delete, no bulk delete."""
    assert root.is_superuser
    event = audit.record(AuditAction.LOGIN, actor=alice, subject=alice, ip="192.0.2.1")
    change_url = reverse("admin:accounts_auditevent_change", args=[event.pk])

    assert admin_client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert admin_client.get(change_url).status_code == 200  # a read-only view
    posted = admin_client.post(change_url, {"action": "login_failed", "ip": "10.9.9.9"})
    assert posted.status_code == 403
    delete_url = reverse("admin:accounts_auditevent_delete", args=[event.pk])
    assert admin_client.get(delete_url).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        reverse("admin:accounts_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.ip == "192.0.2.1" and stored.action == AuditAction.LOGIN
