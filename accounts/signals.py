"""Signal receivers: allauth events and the role groups after migrate."""

from __future__ import annotations

from allauth.account.signals import email_confirmed, user_signed_up
from django.apps import apps as global_apps
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
