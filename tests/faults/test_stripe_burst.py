"""A burst of 500 Stripe webhooks, out of order and with duplicates, POSTed concurrently to
the real endpoint of a live server: every one is accepted, each event is processed once by
a real Celery worker, and every account ends in Stripe's final state.

Signed as Stripe signs them; the Stripe API is the local fake (the real SDK talks to it).
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from accounts.tests.factories import UserFactory
from billing.models import BillingAccount, WebhookEvent
from billing.plans import FREE, PREMIUM, PRO, plan_for_lookup_key
from billing.selectors import plan_for_user
from billing.services.catalog import plans_sync
from billing.tests.helpers import customer_for
from tests.fakes.stripe_lifecycle import subscription_events
from tests.faults.support import Worker, celery_broker
from tests.support.processes import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

CUSTOMERS = 40
DELIVERIES = 500
SENDERS = 8  # concurrent connections, as Stripe delivers in parallel


def expected_plan(subscription: dict):
    if subscription["status"] == "canceled":
        return FREE
    return plan_for_lookup_key(subscription["items"]["data"][0]["price"]["lookup_key"])


def test_500_webhooks_with_duplicates_out_of_order_end_in_stripes_final_state(
    stripe_env, throwaway_redis, settings, live_server, tmp_path
):
    fake = stripe_env
    settings.CELERY_BROKER_URL = throwaway_redis.url
    rng = random.Random(8)
    plans_sync()
    users, events = [], []
    for i in range(CUSTOMERS):
        user = UserFactory(email=f"burst{i}@example.com")
        users.append(user)
        events += subscription_events(
            fake,
            customer=customer_for(user),
            count=rng.randint(8, 12),
            prices=(PRO.stripe_lookup_key, PREMIUM.stripe_lookup_key),
            rng=rng,
            cancel=i % 5 == 0,
        )
    deliveries = events + rng.choices(events, k=DELIVERIES - len(events))  # redeliveries
    rng.shuffle(deliveries)
    signed = [fake.signed(event) for event in deliveries]
    url = f"{live_server.url}/billing/webhook/"

    with celery_broker(throwaway_redis.url):
        worker = Worker(
            broker_url=throwaway_redis.url, log_path=tmp_path / "worker.log", concurrency=2
        ).start()
        try:
            with requests.Session() as session, ThreadPoolExecutor(SENDERS) as pool:

                def post(item):
                    payload, signature = item
                    return session.post(
                        url,
                        data=payload.encode(),
                        headers={
                            "Content-Type": "application/json",
                            "Stripe-Signature": signature,
                        },
                        timeout=60,
                    ).status_code

                statuses = list(pool.map(post, signed))

            def all_processed() -> bool:
                return WebhookEvent.objects.filter(status=WebhookEvent.Status.DONE).count() == len(
                    events
                )

            try:
                wait_until(all_processed, timeout=240, interval=0.5, what="every event")
            except TimeoutError as exc:
                by_status = list(WebhookEvent.objects.values_list("status", "error")[:5])
                raise AssertionError(f"{exc}: {by_status}\n{worker.log()[-4000:]}") from None
        finally:
            worker.stop()

    assert len(signed) == DELIVERIES
    assert statuses == [200] * DELIVERIES  # every delivery acknowledged, duplicates too
    assert WebhookEvent.objects.count() == len(events)  # one inbox row per event id
    assert set(WebhookEvent.objects.values_list("stripe_id", flat=True)) == {
        e["id"] for e in events
    }
    final = {sub["customer"]: sub for sub in fake.all("subscription")}
    for user in users:
        account = BillingAccount.objects.get(user=user)
        subscription = final[account.customer_id]
        assert account.subscription_status == subscription["status"], user.email
        assert plan_for_user(user) is expected_plan(subscription), user.email
    assert {plan_for_user(u) for u in users} == {FREE, PRO, PREMIUM}  # all outcomes covered
