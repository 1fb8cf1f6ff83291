"""`/health/` on the real services, and when Redis goes away."""

import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.storage import storages
from django.db import connection
from django.test import override_settings
from storages.backends.s3 import S3Storage

pytestmark = pytest.mark.django_db

REAL_SERVICES = ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME")
MONITOR_TOKEN = "monitor-7f3a9c2e"
MONITOR = {"Authorization": f"Bearer {MONITOR_TOKEN}"}


@pytest.fixture(autouse=True)
def _monitor_token(settings):
    settings.HEALTH_TOKEN = MONITOR_TOKEN


@pytest.mark.skipif(
    not all(os.environ.get(name) for name in REAL_SERVICES),
    reason="needs the real services (DATABASE_URL, REDIS_URL, AWS_STORAGE_BUCKET_NAME); "
    "`make test` starts them",
)
def test_health_is_200_with_every_check_ok_on_postgres_redis_and_s3(client):
    # The checks really ran against the real backends, not the embedded defaults.
    assert connection.vendor == "postgresql"
    assert isinstance(caches["default"], RedisCache)
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert isinstance(storages["default"], S3Storage)

    response = client.get("/health/", headers=MONITOR)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "db": "ok",
        "cache": "ok",
        "broker": "ok",
        "storage": "ok",
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_is_503_naming_cache_and_broker_when_redis_is_down(client, throwaway_redis):
    redis_settings = override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": throwaway_redis.url,
            }
        },
        CELERY_BROKER_URL=throwaway_redis.url,
        CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": 3600},
    )
    with redis_settings:
        assert client.get("/health/").status_code == 200  # healthy while this Redis is up

        throwaway_redis.stop()
        response = client.get("/health/", headers=MONITOR)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    checks = {name: check["status"] for name, check in body["checks"].items()}
    assert checks["db"] == "ok"
    assert checks["storage"] == "ok"
    for name in ("cache", "broker"):
        assert checks[name].startswith("error"), checks
        assert f"127.0.0.1:{throwaway_redis.port}" in checks[name], checks


def test_anyone_gets_a_bare_status_and_only_staff_or_the_monitor_token_the_detail(
    client, alice, alice_client
):
    public = client.get("/health/")
    assert public.status_code == 200
    assert public.json() == {"status": "ok"}
    assert client.get("/health/", headers={"Authorization": "Bearer wrong"}).json() == {
        "status": "ok"
    }
    assert alice_client.get("/health/").json() == {"status": "ok"}  # signed in, not staff

    assert set(client.get("/health/", headers=MONITOR).json()["checks"]) == {
        "db",
        "cache",
        "broker",
        "storage",
    }
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    assert "checks" in alice_client.get("/health/").json()


def test_without_a_token_configured_no_header_unlocks_the_detail(client, settings):
    settings.HEALTH_TOKEN = ""
    assert "checks" not in client.get("/health/", headers={"Authorization": "Bearer "}).json()
