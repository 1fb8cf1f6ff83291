"""Fault tests: each breaks a throwaway copy of one service and checks what the user sees
and that nothing is lost.

The fast ones run in `make test`. The slow ones (real workers killed mid-task, a PostgreSQL
restart under load, a 500-event webhook burst) are marked `faults` and run with
`make faults` (CC_FAULTS=1); elsewhere they are reported as skipped.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from billing.tests.stripe_fixtures import fake_stripe, stripe_env  # noqa: F401 - fixtures


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CC_FAULTS") == "1" or "faults" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="slow fault test: run `make faults` (or set CC_FAULTS=1)")
    for item in items:
        if item.get_closest_marker("faults") is not None:
            item.add_marker(skip)


def premium(user) -> None:
    """No quotas in the way, and Claude allowed (the plan decides the engine)."""
    from django.utils import timezone

    from billing.services import plan_grant

    plan_grant(user=user, plan_code="premium", until=timezone.now() + dt.timedelta(days=30))


@pytest.fixture
def fake_anthropic(fake_claude, settings):
    """The shared fake Claude, with short limits: one retry, half a second."""
    settings.AI_ANTHROPIC_MAX_RETRIES = 1
    settings.AI_ANTHROPIC_TIMEOUT = 0.5
    return fake_claude


@pytest.fixture
def redis_everywhere(settings, throwaway_redis):
    """The cache and the broker on the throwaway Redis, configured as settings.py does."""
    from tests.faults.support import celery_broker

    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("needs the Redis settings: set REDIS_URL (`make test` does)")
    cache_url = urlunsplit(urlsplit(throwaway_redis.url)._replace(path="/1"))
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": cache_url}}
    settings.CELERY_BROKER_URL = throwaway_redis.url
    settings.HEALTH_TOKEN = "fault-monitor"  # /health/ names the backends to monitors
    settings.JOBS_REQUEUE_AFTER_SECONDS = 0  # the sweep below runs at once
    with celery_broker(throwaway_redis.url):
        yield throwaway_redis


@pytest.fixture
def broker(throwaway_redis, settings):
    """The Celery broker on the throwaway Redis (tasks are sent, not run in-process)."""
    from tests.faults.support import celery_broker

    settings.CELERY_BROKER_URL = throwaway_redis.url
    with celery_broker(throwaway_redis.url):
        yield throwaway_redis
