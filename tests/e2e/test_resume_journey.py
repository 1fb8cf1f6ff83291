"""Resume journey with a real Celery worker: upload a PDF, watch it being read, read the match
report, then draft a cover letter, edit it and download it as DOCX."""

import io
import zipfile

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from resumes.models import CoverLetter, MatchAnalysis
from resumes.tests import samples

from .axe import serious_axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_worker]


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])  # fmt: skip


def test_upload_match_and_cover_letter(live_server, page: Page, console_errors, django_user_model,
                                       celery_worker_process):  # fmt: skip
    user = django_user_model.objects.create_user(email="riley@example.com", password="Correct-Horse-42",
                                                 name="Riley Park")  # fmt: skip
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/resumes/")
    page.get_by_label("Resume file").set_input_files(
        files=[{"name": "riley.pdf", "mimeType": "application/pdf", "buffer": samples.text_pdf()}]
    )
    page.get_by_label("Resume name").fill("Backend")
    page.get_by_role("button", name="Upload and read").click()
    expect(page.get_by_role("heading", name="Backend")).to_be_visible()
    # The page polls the worker's progress, then swaps in the text as an ATS reads it.
    expect(page.get_by_role("heading", name="As an ATS reads it")).to_be_visible(timeout=30_000)
    expect(page.locator(".ats-text")).to_contain_text("Built REST APIs in Django and Postgres")
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Match to a job").click()
    page.get_by_label("Job description").fill(samples.JOB)
    page.get_by_role("button", name="Analyse the match").click()
    expect(page.get_by_test_id("match-score")).to_be_visible(timeout=30_000)
    analysis = MatchAnalysis.objects.get(user=user)
    expect(page.get_by_test_id("match-score")).to_have_text(str(analysis.score))
    expect(page.get_by_role("heading", name="You have it but didn't say it")).to_be_visible()
    expect(page.locator(".suggestions")).to_contain_text("Kubernetes")
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Write a cover letter for this job").click()
    page.get_by_label("Job description").fill(samples.JOB)
    page.get_by_label("Company").fill("Acme Data")
    page.get_by_role("button", name="Draft the letter").click()
    letter_box = page.get_by_label("Your letter (editable)")
    expect(letter_box).to_be_visible(timeout=30_000)
    expect(page.locator(".template-note")).to_contain_text("Template, filled with your resume")
    text = letter_box.input_value().replace(
        "[Why Acme Data: one specific reason, in your own words]", "I use Acme's tools every day."
    )
    letter_box.fill(text)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#toasts")).to_contain_text("Letter saved.")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == "cover-letter-acme-data.docx"
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as docx:  # noqa: SIM115
        assert (
            "I use Acme&apos;s tools every day." in docx.read("word/document.xml").decode()
            or "I use Acme's tools every day." in docx.read("word/document.xml").decode()
        )
    assert CoverLetter.objects.get(user=user).edited_at is not None
    assert console_errors == []
