"""Serving stored files after an ownership check: a short-lived signed URL on S3, a
streamed response from local storage."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect

from careercopilot.storage import is_object_store

SIGNED_URL_SECONDS = getattr(settings, "COURSES_SIGNED_URL_SECONDS", 60)


SAME_KIND = {"jpg": ("jpg", "jpeg"), "txt": ("txt", "text")}


def filename_for_kind(filename: str, detected: str) -> str:
    """The name a download is saved under: the student's name with the extension of the kind
    found in the content, so an HTML page accepted as text is saved as ``.txt``."""
    if not detected:
        return filename
    stem, dot, extension = filename.rpartition(".")
    if not dot or not stem:
        stem, extension = filename, ""
    if extension.lower() in SAME_KIND.get(detected, (detected,)):
        return filename
    return f"{stem or 'file'}.{detected}"


def _disposition(filename: str, *, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "download"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def serve_stored(
    name: str, storage, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    if is_object_store(storage):  # S3: the browser fetches it directly, briefly
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": _disposition(filename, inline=inline),
                "ResponseContentType": content_type,
            },
            expire=SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        response["Content-Disposition"] = _disposition(filename, inline=inline)
    response["Cache-Control"] = "private, no-store"
    return response


def serve_field(field_file, *, filename: str, content_type: str, inline: bool = False):
    return serve_stored(
        field_file.name,
        field_file.storage,
        filename=filename,
        content_type=content_type,
        inline=inline,
    )
