from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, NotificationCategory
from accounts.services import notifications_purge, notify
from accounts.tasks import notification_send_email, notifications_purge_old

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/me/notifications/"}


# --- notify() and the email task --------------------------------------------------


def test_notify_creates_an_unread_notification(alice):
    notification = notify(user=alice, title="Analysis ready", body="Score 82", url="/resumes/1/")
    assert notification.pk
    assert notification.user == alice
    assert notification.category == NotificationCategory.ACCOUNT
    assert notification.read_at is None
    assert notification.emailed_at is None


def test_notify_emails_when_the_category_is_in_the_users_preferences(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    alice.email_categories = [NotificationCategory.TRACKER]
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user=alice,
            title="Follow up with Acme",
            body="You applied 7 days ago.",
            url="/tracker/1/",
            category=NotificationCategory.TRACKER,
        )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [alice.email]
    assert "Follow up with Acme" in message.subject
    assert "You applied 7 days ago." in message.body
    assert "http://localhost:8000/tracker/1/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Follow up with Acme" in html
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_notify_does_not_email_when_the_category_is_not_in_the_preferences(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    alice.email_categories = [NotificationCategory.BILLING]
    alice.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(user=alice, title="Grade released", category=NotificationCategory.COURSES)
    assert callbacks == []
    assert mailoutbox == []
    assert Notification.objects.filter(user=alice).count() == 1


def test_notify_in_app_only_sends_no_email(alice, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=alice, title="Quiet", send_email=False)
    assert mailoutbox == []


def test_email_is_queued_only_after_the_transaction_commits(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=alice, title="Later")
        assert mailoutbox == []
    assert len(callbacks) == 1


def test_email_task_is_idempotent(alice, mailoutbox):
    notification = NotificationFactory(user=alice)
    notification_send_email.delay(notification.pk)
    notification_send_email.delay(notification.pk)
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_email_task_skips_a_deleted_notification(alice, mailoutbox):
    notification = NotificationFactory(user=alice)
    pk = notification.pk
    notification.delete()
    notification_send_email.delay(pk)
    assert mailoutbox == []


def test_notify_rejects_unknown_categories_and_unsafe_urls(alice):
    with pytest.raises(ValueError):
        notify(user=alice, title="x", category="nope")
    with pytest.raises(ValueError):
        notify(user=alice, title="x", url="javascript:alert(1)")


def test_purge_deletes_only_read_notifications_older_than_180_days(alice):
    old = timezone.now() - timedelta(days=181)
    old_read = NotificationFactory(user=alice, created_at=old, read_at=old)
    old_unread = NotificationFactory(user=alice, created_at=old)
    recent_read = NotificationFactory(user=alice, read_at=timezone.now())

    assert notifications_purge_old.delay().get() == 1

    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {old_unread.pk, recent_read.pk}
    assert old_read.pk not in remaining
    assert notifications_purge() == 0


# --- Views --------------------------------------------------------------------------


def test_list_shows_my_notifications_newest_first(alice_client, alice):
    NotificationFactory(user=alice, title="Older", created_at=timezone.now() - timedelta(hours=1))
    NotificationFactory(user=alice, title="Newer")
    response = alice_client.get(reverse("accounts:notifications"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Newer") < html.index("Older")


def test_unread_filter_hides_read_notifications(alice_client, alice):
    NotificationFactory(user=alice, title="Seen already", read_at=timezone.now())
    NotificationFactory(user=alice, title="Still new")
    html = alice_client.get(reverse("accounts:notifications") + "?filter=unread").content.decode()
    assert "Still new" in html
    assert "Seen already" not in html


def test_list_is_paginated_25_per_page(alice_client, alice):
    NotificationFactory.create_batch(30, user=alice)
    first = alice_client.get(reverse("accounts:notifications"))
    second = alice_client.get(reverse("accounts:notifications") + "?page=2")
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "Page 1 of 2" in first.content.decode()


def test_list_page_query_count_does_not_grow_with_notifications(
    alice_client, alice, django_assert_max_num_queries
):
    NotificationFactory.create_batch(10, user=alice)
    with CaptureQueriesContext(connection) as at_ten:
        assert alice_client.get(reverse("accounts:notifications")).status_code == 200
    NotificationFactory.create_batch(190, user=alice, read_at=timezone.now())
    with django_assert_max_num_queries(len(at_ten)):
        response = alice_client.get(reverse("accounts:notifications"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 200


def test_htmx_tab_switch_returns_only_the_panel(alice_client, alice):
    NotificationFactory(user=alice, title="Hello")
    response = alice_client.get(
        reverse("accounts:notifications") + "?filter=unread",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="notifications-panel",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="notifications-panel"')
    assert "<html" not in html


def test_mark_read_requires_post(alice_client, alice):
    notification = NotificationFactory(user=alice)
    url = reverse("accounts:notification_read", args=[notification.pk])
    assert alice_client.get(url).status_code == 405
    assert alice_client.get(reverse("accounts:notifications_read_all")).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_redirects_to_the_notifications_own_page(alice_client, alice):
    notification = NotificationFactory(user=alice, url="/dashboard/")
    response = alice_client.post(reverse("accounts:notification_read", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == "/dashboard/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_never_redirects_off_site(alice_client, alice):
    notification = NotificationFactory(user=alice, url="https://evil.example.com/phish")
    response = alice_client.post(
        reverse("accounts:notification_read", args=[notification.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response.url == reverse("accounts:notifications")


def test_htmx_mark_read_returns_the_item_partial_and_triggers_notifications_changed(
    alice_client, alice
):
    notification = NotificationFactory(user=alice, title="Interview tomorrow")
    response = alice_client.post(
        reverse("accounts:notification_read", args=[notification.pk]), **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="notification-{notification.pk}"')
    assert "Interview tomorrow" in html
    assert "unread" not in html.split(">")[0]
    assert "notifications-changed" in response["HX-Trigger"]
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_read_all_marks_only_my_notifications(alice_client, alice, bob):
    NotificationFactory.create_batch(3, user=alice)
    bobs = NotificationFactory(user=bob)
    response = alice_client.post(reverse("accounts:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()
    bobs.refresh_from_db()
    assert bobs.read_at is None


def test_bell_shows_my_unread_count(alice_client, alice, bob):
    NotificationFactory.create_batch(2, user=alice)
    NotificationFactory(user=alice, read_at=timezone.now())
    NotificationFactory.create_batch(4, user=bob)
    response = alice_client.get(reverse("accounts:notification_bell"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Notifications, 2 unread"' in html
    assert 'data-unread-count="2"' in html
    assert f'href="{reverse("accounts:notifications")}"' in html
    assert 'hx-trigger="every 30s, notifications-changed from:body"' in html


def test_bell_without_unread_shows_no_badge(alice_client):
    html = alice_client.get(reverse("accounts:notification_bell")).content.decode()
    assert 'aria-label="Notifications, 0 unread"' in html
    assert "badge" not in html


def test_navbar_bell_is_a_lazy_link_that_loads_itself(alice_client, alice):
    NotificationFactory(user=alice)
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert 'id="notification-bell"' in html
    assert f'hx-get="{reverse("accounts:notification_bell")}"' in html
    assert 'hx-trigger="load, every 30s, notifications-changed from:body"' in html
    assert "badge" not in html.split('id="notification-bell"')[1].split("</a>")[0]


def test_signed_out_bell_poll_stops_polling_instead_of_swapping_in_the_login_page(client):
    response = client.get(reverse("accounts:notification_bell"), HTTP_HX_REQUEST="true")
    assert response.status_code == 286


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Ownership ------------------------------------------------------------------------


def test_bob_gets_404_on_alices_notification(bob_client, alice):
    notification = NotificationFactory(user=alice)
    url = reverse("accounts:notification_read", args=[notification.pk])
    assert bob_client.post(url).status_code == 404
    assert bob_client.post(url, **HTMX).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_alices_notifications_never_appear_for_bob(bob_client, alice):
    NotificationFactory(user=alice, title="Alice's offer letter")
    html = bob_client.get(reverse("accounts:notifications")).content.decode()
    assert "Alice&#x27;s offer letter" not in html and "Alice's offer letter" not in html
    bell = bob_client.get(reverse("accounts:notification_bell")).content.decode()
    assert 'aria-label="Notifications, 0 unread"' in bell
