"""Starting Stripe Checkout (D2) and the Billing Portal (D4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .. import stripe_gateway as gateway
from ..models import CheckoutSession
from ..plans import PLANS, Plan
from .stripe_sync import account_for_user, subscription_is_live

__all__ = [
    "NoBillingCustomer",
    "Redirect",
    "checkout_start",
    "portal_start",
]


class NoBillingCustomer(Exception):
    """The user has never paid through Stripe: there is no portal to open."""


@dataclass(frozen=True)
class Redirect:
    url: str
    to_portal: bool = False


def _paid_plan(plan_code: str) -> Plan:
    plan = PLANS.get(plan_code)
    if plan is None or plan.is_free:
        raise ValueError(f"Not a paid plan: {plan_code!r}")
    return plan


def checkout_start(
    *, user, plan_code: str, success_url: str, cancel_url: str, portal_return_url: str
) -> Redirect:
    """Where to send ``user`` to subscribe to ``plan_code``.

    A new subscriber gets a hosted Checkout Session (mode subscription) for their
    dj-stripe customer, created on first use. Someone who already has a live
    subscription at Stripe is sent to the Billing Portal to change it instead, so
    nobody ends up paying twice. ``success_url`` may contain ``{CHECKOUT_SESSION_ID}``.
    Raises ``stripe_gateway.BillingNotConfigured`` without Stripe keys.
    """
    plan = _paid_plan(plan_code)
    gateway.api_key()  # fail early, before any row is written, when billing is off
    account = account_for_user(user)
    if account.customer_id:
        live = [
            s
            for s in gateway.subscriptions_for_customer(account.customer_id)
            if subscription_is_live(s["status"])
        ]
        if live:
            return portal_start(user=user, return_url=portal_return_url)
    customer = gateway.customer_get_or_create(user)
    if account.customer_id != customer.id:
        account.customer_id = customer.id
        account.save(update_fields=["customer_id", "updated_at"])
    session = gateway.checkout_session_create(
        customer_id=customer.id,
        price_id=gateway.price_id_for_plan(plan),
        user_id=user.pk,
        plan=plan,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    with transaction.atomic():
        CheckoutSession.objects.create(user=user, session_id=session["id"], plan=plan.code)
    return Redirect(url=session["url"])


def portal_start(*, user, return_url: str) -> Redirect:
    """A Billing Portal session for the user's own Stripe customer (change card, plan, cancel)."""
    gateway.api_key()
    account = account_for_user(user)
    if not account.customer_id:
        raise NoBillingCustomer("You have no billing history yet.")
    session = gateway.portal_session_create(customer_id=account.customer_id, return_url=return_url)
    return Redirect(url=session["url"], to_portal=True)
