"""Document previews for the grading screen, built in the background.

PDFs get their first pages rendered to PNG images (within a pixel budget per page, so a
huge page is drawn at a lower resolution); Word documents and text files get their text.
Images need nothing (the grader sees the image itself); other kinds are offered as a
download. Built on the "video" queue (the media-processing pool), never on "default".
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile

from careercopilot.jobs.runner import UserFacingError, run_job, set_progress
from careercopilot.pdfpages import PageRefused, render_page

from ..models import SubmissionFile

__all__ = [
    "file_preview_build_run",
]


PREVIEW_MAX_PAGES = 10
PREVIEW_DPI = 110
PREVIEW_MAX_PIXELS = 8_000_000  # per page; an A4 page at 110 dpi is 1.2 Mpx
PREVIEW_TEXT_MAX_CHARS = 200_000
DAMAGED = (
    "No preview: the file looks damaged or incomplete. "
    "Download it to check, or ask the student to upload it again."
)


def _pdf_pages(file: SubmissionFile, data: bytes) -> int:
    import pymupdf

    storage = file.file.storage
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        pages = min(doc.page_count, PREVIEW_MAX_PAGES)
        for number in range(pages):
            pixmap = render_page(doc[number], dpi=PREVIEW_DPI, max_pixels=PREVIEW_MAX_PIXELS)
            name = file.preview_page_name(number + 1)
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(pixmap.tobytes("png")))
    return pages


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def _build(file: SubmissionFile) -> None:
    with file.file.open("rb") as handle:
        data = handle.read()
    set_progress(file, 30)
    pages, text = 0, ""
    try:
        if file.detected == "pdf":
            pages = _pdf_pages(file, data)
        elif file.detected == "docx":
            text = _docx_text(data)
        elif file.detected == "txt":
            text = data.decode("utf-8", errors="replace")
    except PageRefused as exc:
        raise UserFacingError(f"No preview: {exc}") from exc
    file.preview_pages = pages
    file.preview_text = text[:PREVIEW_TEXT_MAX_CHARS]


def file_preview_build_run(*, file_id: int) -> bool:
    """A job (``careercopilot.jobs``): a built or vanished file is left alone, and a damaged
    one fails with ``DAMAGED`` (registered as the kind's failure message)."""
    return run_job(SubmissionFile, file_id, _build)
