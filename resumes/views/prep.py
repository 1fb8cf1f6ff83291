"""Interview prep and practice feedback (C6)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from billing.plans import FEATURES
from careercopilot.ratelimit import rate_limited
from careercopilot.web import error_text

from .. import quotas, selectors, services
from ..forms import JobForm, PracticeForm
from ..models import InterviewPrep
from .analyses import job_form
from .common import done, polled, quota_context

QUOTA_LABEL = FEATURES[quotas.INTERVIEW_PREP]


@htmx_login_required
@rate_limited("ai")
def prep_new(request: HttpRequest) -> HttpResponse:
    form, versions = job_form(request, JobForm)
    context: dict = {"form": form, "has_versions": bool(versions), "quota_label": QUOTA_LABEL}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                prep = services.prep_request(
                    user=request.user,
                    version=data["version_obj"],
                    job_description=data["job_description"],
                    company=data["company"],
                    job_title=data["job_title"],
                    application=data["application_obj"],
                )
            except ValidationError as exc:
                form.add_error("job_description", error_text(exc))
            except quotas.QuotaExceeded as exc:
                context.update(quota_context(exc))
            else:
                return redirect(prep.get_absolute_url())
        return render(request, "resumes/prep_new.html", context, status=422)
    context["recent"] = InterviewPrep.objects.filter(user=request.user)[:10]
    return render(request, "resumes/prep_new.html", context)


def _prep_context(prep: InterviewPrep, form: PracticeForm | None = None) -> dict:
    return {
        "prep": prep,
        "quota_label": QUOTA_LABEL,
        "answers": prep.answers.all()[:20],
        "practice_form": form or PracticeForm(),
    }


@htmx_login_required
def prep_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prep = selectors.get_prep_for_user(request.user, pk)
    context = _prep_context(prep)
    return polled(request, "resumes/prep_detail.html", "body", context, prep) or render(
        request, "resumes/prep_detail.html", context
    )


@htmx_login_required
@require_POST
def prep_retry(request: HttpRequest, pk: int) -> HttpResponse:
    prep = selectors.get_prep_for_user(request.user, pk)
    try:
        services.prep_retry(prep=prep)
    except (services.UserFacingError, quotas.QuotaExceeded) as exc:
        return done(request, prep.get_absolute_url(), str(exc), "error")
    return done(request, prep.get_absolute_url(), "Interview prep queued again.")


@htmx_login_required
@require_POST
@rate_limited("ai")
def practice_submit(request: HttpRequest, pk: int) -> HttpResponse:
    prep = selectors.get_prep_for_user(request.user, pk)
    form = PracticeForm(request.POST)
    context = _prep_context(prep, form)
    if form.is_valid():
        try:
            answer = services.practice_submit(
                prep=prep,
                question=form.cleaned_data["question"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            form.add_error("answer", error_text(exc))
        except quotas.QuotaExceeded as exc:
            context.update(quota_context(exc))
        else:
            return redirect(f"{prep.get_absolute_url()}#answer-{answer.pk}")
    return render(request, "resumes/prep_detail.html", context, status=422)


@htmx_login_required
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = selectors.get_answer_for_user(request.user, pk)
    context = {"answer": answer, "prep": answer.prep}
    return polled(request, "resumes/answer.html", "body", context, answer) or render(
        request, "resumes/answer.html", context
    )
