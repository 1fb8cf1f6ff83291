"""Signal receivers: course invitations are redeemed when the invitee's address is
confirmed (and at each login, for addresses confirmed before the invitation); the
instructor role's permissions after migrate."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.apps import apps as global_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import services
from .permissions import grant_to_instructors


@receiver(email_confirmed, dispatch_uid="courses.redeem_invitations_on_confirm")
def redeem_on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    services.invitations_redeem(user=email_address.user)


@receiver(user_logged_in, dispatch_uid="courses.redeem_invitations_on_login")
def redeem_on_login(sender, request, user, **kwargs) -> None:
    services.invitations_redeem(user=user)


@receiver(post_migrate, dispatch_uid="courses.instructor_permissions")
def grant_instructor_permissions(sender, app_config, apps=global_apps, **kwargs) -> None:
    # The 0002 data migration grants them; this covers databases built without
    # migrations (--nomigrations) and is a no-op otherwise.
    if app_config.label != "courses":
        return
    try:
        apps.get_model("courses", "Course")
        apps.get_model("auth", "Group")
    except LookupError:
        return
    grant_to_instructors(apps)
