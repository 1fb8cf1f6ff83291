"""Which application, if any, already tracks a posting's address."""

from __future__ import annotations

from ..models import Application
from .urls import key_token, posting_key

MAX_CANDIDATES = 200


def tracked_application(user, url: str) -> Application | None:
    """The user's most recently updated application for this posting (the same address
    up to case, tracking parameters, "www.", a trailing slash, or LinkedIn's and
    Indeed's several forms of one job's address), or None."""
    key = posting_key(url)
    if not key:
        return None
    host = key.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]
    candidates = (
        Application.objects.filter(user=user, posting_url__icontains=key_token(key))
        .filter(posting_url__icontains=host.removeprefix("www."))
        .only("pk", "posting_url")
        .order_by("-updated_at", "-pk")[:MAX_CANDIDATES]
    )
    for candidate in candidates:
        if posting_key(candidate.posting_url) == key:
            return Application.objects.get(pk=candidate.pk)
    return None
