"""Claude fails (500s, or no answer in time): the analysis still completes, on the local
engine, with a note saying so. Through the pages, the real anthropic SDK and the fake API."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careercopilot.ai.accounting import AICall
from careercopilot.jobs.models import JobState
from resumes.models import MatchAnalysis, ResumeVersion
from resumes.tests import samples

from .conftest import premium

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyse(alice, alice_client, django_capture_on_commit_callbacks):
    """Uploads a resume and asks for a match analysis through the pages; returns the
    analysis page's response and the time the request took (the task runs on commit)."""
    premium(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload = SimpleUploadedFile("cv.pdf", samples.text_pdf(), content_type="application/pdf")
        response = alice_client.post(reverse("resumes:resume_list"), {"file": upload})
    assert response.status_code == 302, response.content
    version = ResumeVersion.objects.get(resume__user=alice)
    assert version.state == JobState.DONE, version.error

    def run():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = alice_client.post(
                reverse("resumes:analysis_new"),
                {
                    "version": version.pk,
                    "job_title": "Senior Backend Engineer",
                    "company": "Acme",
                    "job_description": samples.JOB,
                },
            )
        elapsed = time.monotonic() - started
        assert response.status_code == 302, response.content
        page = alice_client.get(response["Location"])
        assert page.status_code == 200
        return page.content.decode(), elapsed

    return run


def assert_completed_locally(note: str) -> MatchAnalysis:
    analysis = MatchAnalysis.objects.get()  # exactly one: nothing lost, nothing doubled
    assert analysis.state == JobState.DONE
    assert analysis.requested_engine == "anthropic"
    assert analysis.engine == "local"
    assert analysis.score is not None and analysis.result
    assert analysis.engine_note == note
    call = AICall.objects.get(feature="match")
    assert call.outcome == AICall.Result.FALLBACK
    assert call.engine == "local" and call.requested_engine == "anthropic"
    return analysis


def test_claude_returning_500_gives_the_local_analysis_with_a_note(fake_anthropic, analyse):
    fake_anthropic.reply_status(500)
    fake_anthropic.reply_status(500)  # the retry (AI_ANTHROPIC_MAX_RETRIES = 1) fails too

    html, _ = analyse()

    note = "Claude was not used because it returned an error (500); this is the offline analysis."
    analysis = assert_completed_locally(note)
    assert note in html
    assert f"{analysis.score}" in html
    assert len(fake_anthropic.requests) == 2  # one try and one retry, then the fallback


def test_claude_not_answering_in_time_gives_the_local_analysis_with_a_note(fake_anthropic, analyse):
    fake_anthropic.reply_status(200, delay=30)  # far longer than AI_ANTHROPIC_TIMEOUT (0.5 s)
    fake_anthropic.reply_status(200, delay=30)

    html, elapsed = analyse()

    note = "Claude was not used because it did not answer in time; this is the offline analysis."
    assert_completed_locally(note)
    assert note in html
    # Bounded by the timeout and one retry (plus the local analysis), not by the slow server.
    assert elapsed < 15, elapsed
