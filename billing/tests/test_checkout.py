"""Checkout (D2): hosted Checkout with a reused customer, success page polling, cancel page."""

import pytest
from django.urls import reverse

from billing.models import BillingAccount, CheckoutSession
from billing.plans import PRO

from .helpers import customer_for, post_event

pytestmark = pytest.mark.django_db


def start(client, plan="pro", **headers):
    return client.post(reverse("billing:checkout", args=[plan]), **headers)


def test_checkout_creates_a_subscription_session_for_the_users_customer(
    stripe_catalog, alice, alice_client
):
    response = start(alice_client)

    assert response.status_code == 303
    session = CheckoutSession.objects.get(user=alice)
    assert session.plan == "pro" and session.status == "open"
    fake_session = stripe_catalog.get("checkout.session", session.session_id)
    assert response["Location"] == fake_session["url"]
    assert fake_session["mode"] == "subscription"
    assert fake_session["client_reference_id"] == str(alice.pk)
    assert (
        fake_session["_line_items"][0]["price"]
        == stripe_catalog.price_by_lookup_key(PRO.stripe_lookup_key)["id"]
    )
    assert "{CHECKOUT_SESSION_ID}" in fake_session["success_url"]
    customer = stripe_catalog.get("customer", fake_session["customer"])
    assert customer["email"] == alice.email
    assert customer["metadata"]["djstripe_subscriber"] == str(alice.pk)
    assert BillingAccount.objects.get(user=alice).customer_id == customer["id"]


def test_a_second_checkout_reuses_the_same_customer(stripe_catalog, alice, alice_client):
    start(alice_client)
    start(alice_client, plan="premium")
    customers = {s["customer"] for s in stripe_catalog.all("checkout.session")}
    assert len(customers) == 1 and len(stripe_catalog.all("customer")) == 1


def test_htmx_checkout_redirects_on_the_client(stripe_catalog, alice_client):
    response = start(alice_client, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(stripe_catalog.url + "/checkout/cs_test_")


def test_a_subscriber_is_sent_to_the_portal_instead(stripe_catalog, alice, alice_client):
    customer = customer_for(alice)
    stripe_catalog.subscription_create(customer=customer, price=PRO.stripe_lookup_key)

    response = start(alice_client, plan="premium")

    assert response.status_code == 303
    assert response["Location"].startswith(stripe_catalog.url + "/portal/bps_")
    assert not CheckoutSession.objects.exists()


def test_only_paid_plans_can_be_bought_and_only_by_post(stripe_catalog, alice_client):
    assert start(alice_client, plan="free").status_code == 404
    assert start(alice_client, plan="platinum").status_code == 404
    assert alice_client.get(reverse("billing:checkout", args=["pro"])).status_code == 405


def test_checkout_needs_sign_in(stripe_catalog, client):
    response = start(client)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_stripe_being_down_is_reported_and_nothing_is_recorded(stripe_catalog, alice, alice_client):
    stripe_catalog.stop()
    response = alice_client.post(reverse("billing:checkout", args=["pro"]), follow=True)
    assert "couldn&#x27;t reach our payment provider" in response.content.decode()
    assert not CheckoutSession.objects.exists()


def test_success_page_waits_for_the_webhook_not_the_redirect(
    stripe_catalog, alice, alice_client, django_capture_on_commit_callbacks
):
    start(alice_client)
    session = CheckoutSession.objects.get(user=alice)
    url = reverse("billing:checkout_success") + f"?session_id={session.session_id}"
    events = stripe_catalog.checkout_complete(session.session_id)  # paid on Stripe's page

    waiting = alice_client.get(url)
    assert waiting.status_code == 200
    assert "Confirming your payment with Stripe" in waiting.content.decode()
    assert 'hx-trigger="every 1s"' in waiting.content.decode()

    for event in events[:2]:  # checkout.session.completed, customer.subscription.created
        with django_capture_on_commit_callbacks(execute=True):
            post_event(alice_client, stripe_catalog, event)

    poll = alice_client.get(url, HTTP_HX_REQUEST="true")
    html = poll.content.decode()
    assert "You're on Pro" in html and "hx-trigger" not in html
    assert "<html" not in html  # only the status fragment
    session.refresh_from_db()
    assert session.status == "complete" and session.completed_at


def test_success_page_of_someone_elses_session_is_404(stripe_catalog, alice_client, bob_client):
    start(alice_client)
    session = CheckoutSession.objects.get()
    url = reverse("billing:checkout_success") + f"?session_id={session.session_id}"
    assert bob_client.get(url).status_code == 404
    assert bob_client.get(reverse("billing:checkout_success")).status_code == 404


def test_cancel_page_says_nothing_was_charged(alice_client):
    html = alice_client.get(reverse("billing:checkout_cancelled")).content.decode()
    assert "No payment was taken" in html
