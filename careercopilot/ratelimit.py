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
LIMITS = {
    "upload": (10, 60),
    "ai": (30, 60),
    "submit": (5, 10 * 60),
    "course_upload": (30, 10 * 60),  # files and videos handed in for courses
    "join_failure": (10, 15 * 60),  # wrong join codes
    "feed_post": (5, 10 * 60),
    "feed_comment": (20, 10 * 60),
    "capture": (30, 60),  # job postings parsed or saved (page, bookmarklet, extension)
}


def _prefix(action: str, user_id: int, scope: str) -> str:
    return f"rate:{action}:{user_id}:{scope}:"


def _weighted(prefix: str, bucket: int, count: int, now: float, window: int) -> float:
    """This window's count plus the previous window's, weighed by the share of it that is
    still within the last ``window`` seconds (a sliding window: a burst across a window
    boundary stays limited)."""
    previous = cache.get(f"{prefix}{bucket - 1}", 0)
    return count + previous * (1 - (now % window) / window)


def record(*, user_id: int, action: str, scope: str = "") -> float:
    """Counts one request of ``user_id`` for ``action`` (within ``scope``, e.g. one
    assignment) and returns the count within the last window."""
    window = LIMITS[action][1]
    now = time.time()
    bucket = int(now // window)
    prefix = _prefix(action, user_id, scope)
    cache.add(f"{prefix}{bucket}", 0, timeout=window * 2)
    try:
        count = cache.incr(f"{prefix}{bucket}")
    except ValueError:  # evicted between add and incr
        cache.set(f"{prefix}{bucket}", 1, timeout=window * 2)
        count = 1
    return _weighted(prefix, bucket, count, now, window)


def allow(*, user_id: int, action: str, scope: str = "") -> bool:
    """Counts one request; False once more than the limit came within the last window."""
    return record(user_id=user_id, action=action, scope=scope) <= LIMITS[action][0]


def exhausted(*, user_id: int, action: str, scope: str = "") -> bool:
    """True when the limit is used up, without counting a request: for limits that count
    only failures (wrong join codes), checked before the attempt."""
    limit, window = LIMITS[action]
    now = time.time()
    bucket = int(now // window)
    prefix = _prefix(action, user_id, scope)
    count = cache.get(f"{prefix}{bucket}", 0)
    return _weighted(prefix, bucket, count, now, window) >= limit


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
