"""Upload checks by content: magic bytes, size, pages, pixels and zip bombs (C1).

Everything here reads headers only, so it runs inside the upload request: a bad file is
refused with a clear message before anything is stored.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from careercopilot.uploadsafety import ooxml_problem, pdf_problem, zip_polyglot

DOCX_MAX_UNCOMPRESSED = 40 * 1024 * 1024
DOCX_MAX_RATIO = 100
DOCX_MAX_ENTRIES = 2000


@dataclass
class Sniffed:
    kind: str  # FileKind value: pdf, docx, png, jpg
    page_count: int = 1


def sniff_kind(head: bytes) -> str | None:
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and head[:1] in b"\x00\n\r\t "):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _check_pdf(data: bytes) -> int:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise ValidationError("This PDF is damaged and cannot be opened.") from exc
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected. Save a copy without a password and upload that."
            )
        pages = doc.page_count
        problem = pdf_problem(doc, data)
    if problem:
        raise ValidationError(problem)
    if pages == 0:
        raise ValidationError("This PDF has no pages.")
    if pages > settings.RESUME_MAX_PAGES:
        raise ValidationError(
            f"This PDF has {pages} pages; resumes can have at most {settings.RESUME_MAX_PAGES}."
        )
    return pages


def _check_docx(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValidationError("This Word file is damaged and cannot be opened.") from exc
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise ValidationError(
                "This is a ZIP archive, not a Word document. Upload a PDF, DOCX, PNG or JPEG."
            )
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if (
            len(infos) > DOCX_MAX_ENTRIES
            or total > DOCX_MAX_UNCOMPRESSED
            or total / packed > DOCX_MAX_RATIO
        ):
            raise ValidationError(
                "This Word file expands to far more data than a resume needs, so it was "
                "refused (a possible zip bomb)."
            )
        problem = ooxml_problem(archive, max_bytes=DOCX_MAX_UNCOMPRESSED)
    if problem:
        raise ValidationError(problem)


def _check_image(data: bytes) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height <= settings.RESUME_MAX_IMAGE_PIXELS:
                image.verify()  # a truncated or corrupt image fails here, not in extraction
    except Image.DecompressionBombError as exc:
        raise ValidationError("This image has too many pixels to process.") from exc
    except Exception as exc:
        raise ValidationError("This image is damaged and cannot be opened.") from exc
    if width * height > settings.RESUME_MAX_IMAGE_PIXELS:
        raise ValidationError(
            f"This image is {width}×{height} pixels; the limit is "
            f"{settings.RESUME_MAX_IMAGE_PIXELS // 1_000_000} megapixels."
        )


def validate_upload(data: bytes, *, size: int | None = None) -> Sniffed:
    """The detected kind and page count, or a ValidationError with a message for the user."""
    size = len(data) if size is None else size
    limit = settings.RESUME_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            f"This file is {size / 1024 / 1024:.1f} MB; the limit is {limit // (1024 * 1024)} MB."
        )
    if size == 0:
        raise ValidationError("This file is empty.")
    kind = sniff_kind(data[:2048])
    if kind is None:
        raise ValidationError(
            "This file is not a PDF, DOCX, PNG or JPEG (checked by its content, not its name)."
        )
    if kind != "zip" and (problem := zip_polyglot(data)):
        raise ValidationError(problem)
    if kind == "pdf":
        return Sniffed("pdf", _check_pdf(data))
    if kind == "zip":
        _check_docx(data)
        return Sniffed("docx")
    _check_image(data)
    return Sniffed(kind)
