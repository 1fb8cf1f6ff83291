"""Webhooks (D3): verified, recorded once, processed in Celery, converging to Stripe's state."""

import random

import pytest
from django.test import Client
from djstripe.models import Event, WebhookEventTrigger

from accounts.tests.factories import UserFactory
from billing.models import BillingAccount, SubscriptionRecord, WebhookEvent
from billing.plans import PREMIUM, PRO
from billing.selectors import plan_for_user
from billing.services.webhooks import webhook_event_handle

from .helpers import customer_for, post_event

pytestmark = pytest.mark.django_db


def api_calls(fake) -> int:
    return sum(1 for _, path, _ in fake.requests if path.startswith("/v1/"))


def test_a_bad_signature_gets_400_and_changes_nothing(stripe_catalog, alice):
    customer = customer_for(alice)
    sub = stripe_catalog.subscription_create(customer=customer, price=PRO.stripe_lookup_key)
    event = stripe_catalog.event("customer.subscription.created", sub)
    client = Client()

    wrong_secret = post_event(client, stripe_catalog, event, secret="whsec_not_the_right_one")
    forged = post_event(client, stripe_catalog, event, signature="t=1,v1=deadbeef")
    unsigned = client.post("/billing/webhook/", data="{}", content_type="application/json")

    assert (wrong_secret.status_code, forged.status_code, unsigned.status_code) == (400, 400, 400)
    assert not WebhookEvent.objects.exists()
    assert BillingAccount.objects.get(user=alice).stripe_plan == "free"
    assert not WebhookEventTrigger.objects.exists()  # nothing stored for forged deliveries


def test_a_tampered_body_fails_verification(stripe_catalog, alice):
    event = stripe_catalog.event("customer.subscription.created", {"id": "sub_x", "object": "x"})
    payload, header = stripe_catalog.signed(event)
    response = Client().post(
        "/billing/webhook/",
        data=payload.replace("sub_x", "sub_y"),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400


def test_an_unknown_event_type_gets_200_and_is_ignored(
    stripe_catalog, django_capture_on_commit_callbacks
):
    event = stripe_catalog.event("customer.discount.created", {"id": "di_1", "object": "discount"})
    calls = api_calls(stripe_catalog)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_event(Client(), stripe_catalog, event)

    assert response.status_code == 200
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.IGNORED
    assert callbacks == []  # nothing queued
    assert api_calls(stripe_catalog) == calls


def test_the_request_records_and_queues_and_the_task_does_the_work(
    stripe_catalog, alice, django_capture_on_commit_callbacks
):
    customer = customer_for(alice)
    sub = stripe_catalog.subscription_create(customer=customer, price=PRO.stripe_lookup_key)
    event = stripe_catalog.event("customer.subscription.created", sub)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_event(Client(), stripe_catalog, event)
    assert response.status_code == 200
    recorded = WebhookEvent.objects.get()
    assert recorded.status == WebhookEvent.Status.PENDING
    assert WebhookEventTrigger.objects.get(pk=recorded.trigger_id).valid
    assert len(callbacks) == 1 and plan_for_user(alice).code == "free"

    callbacks[0]()  # the queued task, run eagerly

    recorded.refresh_from_db()
    assert recorded.status == WebhookEvent.Status.DONE and recorded.attempts == 1
    assert plan_for_user(alice) is PRO
    assert Event.objects.filter(id=event["id"]).exists()  # dj-stripe's audit copy


def test_the_same_event_twice_changes_nothing(
    stripe_catalog, alice, django_capture_on_commit_callbacks
):
    customer = customer_for(alice)
    sub = stripe_catalog.subscription_create(customer=customer, price=PRO.stripe_lookup_key)
    event = stripe_catalog.event("customer.subscription.created", sub)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, stripe_catalog, event)
    account = BillingAccount.objects.get(user=alice)
    calls = api_calls(stripe_catalog)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = post_event(client, stripe_catalog, event)
    webhook_event_handle(event_pk=WebhookEvent.objects.get().pk)  # a stray retry of the task

    assert again.status_code == 200 and callbacks == []
    assert api_calls(stripe_catalog) == calls
    assert WebhookEvent.objects.count() == 1
    account_after = BillingAccount.objects.get(user=alice)
    assert account_after.stripe_synced_at == account.stripe_synced_at


def _lifecycle(fake, customer: str, rng: random.Random) -> list[dict]:
    """Six subscription events for one customer, each carrying the snapshot of its moment."""
    sub = fake.subscription_create(customer=customer, price=PRO.stripe_lookup_key)
    events = [fake.event("customer.subscription.created", sub)]
    for _ in range(5):
        change = rng.choice(["premium", "pro", "past_due", "active", "cancel_at_end", "canceled"])
        if sub["status"] == "canceled":
            sub = fake.subscription_create(customer=customer, price=PREMIUM.stripe_lookup_key)
            events.append(fake.event("customer.subscription.created", sub))
            continue
        if change in ("premium", "pro"):
            plan = PREMIUM if change == "premium" else PRO
            snapshot = fake.subscription_update(sub["id"], price=plan.stripe_lookup_key)
        elif change == "cancel_at_end":
            snapshot = fake.subscription_update(sub["id"], cancel_at_period_end=True)
        else:
            snapshot = fake.subscription_update(sub["id"], status=change)
        kind = "deleted" if snapshot["status"] == "canceled" else "updated"
        events.append(fake.event(f"customer.subscription.{kind}", snapshot))
    return events


def test_replay_sixty_events_for_ten_customers_shuffled_with_duplicates_converges(
    stripe_catalog, settings, django_capture_on_commit_callbacks
):
    rng = random.Random(20261122)
    users = [UserFactory(email=f"replay{i}@example.com") for i in range(10)]
    events = []
    for user in users:
        events += _lifecycle(stripe_catalog, customer_for(user), rng)
    assert len(events) == 60
    deliveries = events + rng.sample(events, 15)  # Stripe delivers some twice
    rng.shuffle(deliveries)

    client = Client()
    for event in deliveries:
        with django_capture_on_commit_callbacks(execute=True):
            assert post_event(client, stripe_catalog, event).status_code == 200

    assert WebhookEvent.objects.count() == 60
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"done"}
    for user in users:
        account = BillingAccount.objects.get(user=user)
        subs = [
            s for s in stripe_catalog.all("subscription") if s["customer"] == account.customer_id
        ]
        for sub in subs:  # our copy equals Stripe's last state of every subscription
            record = SubscriptionRecord.objects.get(subscription_id=sub["id"])
            lookup = sub["items"]["data"][0]["price"]["lookup_key"]
            assert record.status == sub["status"]
            assert record.plan == (
                PREMIUM.code if lookup == PREMIUM.stripe_lookup_key else PRO.code
            )
            assert record.cancel_at_period_end == sub["cancel_at_period_end"]
        live = [s for s in subs if s["status"] != "canceled"]
        if not live:
            assert account.stripe_plan == "free" and account.subscription_status == "canceled"
            assert plan_for_user(user).code == "free"
            continue
        current = live[-1]
        assert account.subscription_id == current["id"]
        assert account.subscription_status == current["status"]
        expected = SubscriptionRecord.objects.get(subscription_id=current["id"]).plan
        assert account.stripe_plan == expected
        assert plan_for_user(user).code == expected  # active, or past due within grace
