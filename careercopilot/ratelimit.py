"""Per-user rate limits, counted in the cache (F3), shared by every app.

Quotas cap a month of use; these stop bursts: a script hammering the upload or AI
endpoints, or a student handing the same assignment in again and again. A limited request
gets a clear message (HTTP 429 for the decorated views) and nothing runs.
"""

from __future__ import annotations

import time
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

# requests per window (seconds); "submit" counts per student and assignment
LIMITS = {"upload": (10, 60), "ai": (30, 60), "submit": (5, 10 * 60)}


def allow(*, user_id: int, action: str, scope: str = "") -> bool:
    """Counts one request of ``user_id`` for ``action`` (within ``scope``, e.g. one
    assignment); False once more than the limit came within the last window.

    A sliding window: the previous window's count weighs in by the share of it that is
    still within the last ``window`` seconds, so a burst across a boundary stays limited.
    """
    limit, window = LIMITS[action]
    now = time.time()
    bucket = int(now // window)
    prefix = f"rate:{action}:{user_id}:{scope}:"
    cache.add(f"{prefix}{bucket}", 0, timeout=window * 2)
    try:
        count = cache.incr(f"{prefix}{bucket}")
    except ValueError:  # evicted between add and incr
        cache.set(f"{prefix}{bucket}", 1, timeout=window * 2)
        count = 1
    previous = cache.get(f"{prefix}{bucket - 1}", 0)
    return count + previous * (1 - (now % window) / window) <= limit


def window_minutes(action: str) -> int:
    return LIMITS[action][1] // 60


def rate_limited(action: str):
    """Limits POSTs of a view per user; GETs (pages, polling) are never limited."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and not allow(user_id=request.user.pk, action=action):
                return render(request, "errors/429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
