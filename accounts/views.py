"""Profile (A4), its skills (E12), the notification centre (A5) and your data (A6).

Sign-in, email, password and MFA pages are allauth's (under /accounts/).
"""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import (
    HttpResponseClientRedirect,
    HttpResponseStopPolling,
    trigger_client_event,
)

from courses.downloads import serve_stored

from .audit import SECURITY_EVENTS_SHOWN, security_events_for
from .decorators import htmx_login_required
from .forms import COMMON_CURRENCIES, ProfileForm
from .models import DataExport
from .privacy import deletion
from .privacy.exports import (
    data_export_for_download,
    data_export_request,
    data_export_retry,
)
from .privacy.holdings import kept_after_deletion
from .roles import Role
from .selectors import (
    get_notification_for_user,
    notifications_for_user,
    notifications_unread_count,
    user_has_mfa,
    user_roles,
)
from .services import notification_mark_read, notifications_mark_all_read, user_profile_update
from .skills import profile_skill_remove, profile_skill_rows

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


# --- Profile skills (E12) --------------------------------------------------------------


@htmx_login_required
@require_POST
def profile_skill_remove_view(request: HttpRequest) -> HttpResponse:
    name = " ".join(request.POST.get("name", "").split())[:80]
    if name and profile_skill_remove(user=request.user, name=name):
        messages.success(request, f"“{name}” is no longer on your profile.")
    else:
        messages.info(request, "That skill was not on your profile.")
    return redirect("accounts:profile")


# --- Your data (A6): download everything we hold, and delete the account --------------


EXPORTS_SHOWN = 5


def _own_export(request: HttpRequest, pk: int) -> DataExport:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(DataExport, pk=pk, user=request.user)


@htmx_login_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    exports = DataExport.objects.filter(user=request.user)[:EXPORTS_SHOWN]
    return render(request, "accounts/privacy.html", {"exports": exports})


@htmx_login_required
@require_POST
def data_export_create(request: HttpRequest) -> HttpResponse:
    export = data_export_request(user=request.user, request=request)
    messages.success(
        request, "We are gathering your data. You will get a notification when it is ready."
    )
    return redirect(f"{_privacy_url()}#export-{export.pk}")


@htmx_login_required
@require_GET
def data_export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    response = render(request, "accounts/partials/data_export.html", {"export": export})
    if export.is_finished:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@htmx_login_required
@require_POST
def data_export_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    data_export_retry(export=export)
    return redirect(f"{_privacy_url()}#export-{export.pk}")


@htmx_login_required
@require_GET
def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = data_export_for_download(user=request.user, pk=pk, request=request)
    name = f"career-copilot-data-{export.created_at:%Y-%m-%d}.zip"
    return serve_stored(
        export.file.name, export.file.storage, filename=name, content_type="application/zip"
    )


class DeleteAccountForm(forms.Form):
    email = forms.CharField(
        label="Type your email address to confirm",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    understood = forms.BooleanField(
        label="I understand that this cannot be undone.",
        error_messages={"required": "Tick the box to confirm that you understand."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        typed = self.cleaned_data["email"].strip()
        if typed.lower() != self.user.email.lower():
            raise forms.ValidationError("That is not the email address of this account.")
        return typed


@htmx_login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            deletion.account_delete(user=user, request=request)
        except deletion.DeletionRefused as exc:
            messages.error(request, str(exc))
        else:
            logout(request)
            messages.success(request, "Your account and your data are deleted. Goodbye.")
            return redirect("landing")
    context = {"form": form, "kept": kept_after_deletion()}
    return render(request, "accounts/account_delete.html", context)


def _privacy_url() -> str:
    from django.urls import reverse

    return reverse("accounts:privacy")
