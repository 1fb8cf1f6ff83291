"""The resume builder's pages: list and create/import, the section editor (htmx autosave,
reorder, undo), tailoring review, exports and their status, and recording a send."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from careercopilot.ratelimit import rate_limited
from careercopilot.web import error_text
from tracker.models import Application
from tracker.selectors import get_application_for_user

from .. import selectors as resume_selectors
from ..views.common import done, polled
from . import importers, sections, selectors, services
from . import render as renderer
from .models import BuilderJob
from .schema import SECTION_LABELS, DocumentInvalid, validate

MAX_UPLOAD = 10 * 1024 * 1024


def _list_context(request: HttpRequest, **extra) -> dict:
    return {
        "resumes": selectors.built_for_user(request.user),
        "versions": resume_selectors.resumes_for_user(request.user),
        "rates": selectors.response_rate_by_version(request.user),
        **extra,
    }


@htmx_login_required
def builder_list(request: HttpRequest) -> HttpResponse:
    return render(request, "resumes/builder/list.html", _list_context(request))


def _upload(request: HttpRequest) -> tuple[bytes, str] | None:
    upload = request.FILES.get("file")
    if upload is None or upload.size == 0:
        return None
    if upload.size > MAX_UPLOAD:
        raise ValidationError("This file is larger than 10 MB.")
    return upload.read(), upload.name


@htmx_login_required
@require_POST
@rate_limited("upload")
def builder_create(request: HttpRequest) -> HttpResponse:
    """From scratch, from an uploaded version, or by JSON Resume import."""
    how = request.POST.get("how", "scratch")
    name = request.POST.get("name", "")
    try:
        if how == "version":
            pk = _int(request.POST.get("version"))
            if pk is None:
                raise ValidationError("Choose an uploaded resume.")
            version = resume_selectors.get_version_for_user(request.user, pk)
            resume = services.built_from_version(user=request.user, version=version)
        elif how == "json":
            upload = _upload(request)
            if upload is None:
                raise ValidationError("Choose a JSON Resume file (.json).")
            resume = services.built_import_json(user=request.user, name=name, data=upload[0])
        else:
            resume = services.built_create(user=request.user, name=name or "My resume")
    except importers.ImportProblem as exc:
        context = _list_context(request, import_error=str(exc), import_details=exc.errors)
        return render(request, "resumes/builder/list.html", context, status=422)
    except ValidationError as exc:
        context = _list_context(request, import_error=error_text(exc))
        return render(request, "resumes/builder/list.html", context, status=422)
    return done(request, resume.get_absolute_url())


@htmx_login_required
@require_POST
@rate_limited("upload")
def builder_import_linkedin(request: HttpRequest) -> HttpResponse:
    try:
        upload = _upload(request)
        if upload is None:
            raise ValidationError("Choose the ZIP file of your LinkedIn data export.")
        job = services.linkedin_import_request(
            user=request.user, name=request.POST.get("name", ""), data=upload[0]
        )
    except ValidationError as exc:
        context = _list_context(request, linkedin_error=error_text(exc))
        return render(request, "resumes/builder/list.html", context, status=422)
    return done(request, job.get_absolute_url())


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _application(request: HttpRequest):
    """The user's application named in the form (404 for anyone else's); None if none."""
    pk = _int(request.POST.get("application"))
    return get_application_for_user(request.user, pk) if pk else None


def _editor_context(request: HttpRequest, resume, **extra) -> dict:
    document = resume.document
    unconfirmed = resume.tailor_report.get("unconfirmed", [])
    blocks = [
        {
            "key": key,
            "label": SECTION_LABELS[key],
            "rows": sections.rows(key, document.get(key)),
            "unconfirmed": key in unconfirmed,
        }
        for key in sections.EDITABLE
    ]
    return {
        "resume": resume,
        "blocks": blocks,
        "can_undo": resume.revisions.count() > 1,
        "templates": renderer.TEMPLATES.values(),
        "applications": selectors.applications_for_tailoring(request.user)[:50],
        "all_applications": Application.objects.filter(user=request.user).order_by("-id")[:50],
        "exports": selectors.exports_of(resume),
        "proposals": resume.proposals,
        "pending": sum(1 for p in resume.proposals if p.get("status") == "pending"),
        "sends": resume.sends.select_related("application", "cover_letter")[:10],
        "letters": selectors.letters_for_sending(request.user)[:50],
        "preview": "\n".join(text for _, text in renderer.blocks(document)),
        **extra,
    }


@htmx_login_required
def builder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    return render(request, "resumes/builder/edit.html", _editor_context(request, resume))


def _section_response(request, resume, key, *, errors=None, posted=None, saved=False):
    block = {
        "key": key,
        "label": SECTION_LABELS[key],
        "rows": sections.rows(key, resume.document.get(key), errors, posted),
        "unconfirmed": key in resume.tailor_report.get("unconfirmed", []),
    }
    context = {"resume": resume, "sec": block, "saved": saved, "errors": errors or {}}
    template = "resumes/builder/edit.html#status" if request.POST.get("autosave") else None
    return render(request, template or "resumes/builder/edit.html#section", context)


@htmx_login_required
@require_POST
def builder_section_save(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Autosave (debounced, htmx) or a plain submit. Errors come back beside the fields
    with what was typed; nothing is saved then."""
    resume = selectors.get_built_for_user(request.user, pk)
    if section not in sections.EDITABLE:
        raise Http404("No such section.")
    current = resume.document.get(section)
    value = sections.section_from_post(section, current, request.POST)
    if request.POST.get("add") and section != "basics":
        value = [*value, {}]
    try:
        resume = services.built_save_section(resume=resume, section=section, value=value)
    except ValidationError as exc:
        where = getattr(exc.__cause__, "where", None) or _where(section, value)
        errors = sections.field_errors(section, where)
        if not request.htmx:
            context = _editor_context(request, resume, form_error=error_text(exc))
            return render(request, "resumes/builder/edit.html", context, status=422)
        # 200: htmx swaps only successful responses; the fragment says it was not saved.
        return _section_response(request, resume, section, errors=errors, posted=request.POST)
    if not request.htmx:
        return redirect(f"{resume.get_absolute_url()}#section-{section}")
    return _section_response(request, resume, section, saved=True)


def _where(section: str, value) -> list:
    try:
        validate({section: value})
    except DocumentInvalid as exc:
        return exc.where
    return []


@htmx_login_required
@require_POST
def builder_move(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    entries = list(resume.document.get(section) or [])
    position, _, direction = request.POST.get("move", "").partition(":")
    index = _int(position)
    if section not in sections.FIELDS:
        raise Http404("No such section.")
    target = index + (-1 if direction == "up" else 1) if index is not None else -1
    if index is not None and 0 <= index < len(entries) and 0 <= target < len(entries):
        entries[index], entries[target] = entries[target], entries[index]
        resume = services.built_save_section(resume=resume, section=section, value=entries)
    if not request.htmx:
        return redirect(f"{resume.get_absolute_url()}#section-{section}")
    return _section_response(request, resume, section, saved=True)


@htmx_login_required
@require_POST
def builder_confirm(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    services.built_confirm_section(resume=resume, section=section)
    return done(request, f"{resume.get_absolute_url()}#section-{section}")


@htmx_login_required
@require_POST
def builder_undo(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    undone = services.built_undo(resume=resume)
    message = "Your last change was undone." if undone else "There is nothing to undo."
    return done(request, resume.get_absolute_url(), message, "success" if undone else "error")


@htmx_login_required
@require_POST
def builder_rename(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    try:
        services.built_rename(resume=resume, name=request.POST.get("name", ""))
    except ValidationError as exc:
        return done(request, resume.get_absolute_url(), error_text(exc), "error")
    return done(request, resume.get_absolute_url(), "Renamed.")


@htmx_login_required
@require_POST
def builder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    services.built_delete(resume=resume)
    return done(request, reverse("resumes:builder_list"), "The resume was deleted.")


@htmx_login_required
def builder_json(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    response = HttpResponse(
        importers.to_json_resume(resume.document), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="resume-{resume.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@htmx_login_required
@require_POST
@rate_limited("ai")
def builder_tailor(request: HttpRequest, pk: int) -> HttpResponse:
    base = selectors.get_built_for_user(request.user, pk)
    application = _application(request)
    if application is None:
        return done(request, base.get_absolute_url(), "Choose an application.", "error")
    try:
        job = services.tailor_request(user=request.user, base=base, application=application)
    except ValidationError as exc:
        return done(request, base.get_absolute_url(), error_text(exc), "error")
    return done(request, job.get_absolute_url())


@htmx_login_required
@require_POST
def builder_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.proposal_decide(
            resume=resume, proposal_id=request.POST.get("proposal", ""), accept=accept
        )
    except ValidationError as exc:
        return done(request, resume.get_absolute_url(), error_text(exc), "error")
    return done(request, f"{resume.get_absolute_url()}#proposals")


@htmx_login_required
@require_POST
@rate_limited("ai")
def builder_export(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    try:
        job = services.export_request(
            user=request.user,
            resume=resume,
            fmt=request.POST.get("format", ""),
            template=request.POST.get("template", ""),
        )
    except ValidationError as exc:
        return done(request, resume.get_absolute_url(), error_text(exc), "error")
    return done(request, job.get_absolute_url())


@htmx_login_required
def builder_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_builder_job_for_user(request.user, pk)
    context = {"job": job}
    if job.is_done and job.kind == BuilderJob.Kind.TAILOR and job.result.get("tailored"):
        context["tailored_url"] = reverse("resumes:builder_edit", args=[job.result["tailored"]])
    template = "resumes/builder/job.html"
    return polled(request, template, "status", context, job) or render(request, template, context)


@htmx_login_required
@require_POST
def builder_job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_builder_job_for_user(request.user, pk)
    try:
        services.builder_job_retry(job=job)
    except services.UserFacingError as exc:
        return done(request, job.get_absolute_url(), str(exc), "error")
    return done(request, job.get_absolute_url())


@htmx_login_required
def builder_job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_builder_job_for_user(request.user, pk)
    if not (job.is_done and job.output_file):
        raise Http404("Nothing to download.")
    name = f"resume-{job.resume_id}-{job.template}.{job.export_format}"
    response = FileResponse(job.output_file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@htmx_login_required
def builder_job_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The first page of a finished PDF export, as a PNG (404 for anyone else's)."""
    job = selectors.get_builder_job_for_user(request.user, pk)
    name = job.result.get("preview")
    if not (job.is_done and name):
        raise Http404("No preview.")
    response = FileResponse(job.output_file.storage.open(name, "rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@htmx_login_required
@require_POST
def builder_send(request: HttpRequest, pk: int) -> HttpResponse:
    resume = selectors.get_built_for_user(request.user, pk)
    application = _application(request)
    if application is None:
        return done(request, resume.get_absolute_url(), "Choose an application.", "error")
    letter_pk = _int(request.POST.get("cover_letter"))
    letter = resume_selectors.get_letter_for_user(request.user, letter_pk) if letter_pk else None
    services.sent_record(application=application, resume=resume, cover_letter=letter)
    with_letter = " with the cover letter" if letter else ""
    message = f"Recorded: revision {resume.revision}{with_letter} sent to {application.company}."
    return done(request, resume.get_absolute_url(), message)
