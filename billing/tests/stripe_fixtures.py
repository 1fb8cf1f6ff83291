"""Fixtures that switch billing on against the local fake Stripe (tests/fakes/stripe_server.py).

Import them into a test module or conftest: ``from billing.tests.stripe_fixtures import *``.
"""

from __future__ import annotations

import pytest
import stripe

from tests.fakes.stripe_server import FakeStripe

# dj-stripe accepts keys of the form (sk|pk|rk)_(test|live)_[A-Za-z0-9]{24,}.
STRIPE_TEST_KEY = "sk_test_51FakeCareerCopilotKey0000000000"
WEBHOOK_SECRET = "whsec_fakeCareerCopilotSigningSecret000"

__all__ = ["STRIPE_TEST_KEY", "WEBHOOK_SECRET", "fake_stripe", "stripe_catalog", "stripe_env"]


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    """Billing on, the real stripe SDK pointed at a fresh fake Stripe server."""
    settings.STRIPE_LIVE_MODE = False
    settings.STRIPE_TEST_SECRET_KEY = STRIPE_TEST_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    with FakeStripe(webhook_secret=WEBHOOK_SECRET) as fake:
        monkeypatch.setattr(stripe, "api_base", fake.url)
        monkeypatch.setattr(stripe, "max_network_retries", 0)
        yield fake


@pytest.fixture
def stripe_catalog(fake_stripe, db):
    """The fake Stripe with the plans' products and prices (billing_sync_plans)."""
    from billing.services.catalog import plans_sync

    plans_sync()
    return fake_stripe


@pytest.fixture
def stripe_env(fake_stripe, monkeypatch):
    """The same fake Stripe for processes started by the test (a real Celery worker)."""
    monkeypatch.setenv("STRIPE_TEST_SECRET_KEY", STRIPE_TEST_KEY)
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("STRIPE_API_HOST", fake_stripe.url)
    monkeypatch.delenv("STRIPE_LIVE_MODE", raising=False)
    return fake_stripe
