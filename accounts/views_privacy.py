"""Your data (A6): download everything we hold, and delete the account."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from accounts.decorators import htmx_login_required
from courses.downloads import serve_stored

from .models_privacy import DataExport
from .privacy import deletion
from .privacy.exports import (
    data_export_for_download,
    data_export_request,
    data_export_retry,
)
from .privacy.holdings import kept_after_deletion

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
