"""Text extraction (C2): PyMuPDF for PDFs (OCR for pages without a text layer),
python-docx for Word files, Tesseract for images; then sections by heading heuristics."""

from __future__ import annotations

import io
import os
import re
import statistics
import time
from dataclasses import dataclass, field

from careercopilot.ai.local.sections import split_sections
from careercopilot.ai.local.taxonomy import taxonomy
from careercopilot.ai.local.text import normalise
from careercopilot.pdfpages import PageRefused, render_page

# Tesseract is 2-3x faster on small machines with one OpenMP thread per process.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

OCR_DPI = 300  # lowered for pages too large for the pixel budget (careercopilot.pdfpages)
MIN_PAGE_TEXT = 25  # characters; less means a scanned page
MIN_TEXT_LETTERS = 40
NO_TEXT_MESSAGE = (
    "We could not read text in this file: it may be a blank page or a scan too faint to "
    "read. Upload a PDF or Word file with selectable text, or a sharper scan."
)


DAMAGED_MESSAGE = (
    "We could not read this file: it looks damaged or incomplete. Export it again from "
    "your editor and upload the new copy."
)


class ExtractionError(Exception):
    """A problem the user can fix; the message is shown to them as is."""


def _format_errors() -> tuple[type[BaseException], ...]:
    """What the PDF, Word and image readers raise for a broken file (not our bugs)."""
    import zipfile

    import pymupdf
    from PIL import Image, UnidentifiedImageError

    return (
        zipfile.BadZipFile,
        SyntaxError,  # lxml's XMLSyntaxError: broken or hostile XML in a Word file
        KeyError,  # a Word part that the package names but does not hold
        ValueError,  # python-docx: "not a Word file"; struct errors in images
        OSError,  # Pillow: truncated or unreadable image data
        EOFError,
        UnidentifiedImageError,
        Image.DecompressionBombError,
        pymupdf.FileDataError,
    )


@dataclass
class Extracted:
    text: str
    sections: dict[str, str]
    page_count: int = 1
    ocr_pages: int = 0
    heading_hints: set[str] = field(default_factory=set)
    skills: list[str] = field(default_factory=list)
    elapsed_ms: int = 0


def _preprocess(image):
    from PIL import ImageOps

    gray = ImageOps.grayscale(image)
    if gray.width < 1400:  # small captures: tesseract reads better at ~300 dpi sizes
        factor = 1400 / gray.width
        gray = gray.resize((1400, round(gray.height * factor)))
    return ImageOps.autocontrast(gray, cutoff=1)


def ocr_image(image) -> str:
    import pytesseract

    return pytesseract.image_to_string(_preprocess(image), lang="eng", config="--psm 3")


def _pdf(data: bytes) -> tuple[str, int, int, set[str]]:
    import pymupdf
    from PIL import Image

    out_pages, hints, ocr_pages = [], set(), 0
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        page_count = doc.page_count
        for page in doc:
            layout = page.get_text("dict", sort=True, flags=pymupdf.TEXTFLAGS_TEXT)
            lines, sizes = [], []
            for block in layout["blocks"]:
                for line in block.get("lines", []):
                    spans = [s for s in line["spans"] if s["text"].strip()]
                    if not spans:
                        continue
                    text = "".join(s["text"] for s in line["spans"]).strip()
                    size = max(s["size"] for s in spans)
                    bold = all(s["flags"] & 16 or "bold" in s["font"].lower() for s in spans)
                    sizes.append(size)
                    lines.append((text, size, bold))
                if block.get("lines"):
                    lines.append(("", 0, False))
            page_text = "\n".join(t for t, _, _ in lines).strip()
            if len(page_text) < MIN_PAGE_TEXT:
                pix = render_page(page, dpi=OCR_DPI, colorspace=pymupdf.csGRAY)
                image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
                page_text = ocr_image(image).strip()
                ocr_pages += 1
            else:
                body = statistics.median(sizes) if sizes else 0
                for text, size, bold in lines:
                    words = text.split()
                    if (
                        text
                        and len(words) <= 5
                        and (bold or size >= body * 1.15 or (text.isupper() and len(text) > 3))
                    ):
                        hints.add(text)
            out_pages.append(page_text)
    return "\n\n".join(out_pages), page_count, ocr_pages, hints


def _docx(data: bytes) -> tuple[str, set[str]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines, hints = [], set()
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            lines.append("")
            continue
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        runs = [r for r in paragraph.runs if r.text.strip()]
        if style.startswith(("heading", "title")) or (runs and all(r.bold for r in runs)):
            hints.add(text)
        prefix = "• " if "list" in style else ""
        lines.append(prefix + text)
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                value = cell.text.strip()
                if value and value not in cells:
                    cells.append(value)
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines), hints


def _image(data: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return ocr_image(image)


def clean_text(text: str) -> str:
    text = normalise(text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def extract(data: bytes, kind: str) -> Extracted:
    """Text, sections and skills of a validated upload; ExtractionError if there is no text."""
    started = time.perf_counter()
    page_count, ocr_pages, hints = 1, 0, set()
    if kind not in ("pdf", "docx", "png", "jpg"):
        raise ExtractionError("This file type is not supported.")
    try:
        if kind == "pdf":
            raw, page_count, ocr_pages, hints = _pdf(data)
        elif kind == "docx":
            raw, hints = _docx(data)
        else:
            raw, ocr_pages = _image(data), 1
    except PageRefused as exc:
        raise ExtractionError(str(exc)) from exc
    except _format_errors() as exc:
        import pytesseract

        if isinstance(exc, pytesseract.TesseractNotFoundError):
            raise  # the server's problem, not the file's
        raise ExtractionError(DAMAGED_MESSAGE) from exc
    text = clean_text(raw)
    if sum(ch.isalpha() for ch in text) < MIN_TEXT_LETTERS:
        raise ExtractionError(NO_TEXT_MESSAGE)
    sections = split_sections(text, heading_hints=hints)
    skills = list(taxonomy().find(text).named)
    return Extracted(
        text=text,
        sections=sections,
        page_count=page_count,
        ocr_pages=ocr_pages,
        heading_hints=hints,
        skills=skills,
        elapsed_ms=round((time.perf_counter() - started) * 1000),
    )
