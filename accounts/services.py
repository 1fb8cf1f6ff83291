"""Everything that changes state in accounts: roles, profile, notifications.

Any app notifies a user through ``notify()``; it stores the in-app notification and,
when the user wants email for that category, queues the email after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from .models import Notification, NotificationCategory, OutboundEmail, User
from .roles import ALL_ROLES, DEFAULT_ROLE, STAFF_ROLES, SUPERUSER_ROLES
from .selectors import user_roles

logger = logging.getLogger(__name__)

# Read notifications older than this are purged by the daily beat task.
NOTIFICATION_RETENTION = timedelta(days=180)

PROFILE_FIELDS = frozenset(
    {
        "name",
        "headline",
        "target_roles",
        "locations",
        "skills",
        "salary_min",
        "salary_max",
        "salary_currency",
        "timezone",
        "email_categories",
    }
)


# --- Roles -------------------------------------------------------------------------


def _clean_roles(roles: Iterable[str]) -> set[str]:
    cleaned = {str(role) for role in roles}
    unknown = cleaned - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    return cleaned


def _user_apply_role_flags(*, user: User, roles: set[str]) -> None:
    is_staff = bool(roles & STAFF_ROLES)
    is_superuser = bool(roles & SUPERUSER_ROLES)
    if (user.is_staff, user.is_superuser) != (is_staff, is_superuser):
        user.is_staff, user.is_superuser = is_staff, is_superuser
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[str]) -> User:
    """Make ``roles`` exactly the user's roles; other (non-role) groups are kept.

    Instructors and admins become staff; admins also become superusers.
    """
    wanted = _clean_roles(roles)
    groups = [Group.objects.get_or_create(name=role)[0] for role in sorted(wanted)]
    user.groups.remove(*Group.objects.filter(name__in=ALL_ROLES).exclude(name__in=wanted))
    user.groups.add(*groups)
    _user_apply_role_flags(user=user, roles=wanted)
    return user


def user_add_role(*, user: User, role: str) -> User:
    return user_set_roles(user=user, roles=user_roles(user, fresh=True) | {role})


def user_remove_role(*, user: User, role: str) -> User:
    return user_set_roles(user=user, roles=user_roles(user, fresh=True) - {role})


def user_sync_role_flags(*, user: User) -> User:
    """Re-derive ``is_staff``/``is_superuser`` after the groups were edited directly
    (the admin's change form)."""
    _user_apply_role_flags(user=user, roles=set(user_roles(user, fresh=True)))
    return user


def user_signed_up(*, user: User) -> User:
    """A new sign-up (email or social) becomes a seeker unless it already has a role."""
    if not user_roles(user, fresh=True):
        user_add_role(user=user, role=DEFAULT_ROLE)
    return user


# --- Email addresses ---------------------------------------------------------------


@transaction.atomic
def user_email_mark_verified(*, user: User) -> EmailAddress:
    """Record ``user.email`` as the user's verified, primary address."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        address = EmailAddress(user=user, email=user.email)
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
        primary=False
    )
    address.verified = True
    address.primary = True
    address.save()
    return address


def user_email_confirmed(*, email_address: EmailAddress) -> Notification | None:
    """Called when an address is verified. The first verified address completes the
    sign-up and brings the welcome notification; later ones are email changes, which
    the security notices cover (``AccountAdapter.send_notification_mail``)."""
    user = email_address.user
    earlier = (
        EmailAddress.objects.filter(user=user, verified=True).exclude(pk=email_address.pk).exists()
    )
    if earlier:
        return None
    return notify(
        user=user,
        title="Welcome to Career Copilot",
        body=(
            "Start with your profile: target roles, locations and skills make every "
            "resume analysis and job match sharper."
        ),
        url=reverse("accounts:profile"),
        category=NotificationCategory.ACCOUNT,
        send_email=False,
    )


# --- Email delivery --------------------------------------------------------------


def email_message_queue(*, message: EmailMultiAlternatives) -> OutboundEmail:
    """Send a rendered email from a Celery worker instead of the request.

    The message is stored as a row and the task gets only its id: the body holds sign-in
    and reset links, which must never reach the broker or the worker's log.
    """
    from careercopilot.queueing import send_on_commit

    from .tasks import email_message_send

    row = OutboundEmail.objects.create(
        subject=str(message.subject),
        body=str(message.body),
        from_email=str(message.from_email),
        to=[str(address) for address in message.to],
        reply_to=[str(address) for address in message.reply_to],
        headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        html=next(
            (
                str(content)
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        ),
        content_subtype=message.content_subtype,
    )
    send_on_commit(email_message_send, row.pk)
    return row


def email_message_deliver(*, email_id: int) -> bool:
    """Send a stored email and delete it. Idempotent: a sent email's row is gone."""
    with transaction.atomic():
        row = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if row is None:
            return False
        message = EmailMultiAlternatives(
            subject=row.subject,
            body=row.body,
            from_email=row.from_email,
            to=row.to,
            reply_to=row.reply_to or None,
            headers=row.headers or None,
        )
        message.content_subtype = row.content_subtype
        if row.html:
            message.attach_alternative(row.html, "text/html")
        message.send()
        row.delete()
    return True


# --- Profile -----------------------------------------------------------------------


@transaction.atomic
def user_profile_update(*, user: User, **changes: Any) -> User:
    """Update the career profile and notification preferences (A4).

    Takes already-validated values (see ``accounts.forms.ProfileForm``).
    """
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    salary_min = changes.get("salary_min", user.salary_min)
    salary_max = changes.get("salary_max", user.salary_max)
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise ValueError("salary_min must not exceed salary_max")
    for field, value in changes.items():
        setattr(user, field, value)
    user.save(update_fields=sorted(changes))
    return user


# --- Notifications -----------------------------------------------------------------


def _check_notification_url(url: str) -> None:
    if not url:
        return
    parts = urlsplit(url)
    is_path = url.startswith("/") and not url.startswith("//") and not parts.scheme
    if not is_path and parts.scheme not in ("http", "https"):
        raise ValueError(f"Notification url must be a site path or an http(s) URL: {url!r}")


def notify(
    *,
    user: User,
    title: str,
    body: str = "",
    url: str = "",
    category: str = NotificationCategory.ACCOUNT,
    send_email: bool = True,
) -> Notification:
    """Notify ``user`` in the app and, if they want email for ``category``, by email.

    The one entry point for every app. ``url`` is where the notification leads (a
    site path such as ``/tracker/12/``). The email is sent by a Celery task queued
    after the transaction commits; ``send_email=False`` keeps it in-app only.
    """
    if category not in NotificationCategory.values:
        raise ValueError(f"Unknown notification category: {category!r}")
    _check_notification_url(url)
    from careercopilot.queueing import send_on_commit

    from .tasks import notification_send_email

    title_max = Notification._meta.get_field("title").max_length or 200
    wants_email = send_email and user.wants_email_for(category)
    with transaction.atomic():
        notification = Notification.objects.create(
            user=user,
            category=category,
            title=Truncator(title).chars(title_max),
            body=body,
            url=url,
            email_pending=wants_email,
        )
        if wants_email:
            send_on_commit(notification_send_email, notification.pk)
    return notification


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _absolute_url(path_or_url: str) -> str:
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path_or_url)


def _notification_email(notification: Notification) -> EmailMultiAlternatives:
    user = notification.user
    context = {
        "notification": notification,
        "user": user,
        "site_url": settings.SITE_URL,
        "action_url": _absolute_url(notification.url) if notification.url else "",
        "notifications_url": _absolute_url(reverse("accounts:notifications")),
        "preferences_url": _absolute_url(reverse("accounts:profile") + "#notifications"),
        "category_label": notification.get_category_display(),
    }
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") or ""
    message = EmailMultiAlternatives(
        subject=f"{prefix}{notification.title}",
        body=render_to_string("accounts/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/notification.html", context), "text/html"
    )
    return message


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification, at most once. Returns whether an email went out.

    The row is locked for the duration, so two workers running the same job cannot
    both send; a send error rolls back and leaves ``emailed_at`` empty for a retry.
    """
    notification = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.user
    if not user.is_active or not user.email or not user.wants_email_for(notification.category):
        Notification.objects.filter(pk=notification.pk).update(email_pending=False)
        return False
    _notification_email(notification).send()
    notification.emailed_at = timezone.now()
    notification.email_pending = False
    notification.save(update_fields=["emailed_at", "email_pending"])
    logger.info(
        "notification emailed",
        extra={"notification_id": notification.pk, "category": notification.category},
    )
    return True


def notifications_purge(*, older_than: timedelta = NOTIFICATION_RETENTION) -> int:
    """Delete read notifications created before ``older_than`` ago. Unread ones stay."""
    cutoff = timezone.now() - older_than
    deleted, _ = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return deleted
