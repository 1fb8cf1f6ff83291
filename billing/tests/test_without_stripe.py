"""Without Stripe keys (D7): the site works, everyone is on Free, admins grant plans."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import BillingAccount
from billing.plans import PREMIUM
from billing.selectors import plan_for_user
from billing.services import entitlement_consume, plan_grant, plan_grant_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_stripe(settings):
    settings.STRIPE_TEST_SECRET_KEY = ""
    settings.STRIPE_LIVE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def test_billing_page_says_billing_is_not_configured(alice_client):
    html = alice_client.get(reverse("billing:home")).content.decode()
    assert "Billing is not configured on this site" in html
    assert 'Your plan: <span data-testid="plan-name">Free</span>' in html
    assert "Upgrade to" not in html
    assert "AI match analyses" in html  # usage bars still show


def test_checkout_and_portal_explain_instead_of_failing(alice_client):
    for url in (reverse("billing:checkout", args=["pro"]), reverse("billing:portal")):
        response = alice_client.post(url, follow=True)
        assert response.status_code == 200
        assert "Billing is not configured on this site" in response.content.decode()


def test_webhooks_are_refused_until_configured(client):
    response = client.post(
        reverse("billing:webhook"),
        data="{}",
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE="t=1,v1=x",
    )
    assert response.status_code == 503


def test_pricing_page_sends_signed_in_users_to_the_billing_page(alice_client):
    html = alice_client.get(reverse("pricing")).content.decode()
    assert f'href="{reverse("billing:home")}" role="button"' in html
    assert reverse("billing:checkout", args=["pro"]) not in html


def test_an_admin_grant_gives_the_plan_until_its_end_date(alice):
    plan_grant(user=alice, plan_code="premium", until=timezone.now() + dt.timedelta(days=10))
    assert plan_for_user(alice) is PREMIUM
    assert entitlement_consume(user=alice, feature="ai_analyses", amount=50).limit is None

    BillingAccount.objects.filter(user=alice).update(
        granted_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert plan_for_user(alice).code == "free"


def test_grants_need_a_paid_plan_and_a_future_end_date(alice):
    with pytest.raises(ValueError):
        plan_grant(user=alice, plan_code="free", until=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValueError):
        plan_grant(user=alice, plan_code="pro", until=timezone.now() - dt.timedelta(days=1))
    account = plan_grant(user=alice, plan_code="pro", until=timezone.now() + dt.timedelta(days=1))
    plan_grant_revoke(account=account)
    assert plan_for_user(alice).code == "free"


def test_granted_plan_shows_on_the_billing_page(alice, alice_client):
    plan_grant(user=alice, plan_code="premium", until=timezone.now() + dt.timedelta(days=10))
    html = alice_client.get(reverse("billing:home")).content.decode()
    assert "an administrator has given you Premium" in html
    assert "Granted by an administrator until" in html
