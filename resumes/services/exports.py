"""Cover letter files: DOCX (python-docx), PDF (PyMuPDF) and plain text."""

from __future__ import annotations

import io
import re

from ..models import CoverLetter

__all__ = [
    "as_docx",
    "as_pdf",
    "as_text",
    "filename",
]


def filename(letter: CoverLetter, ext: str) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "-", f"cover-letter-{letter.company or 'company'}").strip("-")
    return f"{base.lower()}.{ext}"


def as_text(letter: CoverLetter) -> bytes:
    return (letter.body.strip() + "\n").encode("utf-8")


def as_docx(letter: CoverLetter) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for paragraph in letter.body.strip().split("\n\n"):
        document.add_paragraph(paragraph.strip())
    document.core_properties.title = f"Cover letter — {letter.company}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_pdf(letter: CoverLetter) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    width, height = pymupdf.paper_size("letter")
    margin = 72
    text = letter.body.strip()
    remaining = text
    while remaining:
        page = doc.new_page(width=width, height=height)
        rect = pymupdf.Rect(margin, margin, width - margin, height - margin)
        spare = page.insert_textbox(rect, remaining, fontsize=11, fontname="helv", lineheight=1.4)
        if spare >= 0:
            break
        # Too long for one page: split at a paragraph and carry the rest over.
        paragraphs = remaining.split("\n\n")
        fitted: list[str] = []
        for para in paragraphs:
            trial = "\n\n".join([*fitted, para])
            probe = pymupdf.open()
            fits = (
                probe.new_page(width=width, height=height).insert_textbox(
                    rect, trial, fontsize=11, fontname="helv", lineheight=1.4
                )
                >= 0
            )
            probe.close()
            if not fits:
                break
            fitted.append(para)
        if not fitted:  # a single enormous paragraph: hard wrap by characters
            fitted = [paragraphs[0][:3000]]
            paragraphs[0] = paragraphs[0][3000:]
            remaining = "\n\n".join(p for p in paragraphs if p)
        else:
            remaining = "\n\n".join(paragraphs[len(fitted) :])
        doc.delete_page(-1)
        page = doc.new_page(width=width, height=height)
        page.insert_textbox(rect, "\n\n".join(fitted), fontsize=11, fontname="helv", lineheight=1.4)
    doc.set_metadata({"title": f"Cover letter — {letter.company}", "creator": "Career Copilot"})
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data
