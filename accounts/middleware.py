"""Staff and teaching staff must use MFA (A2, F3), and idle sessions end."""

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
TEACHING_MFA_MESSAGE = (
    "Teaching staff see students' work, so two-factor authentication is required. Set up "
    "an authenticator app to continue."
)


# Set on a session begun by an LTI launch: the platform authenticated the person.
PLATFORM_SIGNED_IN = "platform_signed_in"


def _teaches(user) -> bool:
    from courses.selectors.access import taught_course_ids

    return taught_course_ids(user).exists()


class StaffMFARequiredMiddleware:
    """Redirect to TOTP activation, until they have an authenticator:

    - staff, on every admin page;
    - anyone holding teaching rights (a TA or instructor of a course, or staff), on every
      course page: those pages show students' submissions and videos to teaching staff.
      A session begun by an LTI launch is exempt here: the institution's platform signed
      the person in, and a setup page inside the platform's frame would be a dead end.

    Non-staff never reach the admin: its login is wrapped by allauth's
    ``secure_admin_login`` and answers them with 403. Switched off by
    ``ADMIN_REQUIRES_MFA = False``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefixes: tuple[str, str] | None = None

    def _gate(self, request) -> str | None:
        if self._prefixes is None:
            self._prefixes = (reverse("admin:index"), reverse("courses:list"))
        admin_prefix, courses_prefix = self._prefixes
        user = request.user
        if not user.is_authenticated:
            return None
        if request.path.startswith(admin_prefix):
            return ADMIN_MFA_MESSAGE if user.is_staff else None
        if request.session.get(PLATFORM_SIGNED_IN):
            return None
        if request.path.startswith(courses_prefix) and (user.is_staff or _teaches(user)):
            return TEACHING_MFA_MESSAGE
        return None

    def __call__(self, request):
        if getattr(settings, "ADMIN_REQUIRES_MFA", True):
            message = self._gate(request)
            if message and not user_has_mfa(request.user):
                messages.warning(request, message)
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
