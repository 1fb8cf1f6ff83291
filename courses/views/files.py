"""Students' own files and assignment attachments, after an ownership check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from careercopilot.web import error_text

from .. import services
from ..downloads import serve_field
from ..selectors import access


@htmx_login_required
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    file = access.get_submission_file_for_owner(request.user, pk)
    return serve_field(file.file, filename=file.download_filename, content_type=file.content_type)


@htmx_login_required
@require_POST
def file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    file = access.get_submission_file_for_owner(request.user, pk)
    assignment = file.submission.assignment
    name = file.original_filename
    try:
        services.submission_file_remove(file=file)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{name} removed from your draft.")
    return redirect(f"{assignment.get_absolute_url()}#work")


@htmx_login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.get_attachment_for_student(request.user, pk)
    return serve_field(
        attachment.file,
        filename=str(attachment),
        content_type=attachment.content_type or "application/octet-stream",
    )
