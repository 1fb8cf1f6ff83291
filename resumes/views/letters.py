"""Cover letters (C5): request, poll, edit, export."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from careercopilot.ratelimit import rate_limited
from careercopilot.web import error_text

from .. import quotas, selectors, services
from ..forms import LetterEditForm, LetterForm
from ..models import CoverLetter, JobState
from ..services import exports
from .analyses import job_form
from .common import done, polled, quota_context

EXPORTS = {
    "txt": (exports.as_text, "text/plain; charset=utf-8"),
    "docx": (
        exports.as_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (exports.as_pdf, "application/pdf"),
}


@htmx_login_required
@rate_limited("ai")
def letter_new(request: HttpRequest) -> HttpResponse:
    form, versions = job_form(request, LetterForm)
    context: dict = {"form": form, "has_versions": bool(versions)}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                letter = services.letter_request(
                    user=request.user,
                    version=data["version_obj"],
                    job_description=data["job_description"],
                    company=data["company"],
                    job_title=data["job_title"],
                    tone=data["tone"],
                    length=data["length"],
                    application=data["application_obj"],
                )
            except ValidationError as exc:
                form.add_error("job_description", error_text(exc))
            except quotas.QuotaExceeded as exc:
                context.update(quota_context(exc))
            else:
                return redirect(letter.get_absolute_url())
        return render(request, "resumes/letter_new.html", context, status=422)
    context["recent"] = CoverLetter.objects.filter(user=request.user)[:10]
    return render(request, "resumes/letter_new.html", context)


@htmx_login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter_for_user(request.user, pk)
    context = {"letter": letter, "edit_form": LetterEditForm(initial={"body": letter.body})}
    return polled(request, "resumes/letter_detail.html", "body", context, letter) or render(
        request, "resumes/letter_detail.html", context
    )


@htmx_login_required
@require_POST
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter_for_user(request.user, pk)
    form = LetterEditForm(request.POST)
    if form.is_valid():
        try:
            services.letter_update(letter=letter, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error("body", error_text(exc))
        else:
            return done(request, letter.get_absolute_url(), "Letter saved.")
    return render(
        request, "resumes/letter_detail.html", {"letter": letter, "edit_form": form}, status=422
    )


@htmx_login_required
@require_POST
def letter_retry(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter_for_user(request.user, pk)
    try:
        services.letter_retry(letter=letter)
    except (services.UserFacingError, quotas.QuotaExceeded) as exc:
        return done(request, letter.get_absolute_url(), str(exc), "error")
    return done(request, letter.get_absolute_url(), "Letter queued again.")


@htmx_login_required
def letter_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    letter = selectors.get_letter_for_user(request.user, pk)
    if fmt not in EXPORTS or letter.state != JobState.DONE or not letter.body.strip():
        raise Http404("Nothing to export.")
    build, content_type = EXPORTS[fmt]
    response = HttpResponse(build(letter), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(letter, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response
