"""Match analyses (C3) and fit ranking (C8)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from careercopilot.jobs.models import JobState
from careercopilot.ratelimit import rate_limited
from careercopilot.web import error_text

from .. import quotas, selectors, services
from ..forms import JobForm
from ..match_view import match_view
from ..models import MatchAnalysis
from .common import done, polled, quota_context


def job_form(request: HttpRequest, form_class=JobForm):
    versions = list(selectors.ready_versions(request.user))
    applications = list(selectors.user_applications(request.user)[:200])
    initial = {}
    default = selectors.default_version(request.user)
    if default:
        initial["version"] = default.pk
    if app_id := request.GET.get("application"):
        initial["application"] = app_id
    if version_id := request.GET.get("version"):
        initial["version"] = version_id
    form = form_class(
        request.POST or None, versions=versions, applications=applications, initial=initial
    )
    return form, versions


@htmx_login_required
@rate_limited("ai")
def analysis_new(request: HttpRequest) -> HttpResponse:
    form, versions = job_form(request)
    context: dict = {"form": form, "has_versions": bool(versions)}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                analysis = services.analysis_request(
                    user=request.user,
                    version=data["version_obj"],
                    job_description=data["job_description"],
                    job_title=data["job_title"],
                    company=data["company"],
                    application=data["application_obj"],
                )
            except ValidationError as exc:
                form.add_error("job_description", error_text(exc))
            except quotas.QuotaExceeded as exc:
                context.update(quota_context(exc))
            else:
                return redirect(analysis.get_absolute_url())
        return render(request, "resumes/analysis_new.html", context, status=422)
    context["recent"] = MatchAnalysis.objects.filter(user=request.user).select_related(
        "version__resume"
    )[:10]
    return render(request, "resumes/analysis_new.html", context)


@htmx_login_required
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.get_analysis_for_user(request.user, pk)
    context = {"analysis": analysis, "r": analysis.result}
    if analysis.state == JobState.DONE and analysis.result:
        context["match"] = match_view(analysis.result)
    return polled(request, "resumes/analysis_detail.html", "body", context, analysis) or render(
        request, "resumes/analysis_detail.html", context
    )


@htmx_login_required
@require_POST
def analysis_retry(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.get_analysis_for_user(request.user, pk)
    try:
        services.analysis_retry(analysis=analysis)
    except (services.UserFacingError, quotas.QuotaExceeded) as exc:
        return done(request, analysis.get_absolute_url(), str(exc), "error")
    return done(request, analysis.get_absolute_url(), "Analysis queued again.")


@htmx_login_required
def fit_ranking(request: HttpRequest) -> HttpResponse:
    rows = selectors.fit_ranking(request.user)
    running = any(a is not None and not a.is_finished for _, a in rows)
    context = {"rows": rows, "running": running, "version": selectors.default_version(request.user)}
    if request.htmx and request.htmx.target == "fit-table":
        response = render(request, "resumes/fit_ranking.html#table", context)
        if not running:
            response.status_code = 286
        return response
    return render(request, "resumes/fit_ranking.html", context)


@htmx_login_required
@require_POST
@rate_limited("ai")
def fit_ranking_refresh(request: HttpRequest) -> HttpResponse:
    target = reverse("resumes:fit_ranking")
    try:
        queued = services.fit_ranking_refresh(user=request.user)
    except ValidationError as exc:
        return done(request, target, error_text(exc), "error")
    except quotas.QuotaExceeded as exc:
        return done(request, target, str(exc), "error")
    message = (
        f"Scoring {queued} saved applications." if queued else "Every saved job is already scored."
    )
    return done(request, target, message)
