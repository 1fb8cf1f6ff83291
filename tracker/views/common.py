"""Helpers shared by the tracker's views."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from accounts.decorators import htmx_login_required
from careercopilot.timezones import user_zone
from careercopilot.web import error_text

__all__ = ["done", "error_text", "safe_next", "toast", "tracker_view"]


def tracker_view(view):
    """Signed-in users only (htmx requests get a client redirect to sign in); dates and
    times are read and shown in the user's time zone."""

    @htmx_login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        with timezone.override(user_zone(request.user)):
            return view(request, *args, **kwargs)

    return wrapper


def toast(response: HttpResponse, message: str, level: str = "success") -> HttpResponse:
    return trigger_client_event(response, "toast", {"message": message, "level": level})


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def done(request: HttpRequest, url: str, message: str, level: str = "success") -> HttpResponse:
    """After a mutation: a client redirect for htmx, a normal redirect otherwise."""
    if request.htmx:
        messages.add_message(
            request, messages.ERROR if level == "error" else messages.SUCCESS, message
        )
        return HttpResponseClientRedirect(url)
    messages.add_message(request, messages.ERROR if level == "error" else messages.SUCCESS, message)
    return redirect(url)
