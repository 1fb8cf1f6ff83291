"""Webhooks processed by a real Celery worker process, on Redis and the test PostgreSQL."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from billing.models import WebhookEvent
from billing.plans import PREMIUM, PRO
from billing.selectors import plan_for_user
from billing.services.catalog import plans_sync
from tests.support.processes import wait_until

from .helpers import customer_for, post_event

pytestmark = pytest.mark.real_worker


def test_a_real_worker_processes_recorded_events_to_stripes_final_state(
    stripe_env, celery_worker_process
):
    fake = stripe_env
    plans_sync()
    users = [UserFactory(email=f"worker{i}@example.com") for i in range(3)]
    events = []
    for user in users:
        sub = fake.subscription_create(customer=customer_for(user), price=PRO.stripe_lookup_key)
        events.append(fake.event("customer.subscription.created", sub))
        upgraded = fake.subscription_update(sub["id"], price=PREMIUM.stripe_lookup_key)
        events.append(fake.event("customer.subscription.updated", upgraded))

    client = Client()
    for event in reversed(events + events[:2]):  # out of order, two delivered twice
        assert post_event(client, fake, event).status_code == 200

    def all_done() -> bool:
        return WebhookEvent.objects.filter(status=WebhookEvent.Status.DONE).count() == 6

    try:
        wait_until(all_done, timeout=60, interval=0.2, what="the worker to process 6 events")
    except TimeoutError as exc:
        raise AssertionError(f"{exc}\nworker log:\n{celery_worker_process.log()}") from None
    assert all(plan_for_user(user) is PREMIUM for user in users)
    assert "billing.tasks.webhook_event_process" in celery_worker_process.log()
