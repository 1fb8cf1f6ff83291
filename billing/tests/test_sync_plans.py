"""billing_sync_plans: Stripe products and prices from the one plan definition (D1)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from djstripe.models import Price, Product

from billing.plans import PAID_PLANS, PREMIUM, PRO

pytestmark = pytest.mark.django_db


def sync(*args) -> str:
    out = StringIO()
    call_command("billing_sync_plans", *args, stdout=out)
    return out.getvalue()


def test_first_run_creates_a_product_and_a_monthly_price_per_paid_plan(fake_stripe):
    output = sync()

    assert "Pro: product created; price created" in output
    assert "Premium: product created; price created" in output
    prices = {p["lookup_key"]: p for p in fake_stripe.all("price")}
    assert prices[PRO.stripe_lookup_key]["unit_amount"] == 999
    assert prices[PREMIUM.stripe_lookup_key]["unit_amount"] == 1999
    assert prices[PRO.stripe_lookup_key]["recurring"]["interval"] == "month"
    assert prices[PRO.stripe_lookup_key]["product"] == PRO.stripe_product_id
    # dj-stripe mirrors them
    assert Product.objects.filter(id__in=[p.stripe_product_id for p in PAID_PLANS]).count() == 2
    assert Price.objects.count() == 2


def test_second_run_changes_nothing(fake_stripe):
    sync()
    posts_before = sum(1 for method, *_ in fake_stripe.requests if method == "POST")

    output = sync()

    assert output.count("unchanged") == 2
    assert sum(1 for method, *_ in fake_stripe.requests if method == "POST") == posts_before
    assert len(fake_stripe.all("price")) == 2 and len(fake_stripe.all("product")) == 2


def test_a_price_that_drifted_is_replaced_and_the_lookup_key_moves(fake_stripe):
    sync()
    old = next(p for p in fake_stripe.all("price") if p["lookup_key"] == PRO.stripe_lookup_key)
    old["unit_amount"] = 899  # someone edited it by hand

    output = sync()

    assert "Pro: price replaced" in output
    assert old["active"] is False and old["lookup_key"] is None
    new = fake_stripe.price_by_lookup_key(PRO.stripe_lookup_key)
    assert new["unit_amount"] == 999 and new["id"] != old["id"]


def test_a_renamed_product_is_put_back(fake_stripe):
    sync()
    fake_stripe.get("product", PRO.stripe_product_id)["name"] = "Old name"
    assert "Pro: product updated (name)" in sync()
    assert fake_stripe.get("product", PRO.stripe_product_id)["name"] == "Career Copilot Pro"


def test_dry_run_changes_nothing(fake_stripe):
    output = sync("--dry-run")
    assert "[dry run] Pro: product created; price created" in output
    assert fake_stripe.all("product") == []


def test_without_stripe_keys_the_command_says_so(settings):
    settings.STRIPE_TEST_SECRET_KEY = ""
    with pytest.raises(CommandError, match="Stripe is not configured"):
        sync()
