"""Profile (A4) and notification centre (A5) pages.

Sign-in, email, password and MFA pages are allauth's (under /accounts/).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from .audit import SECURITY_EVENTS_SHOWN, security_events_for
from .decorators import htmx_login_required
from .forms import COMMON_CURRENCIES, ProfileForm
from .roles import Role
from .selectors import (
    get_notification_for_user,
    notifications_for_user,
    notifications_unread_count,
    user_has_mfa,
    user_roles,
)
from .services import notification_mark_read, notifications_mark_all_read, user_profile_update
from .skills import profile_skill_rows

NOTIFICATIONS_PER_PAGE = 25
NOTIFICATIONS_CHANGED = "notifications-changed"


def _safe_redirect_target(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


# --- Profile -----------------------------------------------------------------------


@htmx_login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_profile_update(user=user, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user))
    roles = user_roles(user)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "currencies": COMMON_CURRENCIES,
            "mfa_enabled": user_has_mfa(user),
            "role_labels": [label for value, label in Role.choices if value in roles],
            "skill_rows": profile_skill_rows(user),
            "security_events": security_events_for(user)[:SECURITY_EVENTS_SHOWN],
        },
    )


# --- Notifications -----------------------------------------------------------------


@htmx_login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("filter") == "unread"
    page = Paginator(
        notifications_for_user(request.user, unread_only=unread_only), NOTIFICATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_only": unread_only,
        "unread_count": notifications_unread_count(request.user),
        "next_url": request.get_full_path(),
    }
    template = "accounts/notifications.html"
    if request.htmx and request.htmx.target == "notifications-panel":
        template += "#panel"
    return render(request, template, context)


@htmx_login_required(stop_polling=True)
@require_GET
def notification_bell(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "accounts/partials/bell.html",
        {"lazy": False, "unread_count": notifications_unread_count(request.user)},
    )
    add_never_cache_headers(response)
    return response


@htmx_login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    notification_mark_read(notification=notification)
    if request.htmx:
        response = render(
            request,
            "accounts/notifications.html#item",
            {
                "notification": notification,
                "next_url": _safe_redirect_target(request, request.htmx.current_url_abs_path)
                or reverse("accounts:notifications"),
            },
        )
        trigger_client_event(response, NOTIFICATIONS_CHANGED, {})
        return response
    target = (
        _safe_redirect_target(request, request.POST.get("next"))
        or _safe_redirect_target(request, notification.url)
        or reverse("accounts:notifications")
    )
    return redirect(target)


@htmx_login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    if count:
        noun = "notification" if count == 1 else "notifications"
        messages.success(request, f"Marked {count} {noun} as read.")
    else:
        messages.info(request, "You're all caught up.")
    target = _safe_redirect_target(request, request.POST.get("next")) or reverse(
        "accounts:notifications"
    )
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)
