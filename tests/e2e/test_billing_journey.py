"""Billing journey: pricing → Stripe Checkout (local fake) → webhooks → the billing page shows Pro."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from billing.models import BillingAccount, CheckoutSession, WebhookEvent
from billing.services.catalog import plans_sync
from billing.tests.stripe_fixtures import *  # noqa: F403 - fake_stripe

from .axe import serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_choose_pro_pay_on_checkout_and_see_pro_after_the_webhooks(
    live_server, page: Page, console_errors, fake_stripe, django_user_model
):
    fake_stripe.webhook_url = f"{live_server.url}/billing/webhook/"
    fake_stripe.webhook_delay = 1.5  # Stripe's webhooks trail the redirect: the page must wait
    plans_sync()
    user = django_user_model.objects.create_user(
        email="sam@example.com", password="Correct-Horse-Battery-42"
    )
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/pricing/")
    pro = page.locator("article", has=page.get_by_role("heading", name="Pro"))
    pro.get_by_role("button", name="Choose Pro").click()

    # Stripe's hosted Checkout (the fake one): pay.
    expect(page.get_by_role("heading", name="Pay Career Copilot")).to_be_visible()
    expect(page.get_by_text("Career Copilot Pro for $9.99 per month")).to_be_visible()
    page.get_by_role("button", name="Subscribe").click()

    # Back on our success page, which waits for the webhooks rather than the redirect.
    expect(page.get_by_text("Confirming your payment with Stripe")).to_be_visible()
    expect(page.get_by_role("heading", name="You're on Pro")).to_be_visible(timeout=15_000)
    fake_stripe.wait_for_deliveries()
    delivered = {event_type: status for event_type, status in fake_stripe.deliveries}
    assert delivered["checkout.session.completed"] == 200
    assert delivered["customer.subscription.created"] == 200
    assert WebhookEvent.objects.filter(status="done").count() == 3  # with invoice.paid
    assert CheckoutSession.objects.get(user=user).status == "complete"

    page.get_by_role("button", name="Go to billing").click()
    expect(page.get_by_test_id("plan-name")).to_have_text("Pro")
    expect(page.get_by_text("0 of 100")).to_be_visible()  # AI analyses: Pro's quota
    expect(page.get_by_text("0 of 30")).to_be_visible()  # cover letters
    expect(page.get_by_role("button", name="Manage billing")).to_be_visible()
    assert BillingAccount.objects.get(user=user).stripe_plan == "pro"
    assert serious_axe_violations(page) == []
    assert console_errors == []
