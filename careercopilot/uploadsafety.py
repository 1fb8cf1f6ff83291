"""Checks on uploaded documents that the format checks of each app share.

Resumes (resumes/extraction/validation.py) and course files (courses/uploads.py) accept
PDFs, Office files and images. Beyond "is it really a PDF", a file can still be hostile:

- a PDF that runs code in the reader (JavaScript, launch actions, embedded files);
- a PDF cut short (an incomplete upload the reader would silently "repair");
- a polyglot: a PDF or image that is at the same time a ZIP (a JAR, say);
- an Office file with a DTD (entity expansion, external entities), with macros, or whose
  parts inflate to something else than their headers say.

Each function returns a message for the user, or None when the file is fine. They read
headers and bounded amounts of data only, so they run inside the upload request.
"""

from __future__ import annotations

import io
import re
import zipfile

from .pdfpages import oversized_page

PDF_ACTIVE = re.compile(r"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)\b")
PDF_TAIL = 2048
READ_CHUNK = 1024 * 1024
XML_PROLOG = 4096
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")


def pdf_problem(doc, data: bytes) -> str | None:
    """An open PyMuPDF document and its bytes: active content, an incomplete file, or a
    page beyond the format's size limit."""
    if b"%%EOF" not in data[-PDF_TAIL:]:
        return "This PDF is incomplete (it ends before its end marker). Export it again and upload the new copy."
    if problem := oversized_page(doc):
        return problem
    if doc.embfile_count():
        return "This PDF carries embedded files. Save it without attachments (print to PDF) and upload that."
    for xref in range(1, doc.xref_length()):
        try:
            source = doc.xref_object(xref, compressed=False)
        except Exception:  # noqa: S112 - an unreadable object holds no action to find
            continue
        if PDF_ACTIVE.search(source):
            return (
                "This PDF contains scripts or actions that run when it is opened. "
                "Save it without them (print to PDF) and upload that."
            )
    return None


def zip_polyglot(data: bytes) -> str | None:
    """A PDF or image that is also a ZIP archive."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        return (
            "This file is also a ZIP archive hidden inside a document or image, so it was refused."
        )
    return None


def ooxml_problem(archive: zipfile.ZipFile, *, max_bytes: int) -> str | None:
    """An Office archive whose sizes were already checked against ``max_bytes``: macros,
    DTDs, and parts that do not inflate to what the archive says (zipfile stops at the
    declared size and checks the CRC, so this reads at most ``max_bytes``)."""
    infos = archive.infolist()
    names = {info.filename.lower().rsplit("/", 1)[-1] for info in infos}
    content_types = (
        archive.read("[Content_Types].xml") if "[Content_Types].xml" in archive.namelist() else b""
    )
    if names & set(MACRO_PARTS) or b"macroEnabled" in content_types:
        return "This Office file contains macros, so it was refused. Save it as a plain .docx, .pptx or .xlsx."
    total = 0
    try:
        for info in infos:
            with archive.open(info) as part:
                head = part.read(XML_PROLOG)
                if info.filename.endswith((".xml", ".rels")) and (
                    b"<!DOCTYPE" in head or b"<!ENTITY" in head
                ):
                    return "This Office file contains a document type declaration, which Office files never have, so it was refused."
                total += len(head)
                while chunk := part.read(READ_CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        return "This Office file expands to far more data than it should, so it was refused (a possible zip bomb)."
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        return "This Office file is damaged and cannot be opened."
    return None


MARKUP = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<iframe|<body|<head|<object)", re.I)


def looks_like_markup(data: bytes) -> bool:
    """An HTML, SVG or XML document (active content in a browser), which must not pass as
    "plain text". Text that merely mentions a tag later on is still text."""
    return bool(MARKUP.match(data[:1024].lstrip(b"\xef\xbb\xbf")))
