"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache only ever holds what can be recomputed (cached analyses, price ids, rate-limit
counters), so a Redis outage must not turn pages into errors. While Redis is down:

- reads miss (``get`` returns the default, ``get_many`` an empty dict, ``has_key`` False);
- writes are dropped (``set``/``add``/``touch`` return False, ``delete`` does nothing);
- ``incr`` raises ValueError, as for a missing key (callers then count from 1);

and each failure is logged once per ``LOG_EVERY_SECONDS``. Rate limits therefore let
requests through during an outage (availability over strictness), and come back with it.
``/health/`` still reports the outage: it calls ``check()``, which raises.
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 30


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _degrading(fallback):
    """Runs the cache operation; on a Redis outage logs it and returns ``fallback()``."""

    def decorator(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _redis_errors() as exc:
                self._log_outage(method.__name__, exc)
                return fallback()

        return wrapper

    return decorator


def _missing_key():
    raise ValueError("the cache is unavailable")


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, with the degradations listed in the module docstring."""

    _last_logged = 0.0

    def _log_outage(self, operation: str, exc: BaseException) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.warning("cache unavailable (redis), %s skipped: %s", operation, exc)

    def check(self) -> None:
        """Raises unless Redis answers (for /health/); names redis in the error."""
        try:
            self._cache.get_client(write=True).ping()
        except _redis_errors() as exc:
            raise ConnectionError(f"redis: {exc}") from exc

    @_degrading(lambda: False)
    def add(self, *args, **kwargs):
        return super().add(*args, **kwargs)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except _redis_errors() as exc:
            self._log_outage("get", exc)
            return default

    @_degrading(lambda: False)
    def set(self, *args, **kwargs):
        return super().set(*args, **kwargs)

    @_degrading(lambda: False)
    def touch(self, *args, **kwargs):
        return super().touch(*args, **kwargs)

    @_degrading(lambda: False)
    def delete(self, *args, **kwargs):
        return super().delete(*args, **kwargs)

    @_degrading(dict)
    def get_many(self, *args, **kwargs):
        return super().get_many(*args, **kwargs)

    @_degrading(lambda: False)
    def has_key(self, *args, **kwargs):
        return super().has_key(*args, **kwargs)

    @_degrading(_missing_key)
    def incr(self, *args, **kwargs):
        return super().incr(*args, **kwargs)

    @_degrading(list)
    def set_many(self, *args, **kwargs):
        return super().set_many(*args, **kwargs)

    @_degrading(lambda: None)
    def delete_many(self, *args, **kwargs):
        return super().delete_many(*args, **kwargs)

    @_degrading(lambda: False)
    def clear(self):
        return super().clear()
