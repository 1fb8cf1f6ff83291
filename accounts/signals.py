"""Signal receivers: allauth events and the role groups after migrate."""

from __future__ import annotations

import time

from allauth.account.signals import email_confirmed, user_signed_up
from django.apps import apps as global_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import services
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
