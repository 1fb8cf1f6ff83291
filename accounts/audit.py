"""Writing and reading the audit log (A6).

``record(action, ...)`` writes one append-only ``AuditEvent``. Inside a web request the
actor (the signed-in user) and the IP address come from the current request unless given,
so a service can record an event in one line without taking a ``request`` argument.
The IP is read the way the sign-in rate limits read it (allauth's ``get_client_ip``,
honouring ``ALLAUTH_TRUSTED_PROXY_COUNT``).

``detail`` is for facts such as a plan code or a score, never secrets: a key that names a
password, token, key, code or secret is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context as allauth_context
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import AuditAction, AuditEvent, AuditLogAppendOnly

__all__ = [
    "AuditAction",
    "AuditEvent",
    "AuditLogAppendOnly",
    "SECURITY_ACTIONS",
    "client_ip",
    "mask_email",
    "record",
    "record_many",
    "security_events_for",
]

# What a user sees under "Recent security activity" on their profile.
SECURITY_ACTIONS = frozenset(
    {
        AuditAction.LOGIN,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOCKOUT,
        AuditAction.MFA_ENABLED,
        AuditAction.MFA_DISABLED,
        AuditAction.MFA_RECOVERY_CODES,
        AuditAction.EMAIL_ADDED,
        AuditAction.EMAIL_CHANGED,
        AuditAction.EMAIL_REMOVED,
        AuditAction.PASSWORD_CHANGED,
        AuditAction.PASSWORD_RESET,
        AuditAction.TOKEN_CREATED,
        AuditAction.TOKEN_REVOKED,
        AuditAction.DATA_EXPORT_REQUESTED,
        AuditAction.DATA_EXPORT_DOWNLOADED,
        AuditAction.ACCOUNT_DELETED,
    }
)
SECURITY_EVENTS_SHOWN = 20

SECRET_KEY_NAMES = re.compile(
    r"pass(word)?|secret|token|key|code|otp|credential|session|cookie", re.IGNORECASE
)

Subject = models.Model | int | None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the sign-in rate limits see it; None when unknown."""
    if request is None:
        return None
    try:
        return get_account_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None


def mask_email(address: str) -> str:
    """``al***@example.com``: enough for the owner to recognise, little for anyone else."""
    local, _, domain = (address or "").partition("@")
    return f"{local[:2]}***@{domain}" if domain else "***"


def _describe(obj: models.Model) -> str:
    """A short description of ``obj`` without personal data (its id names it)."""
    label = obj._meta.label_lower
    if label == "account.emailaddress":
        return mask_email(obj.email)
    if label == _user_label():
        return f"user #{obj.pk}"
    if label == "courses.submission":
        return f"{obj.assignment} · submission #{obj.pk}"
    if label in {"courses.coursepost", "courses.coursecomment"}:
        noun = "post" if label.endswith("post") else "comment"
        return f"{noun} #{obj.pk}"
    if label == "tracker.apitoken":
        return obj.name  # never its hint, which begins the secret
    if label == "billing.billingaccount":
        return f"billing account #{obj.pk}"
    return str(obj)


def _user_label() -> str:
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.label_lower


def _refuse_secrets(detail: dict[str, Any]) -> None:
    secret_like = sorted(key for key in detail if SECRET_KEY_NAMES.search(key))
    if secret_like:
        raise ValueError(f"Audit details never hold secrets: {', '.join(secret_like)}")


def _user_kwargs(name: str, user: Subject) -> dict[str, Any]:
    if user is None:
        return {}
    if isinstance(user, int):
        return {f"{name}_id": user}
    return {name: user} if getattr(user, "pk", None) else {}


def _event(
    action: str,
    *,
    actor: Subject,
    subject: Subject,
    obj: models.Model | None,
    ip: str | None,
    detail: dict[str, Any],
) -> AuditEvent:
    event = AuditEvent(
        action=AuditAction(action),
        ip=ip,
        detail=detail,
        **_user_kwargs("actor", actor),
        **_user_kwargs("subject", subject),
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk or "")
        event.object_repr = _describe(obj)[:200]
    return event


def _from_request(request: HttpRequest | None, actor: Subject, ip: str | None):
    request = request if request is not None else allauth_context.request
    if request is not None:
        if ip is None:
            ip = client_ip(request)
        user = getattr(request, "user", None)
        if actor is None and user is not None and user.is_authenticated:
            actor = user
    return actor, ip


def record(
    action: str,
    *,
    actor: Subject = None,
    subject: Subject = None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    ip: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. ``actor`` and ``ip`` default to the current request's."""
    _refuse_secrets(detail)
    actor, ip = _from_request(request, actor, ip)
    event = _event(action, actor=actor, subject=subject, obj=obj, ip=ip, detail=detail)
    event.save()
    return event


def record_many(
    action: str,
    *,
    items: Iterable[tuple[Subject, models.Model | None]],
    actor: Subject = None,
    request: HttpRequest | None = None,
    ip: str | None = None,
    **detail: Any,
) -> list[AuditEvent]:
    """One event per ``(subject, obj)`` pair, in one query (e.g. a grade release)."""
    _refuse_secrets(detail)
    actor, ip = _from_request(request, actor, ip)
    events = [
        _event(action, actor=actor, subject=subject, obj=obj, ip=ip, detail=dict(detail))
        for subject, obj in items
    ]
    return AuditEvent.objects.bulk_create(events)


def security_events_for(user) -> QuerySet[AuditEvent]:
    """The user's own sign-in and account security events, newest first."""
    if getattr(user, "pk", None) is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(subject_id=user.pk, action__in=SECURITY_ACTIONS).order_by(
        "-created_at", "-id"
    )
