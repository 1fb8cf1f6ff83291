"""Cancelling a subscription when its account is deleted (A6), and when there is none."""

from pathlib import Path

import pytest

from billing.selectors import plan_for_user
from billing.services import subscription_cancel_for_user

from .helpers import customer_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_deleting_an_account_cancels_its_stripe_subscription(stripe_catalog, alice, deliver):
    sub = stripe_catalog.subscription_create(
        customer=customer_for(alice), price="careercopilot_pro_monthly"
    )
    deliver("customer.subscription.created", sub)

    assert subscription_cancel_for_user(user=alice) == [sub["id"]]

    assert stripe_catalog.get("subscription", sub["id"])["status"] == "canceled"
    assert plan_for_user(alice).code == "free"
    assert subscription_cancel_for_user(user=alice) == []  # nothing left to cancel


def test_cancel_without_billing_or_customer_is_a_no_op(alice, bob, settings):
    assert subscription_cancel_for_user(user=bob) == []
