"""Staff must use MFA to enter the admin (A2, F3)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import user_has_mfa

ADMIN_MFA_MESSAGE = (
    "The admin requires two-factor authentication. Set up an authenticator app to continue."
)


class StaffMFARequiredMiddleware:
    """Redirect staff without any MFA authenticator from the admin to TOTP activation.

    Non-staff never get this far: the admin login is wrapped by allauth's
    ``secure_admin_login`` and answers them with 403. Switched off by
    ``ADMIN_REQUIRES_MFA = False``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix: str | None = None

    def _is_admin_path(self, path: str) -> bool:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        return path.startswith(self._admin_prefix)

    def __call__(self, request):
        if (
            getattr(settings, "ADMIN_REQUIRES_MFA", True)
            and self._is_admin_path(request.path)
            and request.user.is_authenticated
            and request.user.is_staff
            and not user_has_mfa(request.user)
        ):
            messages.warning(request, ADMIN_MFA_MESSAGE)
            return redirect("mfa_activate_totp")
        return self.get_response(request)


IDLE_KEY = "_last_seen"
IDLE_WRITE_EVERY = 60  # seconds: at most one session write a minute for the idle clock


class SessionIdleTimeoutMiddleware:
    """Signs out a session left idle longer than SESSION_IDLE_TIMEOUT (staff:
    STAFF_SESSION_IDLE_TIMEOUT); the request then goes on as an anonymous one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            limit = (
                settings.STAFF_SESSION_IDLE_TIMEOUT
                if user.is_staff
                else settings.SESSION_IDLE_TIMEOUT
            )
            if isinstance(last, int) and now - last > limit:
                logout(request)
                messages.info(request, "You were signed out after a period without activity.")
            elif not isinstance(last, int) or now - last >= IDLE_WRITE_EVERY:
                request.session[IDLE_KEY] = now
        return self.get_response(request)
