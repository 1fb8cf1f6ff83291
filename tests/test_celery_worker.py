"""A real task, sent through the real Redis broker, runs in a real Celery worker process."""

import pytest

from accounts.models import Notification, User
from accounts.services import notify
from tests.support.processes import wait_until

pytestmark = pytest.mark.real_worker


def test_notification_email_is_sent_by_a_real_worker_through_redis(celery_worker_process):
    alice = User.objects.create_user(email="alice@example.com", password="Alice-Pass-12345")

    # notify() queues notification_send_email on commit; with a real worker it goes to Redis.
    notification = notify(user=alice, title="Your resume analysis is ready", url="/me/")

    def emailed() -> bool:
        return Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists()

    try:
        wait_until(emailed, timeout=30, interval=0.2, what="the worker to email the notification")
    except TimeoutError as exc:
        raise AssertionError(f"{exc}\nworker log:\n{celery_worker_process.log()}") from None

    messages = [p.read_text() for p in celery_worker_process.mail_dir.iterdir()]
    assert len(messages) == 1
    assert "To: alice@example.com" in messages[0]
    assert "Your resume analysis is ready" in messages[0]
    # The task ran in the worker process, not in this one.
    assert "notification_send_email" in celery_worker_process.log()


def test_the_worker_does_not_email_a_notification_twice(celery_worker_process):
    from accounts.tasks import notification_send_email

    bob = User.objects.create_user(email="bob@example.com", password="Bob-Pass-12345")
    notification = notify(user=bob, title="Interview tomorrow at 10:00", url="/me/")
    wait_until(
        lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None,
        timeout=30,
        interval=0.2,
        what="the first email",
    )

    # A duplicate delivery of the same job (acks_late redelivery) must not send again.
    notification_send_email.delay(notification.pk)
    wait_until(
        lambda: celery_worker_process.log().count("succeeded") >= 2,
        timeout=30,
        interval=0.2,
        what="the duplicate job to finish",
    )
    assert len(list(celery_worker_process.mail_dir.iterdir())) == 1
