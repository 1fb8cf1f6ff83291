"""Per-user rate limits on upload and AI endpoints (F3), counted in the cache.

Quotas cap a month of use; these stop bursts (a script hammering the upload or AI
endpoints). A limited request gets HTTP 429 and nothing runs.
"""

from __future__ import annotations

import time
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

LIMITS = {"upload": (10, 60), "ai": (30, 60)}  # requests per window (seconds)


def allow(*, user_id: int, action: str) -> bool:
    limit, window = LIMITS[action]
    key = f"resumes:rate:{action}:{user_id}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    return count <= limit


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
