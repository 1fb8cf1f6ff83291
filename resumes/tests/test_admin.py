"""The admin shows AI call totals (C9 accounting)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from careercopilot.ai.accounting import AICall

pytestmark = pytest.mark.django_db


def test_ai_call_changelist_shows_totals(client, settings, alice):
    settings.ADMIN_REQUIRES_MFA = False
    admin = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    AICall.objects.create(
        user=alice,
        feature="match",
        engine="anthropic",
        requested_engine="anthropic",
        model="claude-sonnet-4-6",
        tokens_in=2000,
        tokens_out=500,
        cost_usd=Decimal("0.0135"),
        latency_ms=900,
    )
    AICall.objects.create(
        user=alice,
        feature="match",
        engine="local",
        requested_engine="anthropic",
        outcome="fallback",
        latency_ms=300,
    )
    client.force_login(admin)
    response = client.get(reverse("admin:careercopilot_aicall_changelist"))
    page = response.content.decode()
    assert response.status_code == 200, page[:500]
    assert "2 calls · 2000 tokens in · 500 tokens out · $0.0135 · average latency 600 ms" in page
    assert "local / fallback: 1 calls" in page
