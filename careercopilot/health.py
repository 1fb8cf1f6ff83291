"""`/health/`: db, cache, broker and storage, each `ok` or its error, with latency."""

import hmac
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

from .storage import is_object_store

BROKER_TIMEOUT_SECONDS = 2


def check_db() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    if hasattr(cache, "check"):  # a degrading cache hides outages from callers, not from us
        cache.check()
    key, value = f"health:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return the value it was given")
    cache.delete(key)


def check_broker() -> None:
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        _ = conn.default_channel  # opens a channel: proves the transport answers


def check_storage() -> None:
    # A lookup of a key that does not exist still needs the store to answer.
    default_storage.exists(f"health/{uuid.uuid4().hex}")


CHECKS: dict[str, Callable[[], None]] = {
    "db": check_db,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def services() -> dict[str, str]:
    """What each check talks to, so a failure names the service (e.g. "redis")."""
    storage = "s3" if is_object_store(default_storage) else "filesystem"
    return {
        "db": connection.vendor,
        "cache": type(caches["default"]).__name__.lower().removeprefix("resilient")[:-5],
        "broker": settings.CELERY_BROKER_URL.split(":", 1)[0],
        "storage": storage,
    }


def run_checks() -> dict[str, dict]:
    results = {}
    names = services()
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
            status = "ok"
        except Exception as exc:  # noqa: BLE001 - every failure is reported, not raised
            status = f"error: {type(exc).__name__}: {exc}"[:300]
        results[name] = {
            "status": status,
            "service": names.get(name, name),
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        }
    return results


def may_see_detail(request: HttpRequest) -> bool:
    """Which backends we run, and their errors, are for staff and monitors with the token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = settings.HEALTH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """A bare 200/503 for anyone; the checks with their services and errors for staff or
    a caller sending `Authorization: Bearer $HEALTH_TOKEN`."""
    checks = run_checks()
    healthy = all(c["status"] == "ok" for c in checks.values())
    body: dict = {"status": "ok" if healthy else "error"}
    if may_see_detail(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)
