"""A customer's subscription history on the fake Stripe, as the events Stripe would send.

Used by the webhook benchmark (bench/billing_webhooks.py) and the webhook burst fault test
(tests/faults/test_stripe_burst.py): shuffle the events of many customers, deliver them
(some twice), then compare each account with the fake's final state.
"""

from __future__ import annotations

import random

from .stripe_server import FakeStripe


def subscription_events(
    fake: FakeStripe,
    *,
    customer: str,
    count: int,
    prices: tuple[str, ...],
    rng: random.Random,
    cancel: bool = False,
) -> list[dict]:
    """``count`` events for one new subscription: created, then plan switches (among the
    ``prices`` lookup keys) and status changes. Stripe's state ends active (the events do
    not all say so), or canceled with a final ``customer.subscription.deleted``."""
    sub = fake.subscription_create(customer=customer, price=prices[0])
    events = [fake.event("customer.subscription.created", sub)]
    for _ in range(count - 1 - int(cancel)):
        change = rng.choice([*prices, "past_due", "active"])
        if change in prices:
            snapshot = fake.subscription_update(sub["id"], price=change)
        else:
            snapshot = fake.subscription_update(sub["id"], status=change)
        events.append(fake.event("customer.subscription.updated", snapshot))
    if cancel:
        ended = fake.subscription_update(sub["id"], status="canceled")
        events.append(fake.event("customer.subscription.deleted", ended))
    else:
        fake.subscription_update(sub["id"], status="active")  # settle: active at the end
    return events
