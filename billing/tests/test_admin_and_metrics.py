"""Admin (D6 metrics, D7 grants, fraud review, webhook inbox)."""

import datetime as dt
from decimal import Decimal

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from billing.metrics import billing_metrics
from billing.models import BillingAccount, SubscriptionRecord, WebhookEvent
from billing.periods import add_months, calendar_month
from billing.selectors import plan_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="root@example.com", roles=[Role.ADMIN])
    TOTP.activate(admin, pyotp.random_base32())
    client.force_login(admin)
    return client


def record(n, plan, status, *, started, amount=999, trial_end=None, ended=None, user=None):
    return SubscriptionRecord.objects.create(
        subscription_id=f"sub_{n}",
        customer_id=f"cus_{n}",
        user=user,
        plan=plan,
        status=status,
        unit_amount=amount,
        started_at=started,
        trial_end=trial_end,
        ended_at=ended,
    )


@pytest.fixture
def history():
    now = timezone.now()
    this_month = calendar_month(now).start
    last_month = add_months(this_month, -1)
    long_ago = add_months(this_month, -3)
    record(1, "pro", "active", started=long_ago)
    record(2, "pro", "active", started=long_ago)
    record(3, "premium", "active", started=long_ago, amount=1999)
    record(
        4,
        "pro",
        "trialing",
        started=now - dt.timedelta(days=1),
        trial_end=now + dt.timedelta(days=13),
    )
    record(5, "pro", "past_due", started=long_ago)
    record(6, "pro", "canceled", started=long_ago, ended=this_month + dt.timedelta(minutes=5))
    # a trial that ended last month and converted, and one that did not
    record(
        7,
        "premium",
        "active",
        started=last_month,
        trial_end=last_month + dt.timedelta(days=2),
        amount=1999,
    )
    record(
        8,
        "pro",
        "canceled",
        started=last_month,
        trial_end=last_month + dt.timedelta(days=2),
        ended=last_month + dt.timedelta(days=2),
    )
    record(9, "", "active", started=long_ago)  # a price that is not one of our plans
    return this_month, last_month


def test_metrics_count_subscribers_mrr_conversions_and_churn(history):
    this_month, last_month = history
    metrics = billing_metrics(months=4)

    by_plan = {line.name: line for line in metrics.plans}
    assert by_plan["Pro"].subscribers == 4 and by_plan["Pro"].trialing == 1
    assert by_plan["Premium"].subscribers == 2
    assert metrics.mrr == Decimal("9.99") * 3 + Decimal("19.99") * 2
    months = {line.month: line for line in metrics.months}
    assert months[this_month].churned == 1
    assert months[this_month].paying_at_start == 6  # 1, 2, 3, 5, 6 and the converted trial 7
    assert months[last_month].trials_ended == 2 and months[last_month].trials_converted == 1
    assert months[last_month].trial_conversion_rate == 0.5
    assert months[last_month].paid_conversions == 1


def test_metrics_page_renders_in_the_admin(admin_client, history):
    response = admin_client.get(reverse("admin:billing_metrics"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Billing metrics" in html and "Monthly recurring revenue" in html
    assert '<span data-metric="mrr">$69.95</span>' in html
    assert "Churn rate" in html


def test_metrics_page_is_for_staff_only(alice_client):
    response = alice_client.get(reverse("admin:billing_metrics"))
    assert response.status_code == 302


def test_account_list_and_change_form_render(admin_client, alice):
    BillingAccount.objects.create(user=alice, fraud_flagged_at=timezone.now(), fraud_reason="x")
    changelist = admin_client.get(
        reverse("admin:billing_billingaccount_changelist") + "?fraud=open"
    )
    assert changelist.status_code == 200 and alice.email in changelist.content.decode()
    account = BillingAccount.objects.get(user=alice)
    change = admin_client.get(reverse("admin:billing_billingaccount_change", args=[account.pk]))
    assert change.status_code == 200


def test_admin_grants_a_plan_with_an_end_date(admin_client, alice):
    url = reverse("admin:billing_billingaccount_add")
    missing_end = admin_client.post(url, {"user": alice.pk, "granted_plan": "premium"})
    assert "A granted plan needs an end date." in missing_end.content.decode()

    until = timezone.now() + dt.timedelta(days=14)
    response = admin_client.post(
        url,
        {
            "user": alice.pk,
            "granted_plan": "premium",
            "granted_until_0": until.strftime("%Y-%m-%d"),
            "granted_until_1": until.strftime("%H:%M:%S"),
            "granted_note": "Scholarship",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert plan_for_user(alice).code == "premium"


def test_grant_and_review_actions(admin_client, alice):
    account = BillingAccount.objects.create(user=alice, fraud_flagged_at=timezone.now())
    url = reverse("admin:billing_billingaccount_changelist")
    admin_client.post(url, {"action": "grant_pro", "_selected_action": [account.pk]})
    assert plan_for_user(alice).code == "pro"
    admin_client.post(url, {"action": "mark_fraud_reviewed", "_selected_action": [account.pk]})
    admin_client.post(url, {"action": "revoke_grant", "_selected_action": [account.pk]})
    account.refresh_from_db()
    assert not account.is_fraud_flagged and account.granted_plan == ""


def test_webhook_inbox_lists_events_and_requeues_failed_ones(
    admin_client, django_capture_on_commit_callbacks
):
    event = WebhookEvent.objects.create(
        stripe_id="evt_1", type="invoice.paid", payload={}, status=WebhookEvent.Status.FAILED
    )
    url = reverse("admin:billing_webhookevent_changelist")
    assert "evt_1" in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(url, {"action": "process_again", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == WebhookEvent.Status.PENDING and len(callbacks) == 1
