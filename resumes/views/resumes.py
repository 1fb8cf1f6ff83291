"""Resume list, upload, versions (text "as an ATS reads it"), default, download, delete."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from careercopilot.ratelimit import rate_limited
from careercopilot.web import error_text

from .. import quotas, selectors, services
from ..forms import RenameForm, UploadForm
from ..models import MatchAnalysis
from .common import done, polled, quota_context


@htmx_login_required
@rate_limited("upload")
def resume_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict = {}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = services.resume_upload(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    filename=upload.name,
                    data=upload.read(),
                )
            except ValidationError as exc:
                form.add_error("file", error_text(exc))
            except quotas.QuotaExceeded as exc:
                context.update(quota_context(exc))
            else:
                return redirect(version.get_absolute_url())
        status = 422
    context.update(
        {
            "form": form,
            "resumes": selectors.resumes_for_user(request.user),
            "max_mb": settings.RESUME_MAX_UPLOAD_BYTES // (1024 * 1024),
        }
    )
    return render(request, "resumes/resume_list.html", context, status=status)


@htmx_login_required
def resume_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_resume_for_user(request.user, pk)
    latest = resume.latest
    if latest is None:
        raise Http404("This resume has no versions.")
    return redirect(latest.get_absolute_url())


@htmx_login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for_user(request.user, pk)
    context = {
        "version": version,
        "resume": version.resume,
        "versions": version.resume.versions.all(),
        "analyses": MatchAnalysis.objects.filter(user=request.user, version=version)[:10],
        "rename_form": RenameForm(initial={"name": version.resume.name}),
    }
    return polled(request, "resumes/version_detail.html", "body", context, version) or render(
        request, "resumes/version_detail.html", context
    )


@htmx_login_required
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Ownership first; then a short-lived signed URL (S3) or the file itself (local)."""
    version = selectors.get_version_for_user(request.user, pk)
    storage = version.file.storage
    filename = version.original_filename or f"resume.{version.file_kind}"
    if getattr(storage, "querystring_auth", False):
        url = storage.url(
            version.file.name,
            parameters={"ResponseContentDisposition": f'attachment; filename="{filename}"'},
            expire=settings.RESUME_SIGNED_URL_SECONDS,
        )
        response = redirect(url)
    else:
        response = FileResponse(version.file.open("rb"), as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@htmx_login_required
@require_POST
def version_retry(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for_user(request.user, pk)
    try:
        services.version_retry(version=version)
    except (services.UserFacingError, quotas.QuotaExceeded) as exc:
        return done(request, version.get_absolute_url(), str(exc), "error")
    return done(request, version.get_absolute_url(), "Reading the file again.")


@htmx_login_required
@require_POST
def resume_set_default(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_resume_for_user(request.user, pk)
    services.resume_set_default(resume=resume)
    return done(
        request, reverse("resumes:resume_list"), f"“{resume.name}” is now your default resume."
    )


@htmx_login_required
@require_POST
def resume_rename(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_resume_for_user(request.user, pk)
    form = RenameForm(request.POST)
    target = reverse("resumes:resume_detail", args=[resume.pk])
    if not form.is_valid():
        return done(request, target, "Give the resume a name.", "error")
    try:
        services.resume_rename(resume=resume, name=form.cleaned_data["name"])
    except ValidationError as exc:
        return done(request, target, error_text(exc), "error")
    return done(request, target, "Renamed.")


@htmx_login_required
@require_POST
def resume_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_resume_for_user(request.user, pk)
    name = resume.name
    services.resume_delete(resume=resume)
    return done(request, reverse("resumes:resume_list"), f"Deleted “{name}” and its files.")
