"""Fixtures for the AI engine tests: Alice on Premium, so Claude is allowed for her."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _premium_alice(request):
    if "alice" in request.fixturenames:
        from billing.services import plan_grant

        until = timezone.now() + dt.timedelta(days=30)
        plan_grant(user=request.getfixturevalue("alice"), plan_code="premium", until=until)
