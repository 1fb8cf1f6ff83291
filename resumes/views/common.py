"""Helpers shared by the resumes views."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect, HttpResponseStopPolling

from .. import quotas


def done(request: HttpRequest, url: str, message: str = "", level: str = "success") -> HttpResponse:
    """After a mutation: a client redirect for htmx, a normal redirect otherwise."""
    if message:
        messages.add_message(
            request, messages.ERROR if level == "error" else messages.SUCCESS, message
        )
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def quota_context(exc: Exception) -> dict:
    return {"quota_error": {"message": str(exc), "upgrade_url": quotas.upgrade_url(exc)}}


def polled(
    request: HttpRequest, template: str, partial: str, context: dict, row
) -> HttpResponse | None:
    """The polled fragment for htmx requests aimed at it; None for a full page."""
    if request.htmx and request.htmx.target == f"job-{type(row).__name__.lower()}-{row.pk}":
        response = render(request, f"{template}#{partial}", context)
        if row.is_finished:
            response.status_code = HttpResponseStopPolling.status_code
        return response
    return None
