"""ATS-safe export: every template, as PDF and DOCX, read back by our own extraction
(PyMuPDF, python-docx) with its text, section order and contact details intact."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from careercopilot.jobs.models import JobState
from resumes.builder import render, services
from resumes.extraction import extract

from .pairs import RESUMES

pytestmark = pytest.mark.django_db

DOCUMENT = {
    **RESUMES["backend"],
    "basics": {
        **RESUMES["backend"]["basics"],
        "location": {"city": "Oakland", "region": "CA"},
        "url": "https://ana.example.com",
    },
    "projects": [{"name": "Open source queue", "highlights": ["Maintains a Redis job queue"]}],
    "certificates": [{"name": "AWS Certified Developer", "issuer": "Amazon", "date": "2021-05"}],
    "languages": [{"language": "Spanish", "fluency": "Native"}],
}
HEADINGS = [
    "Summary",
    "Experience",
    "Education",
    "Skills",
    "Projects",
    "Certifications",
    "Languages",
]


@pytest.mark.parametrize("template", sorted(render.TEMPLATES))
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_export_reads_back_in_order_with_every_line(template, fmt):
    """Guards ATS safety: the exported file's text layer holds the contact details, every
    heading in resume order, every entry and highlight, and the found sections."""
    data = render.render(DOCUMENT, fmt, template)
    found = extract(data, fmt)
    text = found.text
    lowered = text.lower()

    basics = DOCUMENT["basics"]
    for detail in (basics["name"], basics["email"], basics["phone"], "Oakland, CA", basics["url"]):
        assert detail in text, detail
    positions = [lowered.find(h.lower()) for h in HEADINGS]
    assert -1 not in positions and positions == sorted(positions), positions
    for job in DOCUMENT["work"]:
        assert f"{job['position']} - {job['name']}" in text
        for line in job["highlights"]:
            assert line in text, line
    assert "Mar 2019 - Present" in text and "Jun 2015 - Feb 2019" in text
    assert "BSc in Computer Science - UC Davis" in text
    assert {
        "contact",
        "summary",
        "experience",
        "education",
        "skills",
        "projects",
        "certifications",
    } <= set(found.sections)
    assert found.page_count == 1
    if fmt == "pdf":
        assert len(data) < 80_000  # fonts subset to the glyphs used


@pytest.mark.parametrize("template", sorted(render.TEMPLATES))
def test_pdf_has_no_images_and_docx_no_tables(template):
    import docx
    import pymupdf

    with pymupdf.open(stream=render.render_pdf(DOCUMENT, template), filetype="pdf") as pdf:
        assert all(not page.get_images() for page in pdf)
    word = docx.Document(io.BytesIO(render.render_docx(DOCUMENT, template)))
    assert word.tables == [] and len(word.inline_shapes) == 0
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"][:3] == [
        h.upper() if render.TEMPLATES[template].heading_upper else h for h in HEADINGS[:3]
    ]


def test_export_runs_as_a_job_and_the_file_downloads(alice, alice_client, on_commit):
    resume = services.built_create(user=alice, name="Backend", document=DOCUMENT)
    with on_commit():
        job = services.export_request(user=alice, resume=resume, fmt="pdf", template="modern")
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    response = alice_client.get(f"/resumes/builder/jobs/{job.pk}/download/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert "Ana Ruiz" in extract(data, "pdf").text


def test_an_unknown_template_is_refused(alice):
    resume = services.built_create(user=alice, name="Backend", document=DOCUMENT)
    with pytest.raises(ValidationError, match="templates"):
        services.export_request(user=alice, resume=resume, fmt="pdf", template="fancy")


def test_a_pdf_export_shows_its_first_page_and_only_to_its_owner(
    alice, alice_client, bob_client, on_commit
):
    """Guards the in-page preview: a finished PDF export has a PNG of its first page,
    rendered in the export job and stored beside the file; the job page shows it, and a
    stranger gets 404 on it."""
    import pymupdf

    resume = services.built_create(user=alice, name="Backend", document=DOCUMENT)
    with on_commit():
        job = services.export_request(user=alice, resume=resume, fmt="pdf", template="classic")
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    folder = job.output_file.name.rsplit("/", 1)[0]
    assert job.result["preview"].startswith(f"{folder}/")

    url = f"/resumes/builder/jobs/{job.pk}/preview.png"
    assert url in alice_client.get(f"/resumes/builder/jobs/{job.pk}/").content.decode()
    response = alice_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = pymupdf.Pixmap(data)
    assert image.width > 300 and image.height > image.width  # a portrait page

    assert bob_client.get(url).status_code == 404


def test_a_docx_export_has_no_preview(alice, alice_client, on_commit):
    resume = services.built_create(user=alice, name="Backend", document=DOCUMENT)
    with on_commit():
        job = services.export_request(user=alice, resume=resume, fmt="docx", template="classic")
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    assert "preview" not in job.result
    assert alice_client.get(f"/resumes/builder/jobs/{job.pk}/preview.png").status_code == 404
