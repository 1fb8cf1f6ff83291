"""The billing page's query count, and the demo data."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from billing.demo import DEMO_USAGE, seed
from billing.models import Usage
from billing.selectors import plan_for_user, usage_for_user

from .helpers import customer_for, post_event

pytestmark = pytest.mark.django_db


def _invoices(fake, user, count, capture):
    from django.test import Client

    sub = fake.subscription_create(customer=customer_for(user), price="careercopilot_pro_monthly")
    for _ in range(count):
        invoice = fake.invoice_create(subscription=sub["id"], status="paid")
        with capture(execute=True):
            post_event(Client(), fake, fake.event("invoice.paid", invoice))


@pytest.mark.parametrize("invoices", [1, 30])
def test_billing_page_queries_do_not_grow_with_invoices(
    stripe_catalog,
    alice,
    alice_client,
    invoices,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    _invoices(stripe_catalog, alice, invoices, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(12):
        response = alice_client.get(reverse("billing:home"))
    assert response.status_code == 200
    assert response.content.decode().count("/billing/invoices/in_") == min(invoices, 24)


def test_demo_seeker_has_pro_and_some_usage():
    seeker = UserFactory(email="seeker@demo.careercopilot.dev")
    lines = []
    seed(users={"seeker": seeker}, log=lines.append)
    seed(users={"seeker": seeker}, log=lines.append)  # re-running changes nothing

    assert plan_for_user(seeker).code == "pro"
    used = {line.feature: line.used for line in usage_for_user(seeker)}
    assert used == DEMO_USAGE
    assert Usage.objects.filter(user=seeker).count() == len(DEMO_USAGE)
    assert "seeker@demo.careercopilot.dev" in lines[0]
