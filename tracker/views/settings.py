"""Tracker settings: reminders and goal, the calendar feed, personal API tokens."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..capture.bookmarklet import bookmarklet_href
from ..forms import ApiTokenForm, PreferencesForm
from ..models import ApiToken
from .common import done, tracker_view


def _context(request: HttpRequest, prefs, **extra) -> dict:
    feed_path = reverse("tracker:calendar_feed", args=[prefs.calendar_token])
    return {
        "prefs": prefs,
        "feed_url": request.build_absolute_uri(feed_path),
        "webcal_url": "webcal://" + request.build_absolute_uri(feed_path).split("://", 1)[1],
        "tokens": ApiToken.objects.filter(user=request.user),
        "token_form": ApiTokenForm(),
        "site_origin": request.build_absolute_uri("/").rstrip("/"),
        "bookmarklet": bookmarklet_href(
            request.build_absolute_uri(reverse("tracker:capture_bookmarklet"))
        ),
        **extra,
    }


@tracker_view
def tracker_settings(request: HttpRequest) -> HttpResponse:
    prefs = services.preferences_get(user=request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, data=form.cleaned_data)
        return done(request, reverse("tracker:settings"), "Preferences saved.")
    return render(
        request,
        "tracker/settings.html",
        _context(request, prefs, form=form),
        status=422 if form.errors else 200,
    )


@tracker_view
@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    services.calendar_token_regenerate(user=request.user)
    return done(
        request,
        reverse("tracker:settings") + "#calendar",
        "New calendar link created. Subscribe again with it; the old link no longer works.",
    )


@tracker_view
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    prefs = services.preferences_get(user=request.user)
    token_form = ApiTokenForm(request.POST)
    if not token_form.is_valid():
        context = _context(request, prefs, form=PreferencesForm(instance=prefs))
        context["token_form"] = token_form
        return render(request, "tracker/settings.html", context, status=422)
    token, raw = services.api_token_create(
        user=request.user,
        name=token_form.cleaned_data["name"],
        scope=token_form.cleaned_data["scope"],
    )
    # The secret is rendered once, in this response, and never stored in clear.
    response = render(
        request,
        "tracker/settings.html",
        _context(
            request, prefs, form=PreferencesForm(instance=prefs), new_token=token, new_secret=raw
        ),
    )
    response["Cache-Control"] = "no-store"
    return response


@tracker_view
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_api_token_for_user(request.user, pk)
    services.api_token_revoke(token=token)
    return done(
        request,
        reverse("tracker:settings") + "#api",
        f"Revoked “{token.name}”. It no longer works.",
    )


@tracker_view
@require_POST
def onboarding_dismiss(request: HttpRequest) -> HttpResponse:
    services.onboarding_dismiss(user=request.user)
    return done(
        request,
        reverse("dashboard"),
        "Checklist hidden. Every step stays in the menu: Resumes, Tracker and Settings.",
    )
