"""Fixtures of the billing tests: the fake Stripe catalogue, and delivering a signed event."""

import pytest
from django.test import Client

from billing.models import WebhookEvent
from billing.tests.helpers import post_event
from billing.tests.stripe_fixtures import *  # noqa: F403 - fixtures


@pytest.fixture
def deliver(stripe_catalog, django_capture_on_commit_callbacks):
    """Posts a signed event to the webhook, runs its task, and returns its row."""

    def send(event_type: str, obj: dict):
        with django_capture_on_commit_callbacks(execute=True):
            event = stripe_catalog.event(event_type, obj)
            assert post_event(Client(), stripe_catalog, event).status_code == 200
        return WebhookEvent.objects.get(stripe_id=event["id"])

    return send
