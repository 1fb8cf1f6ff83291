"""Failed payments (7-day grace, then Free) and early fraud warnings (flag for review)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Notification, NotificationCategory
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from billing.models import BillingAccount
from billing.plans import PRO
from billing.selectors import plan_for_user
from billing.services.accounts import grace_periods_expire

from .helpers import customer_for, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(stripe_catalog, django_capture_on_commit_callbacks):
    client = Client()

    def send(event_type: str, obj: dict):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_event(client, stripe_catalog, stripe_catalog.event(event_type, obj))
        assert response.status_code == 200
        return response

    return send


@pytest.fixture
def alice_on_pro(stripe_catalog, alice, deliver):
    customer = customer_for(alice)
    sub = stripe_catalog.subscription_create(customer=customer, price=PRO.stripe_lookup_key)
    deliver("customer.subscription.created", sub)
    assert plan_for_user(alice) is PRO
    return sub


def billing_notifications(user):
    return Notification.objects.filter(user=user, category=NotificationCategory.BILLING)


def test_a_failed_payment_notifies_once_and_keeps_the_plan_for_seven_days(
    stripe_catalog, alice, alice_on_pro, deliver
):
    stripe_catalog.subscription_update(alice_on_pro["id"], status="past_due")
    invoice = stripe_catalog.invoice_create(subscription=alice_on_pro["id"], status="open")
    before = billing_notifications(alice).count()

    deliver("invoice.payment_failed", invoice)
    deliver("invoice.payment_failed", {**invoice})  # Stripe's retry fails again: same invoice

    account = BillingAccount.objects.get(user=alice)
    assert account.subscription_status == "past_due"
    remaining = account.grace_until - timezone.now()
    assert dt.timedelta(days=6, hours=23) < remaining <= dt.timedelta(days=7)
    assert plan_for_user(alice) is PRO  # still Pro during the grace period
    failed = billing_notifications(alice).filter(title="Your payment didn't go through")
    assert failed.count() == 1 and billing_notifications(alice).count() == before + 1


def test_after_the_grace_period_the_user_is_on_free_and_told_once(
    stripe_catalog, alice, alice_on_pro, deliver
):
    stripe_catalog.subscription_update(alice_on_pro["id"], status="past_due")
    deliver(
        "invoice.payment_failed",
        stripe_catalog.invoice_create(subscription=alice_on_pro["id"], status="open"),
    )
    BillingAccount.objects.filter(user=alice).update(
        grace_until=timezone.now() - dt.timedelta(minutes=1)
    )

    assert plan_for_user(alice).code == "free"
    assert grace_periods_expire() == 1
    assert grace_periods_expire() == 0
    assert (
        billing_notifications(alice).filter(title__contains="moved to the Free plan").count() == 1
    )


def test_a_successful_retry_ends_the_grace_period(stripe_catalog, alice, alice_on_pro, deliver):
    stripe_catalog.subscription_update(alice_on_pro["id"], status="past_due")
    invoice = stripe_catalog.invoice_create(subscription=alice_on_pro["id"], status="open")
    deliver("invoice.payment_failed", invoice)

    stripe_catalog.subscription_update(alice_on_pro["id"], status="active")
    invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0)
    deliver("invoice.paid", invoice)

    account = BillingAccount.objects.get(user=alice)
    assert account.grace_until is None and account.payment_failed_at is None
    assert plan_for_user(alice) is PRO


def test_a_failure_event_processed_after_the_payment_succeeded_changes_nothing(
    stripe_catalog, alice, alice_on_pro, deliver
):
    invoice = stripe_catalog.invoice_create(subscription=alice_on_pro["id"], status="paid")
    before = billing_notifications(alice).count()
    deliver("invoice.payment_failed", {**invoice, "status": "open"})  # a stale snapshot
    assert BillingAccount.objects.get(user=alice).grace_until is None
    assert billing_notifications(alice).count() == before


def test_an_early_fraud_warning_flags_the_account_and_tells_the_admins(
    stripe_catalog, alice, alice_on_pro, deliver
):
    admin = UserFactory(email="root@example.com", roles=[Role.ADMIN])
    charge = stripe_catalog.charge_create(customer=alice_on_pro["customer"])
    warning = stripe_catalog.early_fraud_warning(charge=charge["id"])

    deliver("radar.early_fraud_warning.created", warning)
    deliver("radar.early_fraud_warning.created", warning)  # redelivered

    account = BillingAccount.objects.get(user=alice)
    assert account.is_fraud_flagged
    assert warning["id"] in account.fraud_reason and charge["id"] in account.fraud_reason
    alerts = billing_notifications(admin)
    assert alerts.count() == 1 and alice.email in alerts.get().title
    assert plan_for_user(alice) is PRO  # flagged for review, not punished
