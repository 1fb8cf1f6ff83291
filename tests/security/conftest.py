"""Fixtures for the hostile-input suite: Alice's world, signed-in clients, log capture."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from billing.tests.stripe_fixtures import fake_stripe, stripe_catalog  # noqa: F401 - fixtures

from .world import AliceWorld


def _premium(user) -> None:
    """No monthly quotas in the way of the tests (quotas have their own tests)."""
    from billing.services import plan_grant

    plan_grant(user=user, plan_code="premium", until=timezone.now() + dt.timedelta(days=30))


@pytest.fixture
def alice(alice):
    _premium(alice)
    return alice


@pytest.fixture
def bob(bob):
    _premium(bob)
    return bob


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the on_commit callbacks (queued tasks, eagerly) when the block exits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(alice, run_on_commit) -> AliceWorld:
    return AliceWorld(alice, run_on_commit=run_on_commit)


def signed_in(user, *, password: str = PASSWORD, **client_kwargs) -> Client:
    """A client signed in through the real sign-in form (so allauth records the sign-in
    and its pages do not ask for the password again)."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:1000]
    if not client_kwargs:
        return client
    browser = Client(**client_kwargs)  # e.g. one that checks CSRF, with the same session
    browser.cookies = client.cookies
    return browser


@pytest.fixture
def no_errors_logged(caplog):
    """Fails the test if anything was logged at ERROR or above (tracebacks included)."""
    caplog.set_level(logging.ERROR)
    yield caplog
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, "errors were logged:\n" + "\n".join(
        f"{r.name}: {r.getMessage()}" for r in errors
    )
