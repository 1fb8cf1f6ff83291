"""Signal receivers: allauth events, the audit log of sign-ins and account security
changes, and the role groups after migrate."""

from __future__ import annotations

import time

from allauth.account import signals as account_signals
from allauth.account.authentication import get_authentication_records
from allauth.account.signals import email_confirmed, user_signed_up
from allauth.account.utils import filter_users_by_email
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.apps import apps as global_apps
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import services
from .audit import AuditAction, client_ip, mask_email, record
from .roles import ensure_role_groups


@receiver(user_signed_up, dispatch_uid="accounts.default_role")
def give_new_users_the_default_role(sender, request, user, **kwargs) -> None:
    # One home for the default role: this fires for email and social sign-ups alike.
    services.user_signed_up(user=user)


@receiver(email_confirmed, dispatch_uid="accounts.email_confirmed")
def notify_on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    services.user_email_confirmed(email_address=email_address)


@receiver(post_migrate, dispatch_uid="accounts.role_groups")
def ensure_role_groups_exist(sender, app_config, apps=global_apps, **kwargs) -> None:
    # The 0002_roles migration creates the groups; this covers databases built
    # without migrations (test runs with --nomigrations) and is a no-op otherwise.
    if app_config.label != "accounts":
        return
    try:
        group_model = apps.get_model("auth", "Group")
    except LookupError:
        return
    ensure_role_groups(group_model)


@receiver(user_logged_in, dispatch_uid="accounts.idle_clock")
def start_the_idle_clock(sender, request, user, **kwargs) -> None:
    # The session starts with its clock set, so the first pages write nothing more.
    from .middleware import IDLE_KEY

    if getattr(request, "session", None) is not None:
        request.session[IDLE_KEY] = int(time.time())


@receiver(post_migrate, dispatch_uid="accounts.site_domain")
def site_follows_site_url(sender, app_config, using="default", **kwargs) -> None:
    """Every deploy migrates: keep the sites framework's domain (the admin's "view on
    site", allauth's emails) equal to SITE_URL's host. It used to be stored once, at the
    first migrate, often before SITE_URL was set."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site

    if app_config.label != "accounts":
        return
    domain = urlsplit(settings.SITE_URL).netloc
    if domain:
        Site.objects.using(using).filter(pk=settings.SITE_ID).exclude(domain=domain).update(
            domain=domain
        )
        Site.objects.clear_cache()


# --- Audit log (A6): sign-ins and account security changes ----------------------------

LOCKOUT_NOTE_SECONDS = 300  # one lock-out event per account and address per window


def _user_for_login(login: str | None):
    """The account a sign-in attempt named, or None (the typed text is never stored)."""
    if not login or "@" not in login:
        return None
    return next(iter(filter_users_by_email(login, prefer_verified=True)), None)


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_sign_in(sender, request, user, **kwargs) -> None:
    methods = []
    if getattr(request, "session", None) is not None:
        methods = [r.get("method") for r in get_authentication_records(request, user)]
    record(AuditAction.LOGIN, actor=user, subject=user, request=request, methods=methods)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    user = _user_for_login(credentials.get("email") or credentials.get("username"))
    signed_in = request is not None and getattr(request, "user", None) is not None
    step = "reauthentication" if signed_in and request.user.is_authenticated else "password"
    record(AuditAction.LOGIN_FAILED, subject=user, request=request, step=step)


def audit_lockout(request, *, login: str | None) -> None:
    """Called when the sign-in rate limit refuses an attempt (``AccountAdapter``)."""
    user = _user_for_login(login)
    ip = client_ip(request)
    once_key = f"audit:lockout:{user.pk if user else '-'}:{ip}"
    if cache.add(once_key, 1, LOCKOUT_NOTE_SECONDS):
        record(AuditAction.LOCKOUT, subject=user, request=request, ip=ip)


@receiver(mfa_signals.authentication_failed, dispatch_uid="accounts.audit_mfa_failed")
def audit_failed_mfa_code(sender, request, user, authenticator, **kwargs) -> None:
    step = "mfa_reauthentication" if kwargs.get("reauthentication") else "mfa"
    record(AuditAction.LOGIN_FAILED, subject=user, request=request, step=step)


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.audit_mfa_added")
def audit_mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    action = (
        AuditAction.MFA_RECOVERY_CODES
        if authenticator.type == Authenticator.Type.RECOVERY_CODES
        else AuditAction.MFA_ENABLED
    )
    record(action, actor=user, subject=user, request=request, obj=authenticator)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.audit_mfa_removed")
def audit_mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    record(AuditAction.MFA_DISABLED, actor=user, subject=user, request=request, obj=authenticator)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts.audit_mfa_reset")
def audit_recovery_codes(sender, request, user, authenticator, **kwargs) -> None:
    record(
        AuditAction.MFA_RECOVERY_CODES, actor=user, subject=user, request=request, obj=authenticator
    )


@receiver(account_signals.email_added, dispatch_uid="accounts.audit_email_added")
def audit_email_added(sender, request, user, email_address, **kwargs) -> None:
    record(AuditAction.EMAIL_ADDED, actor=user, subject=user, request=request, obj=email_address)


@receiver(account_signals.email_changed, dispatch_uid="accounts.audit_email_changed")
def audit_email_changed(
    sender, request, user, from_email_address, to_email_address, **kwargs
) -> None:
    if from_email_address is None:  # the first address confirmed at sign-up
        return
    record(
        AuditAction.EMAIL_CHANGED,
        actor=user,
        subject=user,
        request=request,
        obj=to_email_address,
        previous=mask_email(from_email_address.email),
    )


@receiver(account_signals.email_removed, dispatch_uid="accounts.audit_email_removed")
def audit_email_removed(sender, request, user, email_address, **kwargs) -> None:
    record(AuditAction.EMAIL_REMOVED, actor=user, subject=user, request=request, obj=email_address)


@receiver(account_signals.password_changed, dispatch_uid="accounts.audit_password_changed")
def audit_password_changed(sender, request, user, **kwargs) -> None:
    record(AuditAction.PASSWORD_CHANGED, actor=user, subject=user, request=request)


@receiver(account_signals.password_set, dispatch_uid="accounts.audit_password_set")
def audit_password_set(sender, request, user, **kwargs) -> None:
    record(AuditAction.PASSWORD_CHANGED, actor=user, subject=user, request=request, first=True)


@receiver(account_signals.password_reset, dispatch_uid="accounts.audit_password_reset")
def audit_password_reset(sender, request, user, **kwargs) -> None:
    record(AuditAction.PASSWORD_RESET, subject=user, request=request)
