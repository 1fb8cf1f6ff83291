"""A tiny PDF with a huge page must not tie up a worker (issue 13, item 4).

A few hundred bytes can declare a 9000 × 9000 pt page: rendered for a course preview at
110 dpi it was a 189-megapixel image (about 1 GB of memory), and resume OCR at 300 dpi
failed outright. Every page is now drawn within a pixel budget (careercopilot.pdfpages),
pages beyond the PDF format's limit are refused at upload with a clear message, and the
rendering tasks run off the ``default`` queue that carries email and billing webhooks.
"""

from __future__ import annotations

import math
import struct

import pymupdf
import pytest
from django.core.exceptions import ValidationError

from careercopilot.celery import app
from careercopilot.pdfpages import MAX_PAGE_PIXELS, PageRefused, render_page, render_zoom
from courses import services
from courses.models import FileKind, ProcessingState
from courses.services.previews import PREVIEW_MAX_PIXELS
from courses.tests.factories import make_assignment, make_course, make_student, upload
from courses.uploads import validate_document
from resumes.extraction import OCR_DPI, extract
from resumes.extraction.validation import validate_upload
from resumes.tests.samples import page_image

HUGE = 9000  # points a side: 125 inches, within the PDF format's 200-inch limit
ABSURD = 20_000  # points a side: beyond it


def one_page_pdf(side: float, *, image: bytes | None = None) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=side, height=side)
    if image is not None:  # a scan: text as pixels only, so extraction needs OCR
        page.insert_image(pymupdf.Rect(0, 0, side * 8.27 / 11.69, side), stream=image)
    data = doc.tobytes(garbage=4, deflate=True)
    doc.close()
    return data


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, without decoding the image."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


# --- Course previews ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_huge_page_preview_is_drawn_within_the_pixel_cap(django_capture_on_commit_callbacks):
    """Guards the preview worker: the old code rendered 13750 × 13750 pixels (189 Mpx)."""
    data = one_page_pdf(HUGE)
    assert len(data) < 1024  # the whole attack fits in one small upload
    course = make_course()
    student = make_student(course)
    assignment = make_assignment(course, allow_file=True)
    with django_capture_on_commit_callbacks(execute=True):
        file = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("big.pdf", data),
            filename="big.pdf",
            kind=FileKind.DOCUMENT,
        )
    file.refresh_from_db()
    assert file.state == ProcessingState.DONE, file.error
    assert file.preview_pages == 1
    with file.file.storage.open(file.preview_page_name(1), "rb") as handle:
        width, height = png_size(handle.read())
    assert width * height <= PREVIEW_MAX_PIXELS
    assert width == height and width > 2000  # the whole page, at a lower resolution


def test_a_normal_page_keeps_its_full_resolution():
    """The cap only touches oversized pages: A4 renders at the requested dpi."""
    doc = pymupdf.open()
    page = doc.new_page()  # A4
    for dpi, budget in [(110, PREVIEW_MAX_PIXELS), (OCR_DPI, MAX_PAGE_PIXELS)]:
        capped = render_page(page, dpi=dpi, max_pixels=budget, colorspace=pymupdf.csGRAY)
        direct = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        assert (capped.width, capped.height, capped.n) == (direct.width, direct.height, 1)
        assert capped.width == math.ceil(page.rect.width / 72 * dpi)  # at the full dpi


# --- Resume OCR --------------------------------------------------------------------------


def test_ocr_of_a_huge_page_renders_within_the_pixel_cap():
    """At 300 dpi the page would be 37500 × 37500 pixels (1.4 Gpx); MuPDF gave up."""
    doc = pymupdf.open(stream=one_page_pdf(HUGE), filetype="pdf")
    pixmap = render_page(doc[0], dpi=OCR_DPI, colorspace=pymupdf.csGRAY)
    assert pixmap.width * pixmap.height <= MAX_PAGE_PIXELS
    assert pixmap.width == pixmap.height > 4900  # as much of the budget as fits


def test_a_scanned_resume_on_a_huge_page_is_still_read():
    """The old code raised MuPDF's "Overly large image" error here (a failed upload)."""
    found = extract(one_page_pdf(HUGE, image=page_image(dpi=150)), "pdf")
    assert found.ocr_pages == 1
    assert "Jane Doe" in found.text and "Backend engineer" in found.text


# --- Pages beyond the format's limit -----------------------------------------------------


def test_a_page_beyond_the_format_limit_is_refused_at_upload_with_a_clear_message():
    """Both upload checks (resumes and course files) share the refusal."""
    data = one_page_pdf(ABSURD)
    for check in (validate_upload, validate_document):
        with pytest.raises(ValidationError) as refused:
            check(data)
        assert "Page 1 of this PDF is 278 × 278 inches" in refused.value.messages[0]
        assert "normal paper size" in refused.value.messages[0]


def test_the_render_helper_refuses_what_it_cannot_draw():
    with pytest.raises(PageRefused, match="larger than the PDF format allows"):
        render_zoom(ABSURD, 10, dpi=110)
    with pytest.raises(PageRefused, match="has no size"):
        render_zoom(0, 100, dpi=110)
    for width, height, dpi, budget in [
        (9000, 9000, 300, MAX_PAGE_PIXELS),
        (14_400, 3, 300, 10_000),
    ]:
        zoom = render_zoom(width, height, dpi=dpi, max_pixels=budget)
        assert (width * zoom + 1) * (height * zoom + 1) <= budget


# --- Queues ------------------------------------------------------------------------------


def test_previews_and_resume_ocr_run_off_the_default_queue():
    """Rendering must not delay password-reset emails and billing webhooks."""
    assert queue_of("courses.tasks.file_preview_build") == "video"
    assert queue_of("resumes.tasks.version_extract") == "ai"  # upload, extraction and OCR
    assert queue_of("accounts.tasks.notification_send_email") == "default"
