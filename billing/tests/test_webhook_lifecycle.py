"""Webhook events over their life (D3): trials, customers we do not know, Stripe being
down, tasks that never ran, the 90-day retention, and the settings they need."""

import datetime as dt
from pathlib import Path

import pytest
import stripe
from celery.exceptions import Retry
from django.test import Client
from django.utils import timezone

from accounts.models import Notification
from billing.models import BillingAccount, WebhookEvent
from billing.plans import PRO
from billing.selectors import plan_for_user
from billing.services.webhooks import HANDLED_EVENT_TYPES
from billing.tasks import MAX_RETRIES, webhook_event_process
from careercopilot.jobs.sweeper import jobs_requeue_stalled
from tests.test_settings_production import PRODUCTION, manage

from .helpers import customer_for, post_event

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_trial_counts_and_its_end_is_announced(stripe_catalog, alice, deliver):
    sub = stripe_catalog.subscription_create(
        customer=customer_for(alice), price=PRO.stripe_lookup_key, trial_days=14
    )
    deliver("customer.subscription.created", sub)
    assert plan_for_user(alice) is PRO

    deliver("customer.subscription.trial_will_end", sub)

    assert Notification.objects.filter(user=alice, title__startswith="Your Pro trial ends on")


def test_checkout_completion_links_a_customer_the_account_did_not_know(
    stripe_catalog, alice, deliver
):
    customer = stripe_catalog.customer_create(email=alice.email)  # made elsewhere, no metadata
    sub = stripe_catalog.subscription_create(customer=customer["id"], price=PRO.stripe_lookup_key)
    session = {
        "id": "cs_test_elsewhere",
        "object": "checkout.session",
        "customer": customer["id"],
        "subscription": sub["id"],
        "client_reference_id": str(alice.pk),
        "status": "complete",
    }

    assert deliver("checkout.session.completed", session).status == "done"
    assert BillingAccount.objects.get(user=alice).customer_id == customer["id"]
    assert plan_for_user(alice) is PRO


def test_events_of_a_customer_that_is_no_users_are_processed_without_effect(
    stripe_catalog, deliver
):
    stranger = stripe_catalog.customer_create(email="someone@else.example")
    sub = stripe_catalog.subscription_create(customer=stranger["id"], price=PRO.stripe_lookup_key)
    assert deliver("customer.subscription.created", sub).status == "done"
    assert not BillingAccount.objects.exists()


def test_stripe_being_down_retries_then_leaves_the_event_failed(
    stripe_catalog, alice, django_capture_on_commit_callbacks
):
    sub = stripe_catalog.subscription_create(
        customer=customer_for(alice), price=PRO.stripe_lookup_key
    )
    event = stripe_catalog.event("customer.subscription.created", sub)
    with django_capture_on_commit_callbacks(execute=False):
        post_event(Client(), stripe_catalog, event)
    recorded = WebhookEvent.objects.get()
    stripe_catalog.stop()

    with pytest.raises(Retry):  # a transient error: retried later with backoff
        webhook_event_process.delay(recorded.pk)
    recorded.refresh_from_db()
    assert recorded.status == "pending" and recorded.attempts == 1
    assert "APIConnectionError" in recorded.error

    with pytest.raises(stripe.APIConnectionError):  # the last retry fails too
        webhook_event_process.apply(args=[recorded.pk], retries=MAX_RETRIES)
    recorded.refresh_from_db()
    assert recorded.status == "failed" and recorded.attempts == 2


def test_events_whose_task_never_ran_are_queued_again(
    stripe_catalog, alice, django_capture_on_commit_callbacks
):
    sub = stripe_catalog.subscription_create(
        customer=customer_for(alice), price=PRO.stripe_lookup_key
    )
    lost, recent = (stripe_catalog.event("customer.subscription.created", sub) for _ in range(2))
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost both messages
        post_event(Client(), stripe_catalog, lost)
        post_event(Client(), stripe_catalog, recent)
    WebhookEvent.objects.filter(stripe_id=lost["id"]).update(
        received_at=timezone.now() - dt.timedelta(hours=1)
    )

    assert jobs_requeue_stalled() == 1  # the jobs sweeper; eager: processed right away

    assert WebhookEvent.objects.get(stripe_id=lost["id"]).status == "done"
    assert WebhookEvent.objects.get(stripe_id=recent["id"]).status == "pending"
    assert plan_for_user(alice) is PRO


def test_processed_webhook_events_are_forgotten_after_90_days(stripe_catalog, alice, deliver):
    from djstripe.models import WebhookEventTrigger

    from billing.services.webhooks import webhook_events_purge

    sub = stripe_catalog.subscription_create(
        customer=customer_for(alice), price=PRO.stripe_lookup_key
    )
    old = deliver("customer.subscription.created", sub)
    recent = deliver("customer.subscription.updated", sub)
    failed = WebhookEvent.objects.create(
        stripe_id="evt_f", type="invoice.paid", payload={}, status="failed"
    )
    WebhookEvent.objects.filter(pk__in=[old.pk, failed.pk]).update(
        received_at=timezone.now() - dt.timedelta(days=91)
    )

    assert webhook_events_purge() == 1

    assert set(WebhookEvent.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}
    assert not WebhookEventTrigger.objects.filter(pk=old.trigger_id).exists()
    assert WebhookEventTrigger.objects.filter(pk=recent.trigger_id).exists()


def test_env_example_lists_every_event_type_to_enable():
    documented = (ROOT / ".env.example").read_text()
    assert all(event_type in documented for event_type in HANDLED_EVENT_TYPES)


def test_production_with_a_stripe_key_requires_the_webhook_secret(tmp_path):
    result = manage(
        "check",
        tmp_path=tmp_path,
        **PRODUCTION,
        STRIPE_TEST_SECRET_KEY="sk_test_51FakeCareerCopilotKey0000000000",
        STRIPE_WEBHOOK_SECRET="",
    )
    assert result.returncode != 0
    assert "STRIPE_WEBHOOK_SECRET must be set when DJANGO_ENV=production" in result.stderr
