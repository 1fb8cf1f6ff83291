"""CSV import (upload, preview, confirm) and exports (queued, polled, downloaded)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from careercopilot.jobs.models import JobState

from .. import selectors, services
from ..forms import ExportForm, ImportUploadForm
from ..models import CsvImport, ExportJob
from ..services.importing import MAX_ROWS, PREVIEW_ROWS
from .common import done, error_text, tracker_view


@tracker_view
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.importing.MAX_UPLOAD_BYTES:
                raise services.ImportError_(
                    f"The file is larger than {services.importing.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
                )
            csv_import = services.csv_import_upload(
                user=request.user, filename=upload.name, raw=upload.read()
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return redirect("tracker:import_preview", pk=csv_import.pk)
    recent = CsvImport.objects.filter(user=request.user, state=CsvImport.State.IMPORTED)[:5]
    return render(
        request,
        "tracker/import_upload.html",
        {"form": form, "recent": recent, "max_rows": MAX_ROWS},
        status=422 if form.errors else 200,
    )


@tracker_view
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    csv_import = selectors.get_import_for_user(request.user, pk)
    if csv_import.state == CsvImport.State.IMPORTED:
        return render(request, "tracker/import_done.html", {"csv_import": csv_import})
    return render(request, "tracker/import_preview.html", _preview_context(csv_import))


def _preview_context(csv_import: CsvImport, **extra) -> dict:
    preview = services.csv_import_preview(csv_import=csv_import)
    shown = preview.rows[:PREVIEW_ROWS]
    shown_numbers = {row.number for row in shown}
    errors_beyond = [row for row in preview.error_rows if row.number not in shown_numbers][:200]
    return {
        "csv_import": csv_import,
        "preview": preview,
        "shown": shown,
        "errors_beyond": errors_beyond,
        "fields": [f for f in preview.mapping if f],
        **extra,
    }


@tracker_view
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    csv_import = selectors.get_import_for_user(request.user, pk)
    try:
        count = services.csv_import_confirm(
            csv_import=csv_import, skip_invalid=request.POST.get("skip_invalid") == "1"
        )
    except ValidationError as exc:
        if csv_import.state == CsvImport.State.IMPORTED:
            return done(
                request,
                reverse("tracker:import_preview", args=[csv_import.pk]),
                error_text(exc),
                "error",
            )
        # The same preview again, with the reason beside the button; nothing is lost.
        context = _preview_context(csv_import, confirm_error=error_text(exc))
        return render(request, "tracker/import_preview.html", context, status=422)
    return done(request, reverse("tracker:application_list"), f"Imported {count} applications.")


@tracker_view
def export_create(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = services.export_request(
            user=request.user,
            format=form.cleaned_data["format"],
            include_archived=form.cleaned_data["include_archived"],
        )
        return redirect("tracker:export_detail", pk=job.pk)
    jobs = ExportJob.objects.filter(user=request.user)[:10]
    return render(request, "tracker/export.html", {"form": form, "jobs": jobs})


@tracker_view
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_export_for_user(request.user, pk)
    if request.htmx and request.htmx.target == f"export-{job.pk}":
        response = render(request, "tracker/export_detail.html#status", {"job": job})
        if job.is_finished:
            # Swap in the final state, then tell htmx to stop asking.
            response.status_code = HttpResponseStopPolling.status_code
        return response
    return render(request, "tracker/export_detail.html", {"job": job})


@tracker_view
@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_export_for_user(request.user, pk)
    if job.state != JobState.FAILED:
        return done(
            request,
            reverse("tracker:export_detail", args=[job.pk]),
            "Only a failed export can be retried.",
            "error",
        )
    services.export_retry(job=job)
    return done(request, reverse("tracker:export_detail", args=[job.pk]), "Export queued again.")


@tracker_view
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_export_for_user(request.user, pk)
    if job.state != JobState.DONE or not job.file:
        raise Http404("This export is not ready.")
    content_type = (
        "text/csv; charset=utf-8" if job.format == ExportJob.Format.CSV else "application/json"
    )
    filename = f"career-copilot-applications-{job.created_at:%Y-%m-%d}.{job.format}"
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
