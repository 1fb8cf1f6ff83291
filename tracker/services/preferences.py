"""Seeker preferences, the private calendar feed token and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts import audit

from ..models import ApiToken, SeekerPreferences, new_calendar_token

__all__ = [
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "calendar_token_regenerate",
    "onboarding_dismiss",
    "preferences_get",
    "preferences_update",
]


PREFERENCE_FIELDS = ("follow_up_days", "weekly_goal", "digest_enabled")


def preferences_get(*, user) -> SeekerPreferences:
    """The user's preferences, created with the defaults on first use."""
    prefs, _ = SeekerPreferences.objects.get_or_create(user=user)
    return prefs


@transaction.atomic
def preferences_update(*, user, data: dict[str, Any]) -> SeekerPreferences:
    prefs = preferences_get(user=user)
    for key, value in data.items():
        if key in PREFERENCE_FIELDS:
            setattr(prefs, key, value)
    prefs.saved_at = timezone.now()
    prefs.full_clean(exclude=["user", "calendar_token"])
    prefs.save()
    return prefs


@transaction.atomic
def onboarding_dismiss(*, user) -> SeekerPreferences:
    """Hides the dashboard's first-run checklist for good."""
    prefs = preferences_get(user=user)
    if prefs.onboarding_dismissed_at is None:
        prefs.onboarding_dismissed_at = timezone.now()
        prefs.save(update_fields=["onboarding_dismissed_at"])
    return prefs


@transaction.atomic
def calendar_token_regenerate(*, user) -> SeekerPreferences:
    """A new secret feed URL; the old one stops working at once."""
    prefs = preferences_get(user=user)
    prefs.calendar_token = new_calendar_token()
    prefs.save(update_fields=["calendar_token"])
    return prefs


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str, scope: str = ApiToken.Scope.FULL) -> tuple[ApiToken, str]:
    """Creates a token and returns it with its secret, which is shown only this once."""
    name = " ".join(name.split())[:80] or "API token"
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"unknown token scope {scope!r}")
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, scope=scope, token_hash=hash_token(raw), hint=raw[:10]
    )
    audit.record(audit.AuditAction.TOKEN_CREATED, actor=user, subject=user, obj=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(audit.AuditAction.TOKEN_REVOKED, subject=token.user_id, obj=token)
    return token


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The active token for this secret, or None. Marks it used at most once a minute."""
    if not raw or not raw.startswith(ApiToken.PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
