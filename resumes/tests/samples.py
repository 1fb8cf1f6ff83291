"""Texts and real files (PDF, DOCX, PNG, scans, bombs) made by the tests themselves."""

from __future__ import annotations

import io
import zipfile

RESUME = """Jane Doe
jane.doe@example.com | +1 415 555 0100 | San Francisco, CA | linkedin.com/in/janedoe

Summary
Backend engineer with 7 years of experience building Python services for data products.

Experience
Senior Software Engineer, Globex - Jan 2020 - Present
- Built REST APIs in Django and Postgres serving 2M requests per day
- Led a team of 4 engineers and mentored 2 junior developers
- Deployed services on AWS with Docker and GitHub Actions, cutting release time by 60%
Software Engineer, Initech - Jun 2016 - Dec 2019
- Designed the billing service used by 30,000 customers
- Wrote unit tests with pytest and raised coverage from 40% to 85%

Education
B.S. Computer Science, State University, 2016

Skills
Python, Django, PostgreSQL, AWS, Docker, Redis, Git, SQL
"""

WEAK_RESUME = """Sam Smith
sam@example.com

Retail Sales Associate, ShopMart - 2021 - Present
- Responsible for helping customers on the sales floor
- Worked on stocking shelves and the cash register

Education
High school diploma
"""

JOB = """Senior Backend Engineer
Acme Data - Remote

We are looking for a Senior Backend Engineer to build and scale our platform APIs.

Requirements
- 5+ years of experience building backend services in Python
- Strong experience with Django and PostgreSQL
- Experience with AWS, Docker and Kubernetes
- CI/CD pipelines and automated testing
- Mentoring engineers and leading technical design

Nice to have
- Kafka and Terraform
- Bachelor's degree in Computer Science or equivalent experience
"""


def text_pdf(text: str = RESUME, pages: int = 1) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(50, 50, 560, 800), text, fontsize=10, fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


def page_image(text: str = RESUME, dpi: int = 300, fmt: str = "png") -> bytes:
    """A 'scan': the text rendered to pixels (no text layer, no system fonts needed)."""
    import pymupdf

    doc = pymupdf.open(stream=text_pdf(text), filetype="pdf")
    pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    data = pix.tobytes("png")
    doc.close()
    if fmt == "png":
        return data
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, format="JPEG", quality=90)
    return out.getvalue()


def scanned_pdf(text: str = RESUME) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, stream=page_image(text, dpi=200))
    data = doc.tobytes()
    doc.close()
    return data


def blank_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page()
    data = doc.tobytes()
    doc.close()
    return data


def encrypted_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open(stream=text_pdf(), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    doc.close()
    return data


def docx_file(text: str = RESUME) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip() in ("Summary", "Experience", "Education", "Skills"):
            document.add_heading(line.strip(), level=2)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A real DOCX whose one extra part inflates to 60 MB from a few KB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_file())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


def pixel_bomb_png() -> bytes:
    """A PNG whose header claims 20000 x 20000 pixels (400 MP), a few KB on disk."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG", optimize=True)
    return out.getvalue()
