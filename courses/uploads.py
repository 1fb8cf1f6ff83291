"""Upload checks by content (magic bytes), size and structure, before anything is stored.

Documents: PDF, Word/PowerPoint/Excel (OOXML), PNG, JPEG, GIF, WebP and UTF-8 text.
Videos: MP4/MOV (ISO media) and WebM/Matroska. The name a browser sends is only kept for
display; the kind is decided by the bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from careercopilot.uploadsafety import looks_like_markup, ooxml_problem, pdf_problem, zip_polyglot

MB = 1024 * 1024
PDF_MAX_PAGES = 300
IMAGE_MAX_PIXELS = 50_000_000
OOXML_MAX_UNCOMPRESSED = 200 * MB
OOXML_MAX_RATIO = 100
OOXML_MAX_ENTRIES = 5000
HEAD_BYTES = 4096

DOCUMENT_KINDS_TEXT = "PDF, Word, PowerPoint, Excel, PNG, JPEG, GIF, WebP or plain-text"
VIDEO_KINDS_TEXT = "MP4, MOV or WebM"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": "text/plain; charset=utf-8",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
}
OOXML_MAIN_PART = {
    "word/document.xml": "docx",
    "ppt/presentation.xml": "pptx",
    "xl/workbook.xml": "xlsx",
}


def file_max_bytes() -> int:
    return getattr(settings, "COURSES_FILE_MAX_BYTES", 25 * MB)


def video_max_bytes() -> int:
    return getattr(settings, "COURSES_VIDEO_MAX_BYTES", 500 * MB)


@dataclass(frozen=True)
class Detected:
    kind: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head[4:8] == b"ftyp":
        return "mov" if head[8:10] == b"qt" else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    return None


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)


def _check_pdf(data: bytes) -> None:
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
        if doc.page_count == 0:
            raise ValidationError("This PDF has no pages.")
        if doc.page_count > PDF_MAX_PAGES:
            raise ValidationError(
                f"This PDF has {doc.page_count} pages; the limit is {PDF_MAX_PAGES}."
            )
        problem = pdf_problem(doc, data)
    if problem:
        raise ValidationError(problem)


def _check_ooxml(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValidationError("This Office file is damaged and cannot be opened.") from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        kind = next((k for part, k in OOXML_MAIN_PART.items() if part in names), None)
        if kind is None or "[Content_Types].xml" not in names:
            raise ValidationError(
                f"This is a ZIP archive, not an Office document. Upload a {DOCUMENT_KINDS_TEXT} file."
            )
        total = sum(info.file_size for info in infos)
        packed = sum(info.compress_size for info in infos) or 1
        if (
            len(infos) > OOXML_MAX_ENTRIES
            or total > OOXML_MAX_UNCOMPRESSED
            or total / packed > OOXML_MAX_RATIO
        ):
            raise ValidationError(
                "This Office file expands to far more data than it should, so it was refused "
                "(a possible zip bomb)."
            )
        problem = ooxml_problem(archive, max_bytes=OOXML_MAX_UNCOMPRESSED)
    if problem:
        raise ValidationError(problem)
    return kind


def _check_image(data: bytes) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError("This image has too many pixels.") from exc
    except Exception as exc:
        raise ValidationError("This image is damaged and cannot be opened.") from exc
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            f"This image is {width}×{height} pixels; the limit is "
            f"{IMAGE_MAX_PIXELS // 1_000_000} megapixels."
        )


def validate_document(data: bytes) -> Detected:
    """The kind of an uploaded document, or a ValidationError that says what is wrong."""
    size = len(data)
    if size == 0:
        raise ValidationError("This file is empty.")
    if size > file_max_bytes():
        raise ValidationError(f"This file is {_mb(size)}; the limit is {_mb(file_max_bytes())}.")
    kind = sniff(data[:HEAD_BYTES])
    if kind in ("mp4", "mov", "webm"):
        raise ValidationError("This is a video. Use the video upload instead.")
    if kind is None:
        if looks_like_markup(data):
            raise ValidationError(
                "This is a web page or SVG/XML file, which is not accepted. Upload a "
                f"{DOCUMENT_KINDS_TEXT} file."
            )
        if _looks_like_text(data):
            return Detected("txt")
        raise ValidationError(
            f"This is not a {DOCUMENT_KINDS_TEXT} file (checked by its content, not its name)."
        )
    if kind != "zip" and (problem := zip_polyglot(data)):
        raise ValidationError(problem)
    if kind == "pdf":
        _check_pdf(data)
    elif kind == "zip":
        kind = _check_ooxml(data)
    else:
        _check_image(data)
    return Detected(kind)


def validate_video(head: bytes, *, size: int) -> Detected:
    """Checks a video by its first bytes and its size (videos are not read whole)."""
    if size == 0:
        raise ValidationError("This video is empty.")
    if size > video_max_bytes():
        raise ValidationError(f"This video is {_mb(size)}; the limit is {_mb(video_max_bytes())}.")
    kind = sniff(head[:HEAD_BYTES])
    if kind not in ("mp4", "mov", "webm"):
        raise ValidationError(
            f"This is not an {VIDEO_KINDS_TEXT} video (checked by its content, not its name)."
        )
    return Detected(kind)


def safe_filename(name: str) -> str:
    """The last path part of a browser-sent name, without control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|')
    return cleaned.strip()[:255] or "upload"
