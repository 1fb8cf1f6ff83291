"""allauth adapter.

- allauth's emails (verification, password reset, security notices) are rendered
  in the request but sent by a Celery task, like every other email.
- Security events (password, email address, MFA and connected-account changes) also
  land in the notification centre.

The default role for new users is given in ``accounts.signals`` (``user_signed_up``),
the one place that sees both email and social sign-ups.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.urls import reverse

from . import services
from .models import NotificationCategory

# allauth notification template -> (in-app title, url name of the page to review it)
SECURITY_NOTICES: dict[str, tuple[str, str]] = {
    "account/email/password_changed": ("Your password was changed", "account_change_password"),
    "account/email/password_set": ("A password was set on your account", "account_change_password"),
    "account/email/password_reset": ("Your password was reset", "account_change_password"),
    "account/email/email_changed": ("Your email address was changed", "account_email"),
    "account/email/email_deleted": ("An email address was removed", "account_email"),
    "mfa/email/totp_activated": ("Authenticator app activated", "mfa_index"),
    "mfa/email/totp_deactivated": ("Authenticator app deactivated", "mfa_index"),
    "mfa/email/recovery_codes_generated": ("New recovery codes generated", "mfa_index"),
    "mfa/email/webauthn_added": ("Security key added", "mfa_index"),
    "mfa/email/webauthn_removed": ("Security key removed", "mfa_index"),
    "socialaccount/email/account_connected": (
        "A sign-in provider was connected",
        "accounts:profile",
    ),
    "socialaccount/email/account_disconnected": (
        "A sign-in provider was disconnected",
        "accounts:profile",
    ),
}
SECURITY_NOTICE_BODY = (
    "If this wasn't you, reset your password now and review your two-factor settings."
)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        services.email_message_queue(message=message)

    def send_account_already_exists_mail(self, email: str) -> None:
        # A new sign-up hashes its password; without the same work here, the response time
        # would tell whether the address has an account.
        make_password(secrets.token_urlsafe(24))
        super().send_account_already_exists_mail(email)

    def send_notification_mail(
        self,
        template_prefix: str,
        user,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        # The email goes out only with ACCOUNT_EMAIL_NOTIFICATIONS; the in-app notice always.
        super().send_notification_mail(template_prefix, user, context=context, email=email)
        notice = SECURITY_NOTICES.get(template_prefix)
        if notice and getattr(user, "pk", None):
            title, url_name = notice
            services.notify(
                user=user,
                title=title,
                body=SECURITY_NOTICE_BODY,
                url=reverse(url_name),
                category=NotificationCategory.ACCOUNT,
                send_email=False,
            )

    def pre_authenticate(self, request, **credentials) -> None:
        """A sign-in refused by the ``login_failed`` rate limit is a lock-out: audit it."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from .signals import audit_lockout

            audit_lockout(request, login=credentials.get("email"))
            raise

    def get_password_change_redirect_url(self, request) -> str:
        """After a password change, the sessions page, which offers to sign out the others."""
        return f"{reverse('usersessions_list')}?after=password"
