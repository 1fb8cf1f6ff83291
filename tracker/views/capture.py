"""Job capture in the tracker: paste a posting (or send it with the bookmarklet), confirm
the fields, save. The same parser and service as the API and the browser extension.

The bookmarklet opens ``capture_bookmarklet`` in a new tab and hands it the page with
``postMessage``; that page submits it here with the user's own CSRF token. So no view is
exempt from CSRF, and nothing is stored before the user confirms on our own page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from careercopilot import ratelimit
from careercopilot.ratelimit import rate_limited

from ..capture import normalise_url, parse_posting
from ..capture.forms import CaptureConfirmForm, CapturePageForm
from ..capture.selectors import tracked_application
from ..capture.services import application_capture, capture_match_start
from .common import error_text, tracker_view


def _can_match(user) -> bool:
    from resumes.selectors import default_version

    return default_version(user) is not None


def _confirm_page(request: HttpRequest, form: CaptureConfirmForm, **extra) -> HttpResponse:
    url = form.data.get("url") if form.is_bound else form.initial.get("url")
    context = {
        "form": form,
        "tracked": tracked_application(request.user, url) if url else None,
        "can_match": _can_match(request.user),
        **extra,
    }
    return render(
        request, "tracker/capture_confirm.html", context, status=422 if form.errors else 200
    )


@tracker_view
@rate_limited("capture")
def capture(request: HttpRequest) -> HttpResponse:
    """GET: the paste form. POST: the page parsed, shown for confirmation (nothing saved)."""
    form = CapturePageForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 422 if form.errors else 200
        return render(request, "tracker/capture.html", {"form": form}, status=status)
    url = form.cleaned_data["url"]
    posting = parse_posting(form.cleaned_data["page"], url=url)
    confirm = CaptureConfirmForm.from_posting(
        posting,
        url=normalise_url(url) or normalise_url(posting.url),
        can_match=_can_match(request.user),
    )
    return _confirm_page(request, confirm, posting=posting)


@tracker_view
@require_POST
def capture_save(request: HttpRequest) -> HttpResponse:
    form = CaptureConfirmForm(request.POST)
    if not form.is_valid():
        return _confirm_page(request, form)
    try:
        outcome = application_capture(
            user=request.user, url=form.cleaned_data["url"], fields=form.service_fields()
        )
    except ValidationError as exc:
        form.add_error(None, error_text(exc))
        return _confirm_page(request, form)
    application = outcome.application
    saved = (
        "Saved to your tracker." if outcome.created else "This job was already tracked: updated it."
    )
    if form.cleaned_data["start_match"]:
        if not ratelimit.allow(user_id=request.user.pk, action="ai"):
            messages.error(
                request, f"{saved} Too many AI requests just now; start the match in a minute."
            )
            return redirect(application.get_absolute_url())
        analysis, problem = capture_match_start(user=request.user, application=application)
        if analysis is not None:
            messages.success(request, f"{saved} The match against your default resume has started.")
            return redirect(analysis.get_absolute_url())
        messages.error(request, f"{saved} No match started: {problem}")
        return redirect(application.get_absolute_url())
    messages.success(request, saved)
    return redirect(application.get_absolute_url())


@tracker_view
@require_GET
def capture_bookmarklet(request: HttpRequest) -> HttpResponse:
    """Where the bookmarklet's new tab lands: it receives the page from the tab that
    opened it (postMessage) and posts it to ``capture`` like the paste form does."""
    response = render(
        request,
        "tracker/capture_receive.html",
        {"form": CapturePageForm(), "capture_url": reverse("tracker:capture")},
    )
    # The opener (the job's page) must keep its handle on this tab to post the page.
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response
