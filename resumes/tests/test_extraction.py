"""Extraction (C2) with the real PyMuPDF, python-docx and Tesseract on files made here."""

import pytest

from careercopilot.jobs.models import JobState
from resumes.extraction import NO_TEXT_MESSAGE, ExtractionError, extract

from . import samples

pytestmark = pytest.mark.django_db


def test_text_pdf_gives_text_sections_and_skills():
    found = extract(samples.text_pdf(), "pdf")
    assert "Built REST APIs in Django and Postgres" in found.text
    assert found.ocr_pages == 0
    assert {"contact", "summary", "experience", "education", "skills"} <= set(found.sections)
    assert "Jane Doe" in found.sections["contact"]
    assert "B.S. Computer Science" in found.sections["education"]
    assert {"Python", "Django", "PostgreSQL", "AWS", "Docker"} <= set(found.skills)


def test_docx_uses_heading_styles_and_bullets():
    found = extract(samples.docx_file(), "docx")
    assert "Experience" in found.heading_hints
    assert "• Led a team of 4 engineers" in found.text
    assert (
        "Led a team of 4 engineers and mentored 2 junior developers" in found.sections["experience"]
    )


def test_png_is_read_by_tesseract_after_preprocessing():
    found = extract(samples.page_image(), "png")
    assert found.ocr_pages == 1
    assert "jane.doe@example.com" in found.text
    assert "Django" in found.skills


def test_a_pdf_page_without_a_text_layer_goes_to_ocr():
    found = extract(samples.scanned_pdf(), "pdf")
    assert found.ocr_pages == 1
    assert "Senior Software Engineer" in found.text
    assert "experience" in found.sections


@pytest.mark.parametrize(
    "make,kind", [(samples.blank_pdf, "pdf"), (lambda: samples.page_image(" "), "png")]
)
def test_a_file_where_ocr_finds_nothing_says_we_could_not_read_text(make, kind):
    with pytest.raises(ExtractionError, match="We could not read text"):
        extract(make(), kind)


def test_blank_upload_fails_visibly_and_never_gives_an_empty_analysis(
    alice, alice_client, make_version
):
    version = make_version(alice, samples.blank_pdf(), filename="blank.pdf")
    assert version.state == JobState.FAILED
    assert version.error == NO_TEXT_MESSAGE
    page = alice_client.get(version.get_absolute_url()).content.decode()
    assert "We could not read text" in page and "Retry" in page
    response = alice_client.post(
        "/resumes/match/", {"version": version.pk, "job_description": samples.JOB}
    )
    assert response.status_code == 422  # the blank version is not offered
    assert not version.analyses.exists()
