"""The pricing page lists every metered allowance of every plan, and its storage, from the
one definition."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from billing.plans import FEATURES, FREE, PLANS, PREMIUM, PRO

pytestmark = pytest.mark.django_db


def _card(html: str, code: str) -> str:
    match = re.search(rf'<article[^>]*aria-labelledby="plan-{code}".*?</article>', html, re.S)
    assert match, f"no card for {code}"
    return match.group(0)


def test_each_plan_card_lists_each_quota_with_its_allowance(client):
    html = client.get(reverse("pricing")).content.decode()
    for plan in PLANS.values():
        card = _card(html, plan.code)
        lines = [
            re.sub(r"\s+", " ", li).strip() for li in re.findall(r"<li>(.*?)</li>", card, re.S)
        ]
        assert set(plan.entitlement_lines()) <= set(lines)
        assert len(plan.entitlement_lines()) == len(FEATURES) + 1  # and the storage


def test_plans_keep_their_prices_and_interview_prep_is_a_quota_of_its_own():
    assert [(p.name, p.monthly_price) for p in (FREE, PRO, PREMIUM)] == [
        ("Free", Decimal("0")),
        ("Pro", Decimal("9.99")),
        ("Premium", Decimal("19.99")),
    ]
    assert "interview_prep" in FEATURES
    assert FREE.limit("interview_prep") < PRO.limit("interview_prep")
    assert PREMIUM.limit("interview_prep") is None


def test_pricing_names_interview_prep_per_plan(client):
    html = client.get(reverse("pricing")).content.decode()
    assert "10 interview preps and practice answers per month" in _card(html, "free")
    assert "200 interview preps and practice answers per month" in _card(html, "pro")
    assert "Unlimited interview preps and practice answers" in _card(html, "premium")


def test_pricing_names_claude_only_when_this_site_uses_it(client, settings):
    """Guards "Claude when it is configured": the page speaks of Claude only when the site
    really runs it, and never of configuration."""
    settings.AI_ENGINE, settings.ANTHROPIC_API_KEY = "local", ""
    html = client.get(reverse("pricing")).content.decode()
    assert "Claude" not in html and "configured" not in html
    settings.AI_ENGINE, settings.ANTHROPIC_API_KEY = "anthropic", "sk-test"
    premium = _card(client.get(reverse("pricing")).content.decode(), PREMIUM.code)
    assert "written by Claude" in premium and "configured" not in premium
    assert "Claude" not in _card(client.get(reverse("pricing")).content.decode(), PRO.code)


def test_pricing_page_starts_checkout_and_marks_the_current_plan(stripe_catalog, alice_client):
    html = alice_client.get(reverse("pricing")).content.decode()
    assert f'action="{reverse("billing:checkout", args=["pro"])}"' in html
    assert f'action="{reverse("billing:checkout", args=["premium"])}"' in html
    assert ">Your plan</a>" in html  # Free
