"""Helpers for driving webhooks and customers against the fake Stripe."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from billing import stripe_gateway


def post_event(client: Client, fake, event: dict, *, secret: str | None = None, signature=None):
    """POST a Stripe-signed event to our webhook endpoint, as Stripe would."""
    payload, header = fake.signed(event, secret=secret)
    return client.post(
        reverse("billing:webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or header,
    )


def customer_for(user) -> str:
    """The user's Stripe customer id, created through dj-stripe like Checkout does."""
    from billing.services.stripe_sync import account_for_user

    customer = stripe_gateway.customer_get_or_create(user)
    account = account_for_user(user)
    account.customer_id = customer.id
    account.save(update_fields=["customer_id"])
    return customer.id
