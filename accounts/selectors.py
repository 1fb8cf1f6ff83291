"""Read queries worth naming: roles, MFA state, notifications and emails still owed."""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Notification, OutboundEmail, User
from .roles import ALL_ROLES

# --- Roles and security ------------------------------------------------------------


def user_roles(user: User | AnonymousUser, *, fresh: bool = False) -> frozenset[str]:
    """The user's role names, from the user's ``groups`` loaded once per user object.

    The groups are kept as Django's prefetch of ``user.groups``, which ``groups.add``,
    ``remove``, ``set`` and ``clear`` on the same object drop, so a page that asks several
    times makes one query. ``fresh`` reads the database again.
    """
    if getattr(user, "pk", None) is None:
        return frozenset()
    cache = user.__dict__.setdefault("_prefetched_objects_cache", {})
    if fresh:
        cache.pop("groups", None)
    if "groups" not in cache:
        groups = user.groups.all()
        list(groups)  # evaluated once; the prefetch cache keeps the rows
        cache["groups"] = groups
    return frozenset(g.name for g in cache["groups"] if g.name in ALL_ROLES)


def user_has_role(user: User | AnonymousUser, role: str) -> bool:
    return role in user_roles(user)


def user_has_mfa(user: User | AnonymousUser) -> bool:
    """True when the user has any MFA authenticator (TOTP, security key, codes)."""
    return bool(user.is_authenticated) and is_mfa_enabled(user)


# --- Notifications -----------------------------------------------------------------


def notifications_for_user(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(user=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def notifications_recent_for_user(user: User, *, limit: int = 5) -> list[Notification]:
    return list(notifications_for_user(user)[:limit])


def notifications_unread_count(user: User) -> int:
    return notifications_for_user(user, unread_only=True).count()


def get_notification_for_user(user: User, pk: int) -> Notification:
    """The user's notification ``pk``; 404 for anyone else's (never 403)."""
    return get_object_or_404(Notification, pk=pk, user_id=user.pk)


# --- Emails still owed (the jobs sweeper's outboxes) ----------------------------------
OUTBOX_BATCH = 500
EMAIL_OWED_FOR = timedelta(days=2)  # an email this old is no longer sent


def outbound_emails_due(before: datetime) -> list[tuple[int]]:
    """Stored emails still waiting at ``before``: their message never reached the broker
    (it was down) or was lost."""
    rows = OutboundEmail.objects.filter(created_at__lt=before).order_by("created_at")
    return [(pk,) for pk in rows.values_list("pk", flat=True)[:OUTBOX_BATCH]]


def notification_emails_due(before: datetime) -> list[tuple[int]]:
    """Notifications created before ``before`` (within ``EMAIL_OWED_FOR``) whose email
    is still owed."""
    rows = Notification.objects.filter(
        email_pending=True,
        emailed_at__isnull=True,
        created_at__lt=before,
        created_at__gte=timezone.now() - EMAIL_OWED_FOR,
    ).order_by("created_at")
    return [(pk,) for pk in rows.values_list("pk", flat=True)[:OUTBOX_BATCH]]
