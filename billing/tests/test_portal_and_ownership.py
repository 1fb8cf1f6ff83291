"""Portal (D4) and ownership: every billing URL acts on the signed-in user's own data only."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from billing.plans import PRO

from .helpers import customer_for, post_event

pytestmark = pytest.mark.django_db

# Every billing URL, and what it needs to name one of Alice's things.
BILLING_URLS = {
    "home": {},
    "checkout": {"plan_code": "pro"},
    "checkout_success": {},  # ?session_id=
    "checkout_cancelled": {},
    "portal": {},
    "invoice": {"invoice_id": "invoice"},
    "webhook": {},  # no user: Stripe-signed
}


def billing_patterns() -> list[URLPattern]:
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "billing"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def test_every_billing_url_is_covered_here():
    assert {p.name for p in billing_patterns()} == set(BILLING_URLS)


@pytest.fixture
def alices_invoice(stripe_catalog, alice, django_capture_on_commit_callbacks):
    customer = customer_for(alice)
    sub = stripe_catalog.subscription_create(customer=customer, price=PRO.stripe_lookup_key)
    invoice = stripe_catalog.invoice_create(subscription=sub["id"], status="paid")
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        post_event(Client(), stripe_catalog, stripe_catalog.event("invoice.paid", invoice))
    return invoice


def test_alice_opens_her_portal_for_her_own_customer(stripe_catalog, alice, alice_client):
    customer = customer_for(alice)
    response = alice_client.post(reverse("billing:portal"))
    assert response.status_code == 303
    portal = stripe_catalog.all("billing_portal.session")[-1]
    assert response["Location"] == portal["url"]
    assert portal["customer"] == customer
    assert portal["return_url"].endswith(reverse("billing:home"))


def test_bob_cannot_open_alices_portal(stripe_catalog, alice, bob, bob_client):
    customer_for(alice)
    response = bob_client.post(reverse("billing:portal"), follow=True)
    assert "no subscription to manage" in response.content.decode()
    assert stripe_catalog.all("billing_portal.session") == []

    bobs = customer_for(bob)
    bob_client.post(reverse("billing:portal"))
    assert [p["customer"] for p in stripe_catalog.all("billing_portal.session")] == [bobs]


def test_alice_sees_and_opens_her_invoice(alices_invoice, alice_client):
    page = alice_client.get(reverse("billing:home")).content.decode()
    assert alices_invoice["number"] in page and "$9.99 USD" in page
    response = alice_client.get(reverse("billing:invoice", args=[alices_invoice["id"]]))
    assert response.status_code == 302
    assert response["Location"] == alices_invoice["hosted_invoice_url"]


def test_bob_gets_404_on_alices_invoice_and_does_not_see_it(alices_invoice, bob, bob_client):
    customer_for(bob)
    assert (
        bob_client.get(reverse("billing:invoice", args=[alices_invoice["id"]])).status_code == 404
    )
    assert alices_invoice["number"] not in bob_client.get(reverse("billing:home")).content.decode()


def test_pages_need_sign_in(client):
    for name in ("home", "checkout_cancelled", "checkout_success", "portal"):
        response = client.get(reverse(f"billing:{name}"))
        assert response.status_code in (302, 405)
