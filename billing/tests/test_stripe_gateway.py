"""The Stripe gateway: the calls the services make through it, against the fake Stripe."""

import pytest
from django.test import Client
from djstripe.models import Price, Product

from billing import stripe_gateway as gateway
from billing.models import BillingAccount, WebhookEvent
from billing.plans import PAID_PLANS, PRO
from billing.selectors import plan_for_user

from .helpers import post_event
from .stripe_fixtures import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db


def test_a_customer_made_elsewhere_is_linked_by_its_subscriber_metadata(
    stripe_catalog, alice, django_capture_on_commit_callbacks
):
    """Guards the customer lookup the sync makes through the gateway (not dj-stripe's
    own client): a customer unknown locally is read from Stripe and linked to its user."""
    customer = stripe_catalog.customer_create(
        email=alice.email, metadata={"djstripe_subscriber": str(alice.pk)}
    )
    sub = stripe_catalog.subscription_create(customer=customer["id"], price=PRO.stripe_lookup_key)
    event = stripe_catalog.event("customer.subscription.created", sub)

    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(Client(), stripe_catalog, event).status_code == 200

    assert WebhookEvent.objects.get().status == WebhookEvent.Status.DONE
    assert BillingAccount.objects.get(user=alice).customer_id == customer["id"]
    assert plan_for_user(alice) is PRO
    assert ("GET", f"/v1/customers/{customer['id']}") in {
        (method, path) for method, path, _ in stripe_catalog.requests
    }


def test_plan_sync_mirrors_each_product_and_its_price_into_dj_stripe(stripe_catalog):
    """Guards the catalog's mirror, which now goes through the gateway."""
    for plan in PAID_PLANS:
        price_id = gateway.price_id_for_plan(plan)
        assert Product.objects.filter(id=plan.stripe_product_id).exists()
        assert Price.objects.get(id=price_id).product_id == plan.stripe_product_id


def test_the_webhook_signature_check_accepts_only_the_signed_body_and_secret(stripe_catalog):
    event = stripe_catalog.event("customer.discount.created", {"id": "di_1", "object": "x"})
    body, header = stripe_catalog.signed(event)

    def valid(body: str = body, secret: str = WEBHOOK_SECRET) -> bool:
        return gateway.webhook_signature_valid(body=body, signature=header, secret=secret)

    assert valid()
    assert not valid(secret="whsec_someone_else")
    assert not valid(body=body.replace("di_1", "di_2"))
