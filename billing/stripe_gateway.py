"""The one seam to Stripe: every API call goes through here (the stripe SDK and dj-stripe).

Keys and the API version come from dj-stripe's settings (STRIPE_TEST_SECRET_KEY /
STRIPE_LIVE_SECRET_KEY with STRIPE_LIVE_MODE). Nothing here touches our own tables; the
``*_mirror`` functions write dj-stripe's copies, which may fetch related objects.
Callers catch ``StripeError`` and retry ``RETRYABLE_ERRORS`` without importing the SDK.
"""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings
from django.core.cache import cache
from djstripe.settings import djstripe_settings

from .plans import Plan

PRICE_CACHE_SECONDS = 10 * 60

StripeError = stripe.StripeError
# Worth another try: Stripe or the network hiccuped.
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    stripe.APIConnectionError,
    stripe.RateLimitError,
    stripe.APIError,
)


class BillingNotConfigured(Exception):
    """Stripe keys are not set (D7)."""


def api_key() -> str:
    key = djstripe_settings.STRIPE_SECRET_KEY
    if not key:
        raise BillingNotConfigured("Stripe billing is not configured.")
    return key


def livemode() -> bool:
    return bool(getattr(settings, "STRIPE_LIVE_MODE", False))


def _options() -> dict[str, Any]:
    return {"api_key": api_key(), "stripe_version": djstripe_settings.STRIPE_API_VERSION}


def as_dict(obj) -> dict:
    """A plain dict from a StripeObject (stripe 15 objects are not dicts)."""
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


# --- Catalog ----------------------------------------------------------------------------
def product_retrieve(product_id: str) -> dict | None:
    try:
        return as_dict(stripe.Product.retrieve(product_id, **_options()))
    except stripe.InvalidRequestError as exc:
        if getattr(exc, "code", "") == "resource_missing":
            return None
        raise


def product_create(**params) -> dict:
    return as_dict(stripe.Product.create(**params, **_options()))


def product_modify(product_id: str, **params) -> dict:
    return as_dict(stripe.Product.modify(product_id, **params, **_options()))


def prices_for_lookup_key(lookup_key: str) -> list[dict]:
    """Active prices carrying ``lookup_key`` (Stripe keeps it on at most one)."""
    prices = stripe.Price.list(lookup_keys=[lookup_key], active=True, limit=10, **_options())
    return [as_dict(price) for price in prices.data]


def price_create(**params) -> dict:
    return as_dict(stripe.Price.create(**params, **_options()))


def price_modify(price_id: str, **params) -> dict:
    return as_dict(stripe.Price.modify(price_id, **params, **_options()))


def price_id_for_plan(plan: Plan) -> str:
    """The id of the active Stripe price for ``plan`` (by lookup key), cached briefly."""
    cache_key = f"billing:price:{int(livemode())}:{plan.stripe_lookup_key}"
    price_id = cache.get(cache_key)
    if price_id is None:
        prices = prices_for_lookup_key(plan.stripe_lookup_key)
        if not prices:
            raise LookupError(
                f"No active Stripe price with lookup key {plan.stripe_lookup_key!r}; "
                "run `manage.py billing_sync_plans`."
            )
        price_id = prices[0]["id"]
        cache.set(cache_key, price_id, PRICE_CACHE_SECONDS)
    return price_id


def price_cache_clear(plan: Plan) -> None:
    cache.delete(f"billing:price:{int(livemode())}:{plan.stripe_lookup_key}")


# --- Customers, Checkout, Portal ---------------------------------------------------------
def customer_get_or_create(user):
    """The dj-stripe Customer for ``user``, created at Stripe on first use."""
    from djstripe.models import Customer

    customer, _ = Customer.get_or_create(subscriber=user, livemode=livemode(), api_key=api_key())
    return customer


def customer_retrieve(customer_id: str) -> dict:
    return as_dict(stripe.Customer.retrieve(customer_id, **_options()))


def checkout_session_create(
    *,
    customer_id: str,
    price_id: str,
    user_id: int,
    plan: Plan,
    success_url: str,
    cancel_url: str,
) -> dict:
    metadata = {"user_id": str(user_id), "plan": plan.code}
    session = stripe.checkout.Session.create(
        mode="subscription",
        customer=customer_id,
        client_reference_id=str(user_id),
        line_items=[{"price": price_id, "quantity": 1}],
        success_url=success_url,
        cancel_url=cancel_url,
        metadata=metadata,
        subscription_data={"metadata": metadata},
        allow_promotion_codes=True,
        **_options(),
    )
    return as_dict(session)


def checkout_session_retrieve(session_id: str) -> dict:
    return as_dict(stripe.checkout.Session.retrieve(session_id, **_options()))


def portal_session_create(*, customer_id: str, return_url: str) -> dict:
    session = stripe.billing_portal.Session.create(
        customer=customer_id, return_url=return_url, **_options()
    )
    return as_dict(session)


# --- Subscriptions, invoices, charges ----------------------------------------------------
def subscriptions_for_customer(customer_id: str) -> list:
    """Every subscription of the customer, in any status, as Stripe has them now."""
    listing = stripe.Subscription.list(customer=customer_id, status="all", limit=100, **_options())
    return list(listing.auto_paging_iter())


def subscription_cancel(subscription_id: str):
    return stripe.Subscription.cancel(subscription_id, **_options())


def invoice_retrieve(invoice_id: str):
    return stripe.Invoice.retrieve(invoice_id, **_options())


def charge_retrieve(charge_id: str) -> dict:
    return as_dict(stripe.Charge.retrieve(charge_id, **_options()))


# --- dj-stripe's mirror ------------------------------------------------------------------
def product_mirror(product: dict) -> None:
    from djstripe.models import Product

    Product.sync_from_stripe_data(product, api_key=api_key())


def price_mirror(price_id: str) -> None:
    """dj-stripe's copy of the price as Stripe has it now."""
    from djstripe.models import Price

    Price.sync_from_stripe_data(stripe.Price.retrieve(price_id, **_options()), api_key=api_key())


def subscription_mirror(subscription) -> None:
    from djstripe.models import Subscription

    Subscription.sync_from_stripe_data(subscription, api_key=api_key())


def invoice_mirror(invoice) -> None:
    from djstripe.models import Invoice

    Invoice.sync_from_stripe_data(invoice, api_key=api_key())


def event_mirror(payload: dict) -> None:
    """dj-stripe's Event row for a delivered event (its handlers do not run)."""
    from djstripe.models import Event

    Event._create_from_stripe_object(payload, api_key=api_key())


# --- Webhooks ---------------------------------------------------------------------------
def webhook_signature_valid(*, body: str, signature: str, secret: str) -> bool:
    """Stripe-Signature (``t=…,v1=HMAC-SHA256``) checked, within Stripe's 5-minute tolerance."""
    try:
        stripe.WebhookSignature.verify_header(
            body, signature, secret, stripe.Webhook.DEFAULT_TOLERANCE
        )
    except stripe.SignatureVerificationError:
        return False
    return True
