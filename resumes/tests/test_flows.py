"""Pages end to end (eager tasks): upload, versions, default, download, match, cache, letters,
interview prep, practice, chat, fit ranking, and the tracker panel."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careercopilot.ai.accounting import AICall
from careercopilot.jobs.models import JobState
from resumes import selectors
from resumes.models import ChatMessage, CoverLetter, InterviewPrep, MatchAnalysis, Resume
from tracker.models import Application, Status

from . import samples

pytestmark = pytest.mark.django_db


def test_upload_reads_the_file_and_shows_it_as_an_ats_reads_it(alice, alice_client, on_commit):
    with on_commit():
        response = alice_client.post(
            reverse("resumes:resume_list"),
            {"file": SimpleUploadedFile("cv.pdf", samples.text_pdf()), "name": ""},
        )
    resume = Resume.objects.get(user=alice)
    version = resume.versions.get()
    assert response.url == version.get_absolute_url()
    assert resume.name == "cv" and resume.is_default
    assert version.state == JobState.DONE and version.progress == 100
    page = alice_client.get(version.get_absolute_url()).content.decode()
    assert "As an ATS reads it" in page
    assert "Built REST APIs in Django and Postgres serving 2M requests per day" in page
    assert "Quality checks" in page and "PostgreSQL" in page


def test_the_status_partial_polls_until_done(
    alice, alice_client, make_version, django_capture_on_commit_callbacks
):
    from resumes import services

    with django_capture_on_commit_callbacks(execute=False):  # queued, not run
        version = services.resume_upload(
            user=alice, name="CV", filename="cv.pdf", data=samples.text_pdf()
        )
    target = f"job-resumeversion-{version.pk}"
    polled = alice_client.get(
        version.get_absolute_url(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target
    )
    assert polled.status_code == 200
    body = polled.content.decode()
    assert 'hx-trigger="every 1s"' in body and "Reading your resume" in body and "<html" not in body
    services.version_extract_run(version_id=version.pk)
    finished = alice_client.get(
        version.get_absolute_url(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target
    )
    assert finished.status_code == 286  # htmx stops polling
    assert "As an ATS reads it" in finished.content.decode()


def test_versions_and_default(alice, make_version):
    first = make_version(alice, name="Main")
    second = make_version(alice, samples.docx_file(), name="Main", filename="cv.docx")
    other = make_version(alice, name="Design")
    assert (first.resume_id, first.number, second.number) == (second.resume_id, 1, 2)
    assert first.resume.is_default and not other.resume.is_default
    assert selectors.default_version(alice) == second


def test_make_default_moves_the_flag(alice, alice_client, make_version):
    make_version(alice, name="Main")
    other = make_version(alice, name="Design").resume
    alice_client.post(reverse("resumes:resume_set_default", args=[other.pk]))
    assert list(Resume.objects.filter(user=alice, is_default=True)) == [other]


def test_download_is_owner_only_and_short_lived(alice, alice_client, alice_version, settings):
    response = alice_client.get(reverse("resumes:version_download", args=[alice_version.pk]))
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    storage = alice_version.file.storage
    if getattr(storage, "querystring_auth", False):  # S3: a signed URL that expires soon
        assert response.status_code == 302
        assert "X-Amz-Signature=" in response.url
        assert f"X-Amz-Expires={settings.RESUME_SIGNED_URL_SECONDS}" in response.url
        assert "attachment" in response.url
    else:
        assert response.status_code == 200
        import hashlib

        assert (
            hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == alice_version.sha256
        )
        assert "attachment" in response["Content-Disposition"]


def test_delete_removes_rows_and_files(
    alice, alice_client, alice_version, django_capture_on_commit_callbacks
):
    storage, name = alice_version.file.storage, alice_version.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("resumes:resume_delete", args=[alice_version.resume_id]))
    assert not Resume.objects.exists()
    assert not storage.exists(name)


def test_failed_extraction_can_be_retried(alice, alice_client, alice_version, on_commit):
    alice_version.state = JobState.FAILED
    alice_version.error = "Something went wrong"
    alice_version.save()
    with on_commit():
        alice_client.post(reverse("resumes:version_retry", args=[alice_version.pk]))
    alice_version.refresh_from_db()
    assert alice_version.state == JobState.DONE and alice_version.error == ""


@pytest.mark.parametrize(
    "jd,message",
    [
        ("", "Paste the job description"),
        ("x" * 50_000, "50,000 characters long; the limit is 20,000"),
    ],
)
def test_job_description_of_0_or_50000_characters_is_refused_and_kept(
    alice_client, alice_version, jd, message
):
    response = alice_client.post(
        reverse("resumes:analysis_new"), {"version": alice_version.pk, "job_description": jd}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not MatchAnalysis.objects.exists()
    if jd:
        assert jd[:100] in response.content.decode()  # what the user typed is kept


def test_match_runs_then_the_same_inputs_come_from_the_cache(
    alice, alice_client, alice_version, on_commit
):
    data = {"version": alice_version.pk, "job_description": samples.JOB}
    with on_commit():
        alice_client.post(reverse("resumes:analysis_new"), data)
    first = MatchAnalysis.objects.get()
    assert first.state == JobState.DONE and not first.from_cache and first.score is not None
    assert first.job_title == "Senior Backend Engineer"
    page = alice_client.get(first.get_absolute_url()).content.decode()
    for text in (
        "Matched skills",
        "You have it but didn’t say it",
        "Missing skills",
        "Kubernetes",
        "Computed offline",
        "Mentoring",
    ):
        assert text in page
    calls = AICall.objects.filter(feature="match").count()
    with on_commit():
        alice_client.post(reverse("resumes:analysis_new"), data)
    second = MatchAnalysis.objects.latest("id")
    assert second.from_cache and second.score == first.score and second.result == first.result
    assert AICall.objects.filter(feature="match").count() == calls  # no engine call


def test_a_failed_analysis_shows_its_error_and_retries(
    alice, alice_client, alice_version, on_commit
):
    from resumes import services

    with on_commit():
        analysis = services.analysis_request(
            user=alice, version=alice_version, job_description=samples.JOB
        )
    MatchAnalysis.objects.filter(pk=analysis.pk).update(
        state=JobState.FAILED, error="The worker crashed."
    )
    page = alice_client.get(analysis.get_absolute_url()).content.decode()
    assert "The worker crashed." in page and "Retry" in page
    with on_commit():
        alice_client.post(reverse("resumes:analysis_retry", args=[analysis.pk]))
    analysis.refresh_from_db()
    assert analysis.state == JobState.DONE


def _application(user, **extra):
    return Application.objects.create(
        user=user,
        company="Acme Data",
        position="Senior Backend Engineer",
        description=samples.JOB,
        **extra,
    )


def test_analysis_and_letter_link_to_a_tracker_application(
    alice, alice_client, alice_version, on_commit
):
    app = _application(alice)
    with on_commit():
        alice_client.post(
            reverse("resumes:analysis_new"), {"version": alice_version.pk, "application": app.pk}
        )
        alice_client.post(
            reverse("resumes:letter_new"),
            {
                "version": alice_version.pk,
                "application": app.pk,
                "tone": "confident",
                "length": "short",
            },
        )
    docs = selectors.documents_for_application(alice, app)
    assert [a.application_id for a in docs["analyses"]] == [app.pk]
    assert docs["letters"][0].company == "Acme Data"
    from django.template.loader import render_to_string

    html = render_to_string(
        "resumes/partials/application_panel.html", {"application": app, "docs": docs}
    )
    assert reverse("resumes:analysis_detail", args=[docs["analyses"][0].pk]) in html


def test_cover_letter_edit_and_exports(alice, alice_client, alice_version, on_commit):
    with on_commit():
        alice_client.post(
            reverse("resumes:letter_new"),
            {
                "version": alice_version.pk,
                "job_description": samples.JOB,
                "company": "Acme Data",
                "tone": "warm",
                "length": "medium",
            },
        )
    letter = CoverLetter.objects.get()
    assert letter.state == JobState.DONE and letter.is_template and "Acme Data" in letter.body
    body = letter.body.replace(
        "[Why Acme Data: one specific reason, in your own words]", "I use Acme every day."
    )
    for placeholder in letter.placeholders:  # the user fills in the rest
        body = body.replace(placeholder, "I shipped it on time.")
    alice_client.post(reverse("resumes:letter_edit", args=[letter.pk]), {"body": body})
    letter.refresh_from_db()
    assert "I use Acme every day." in letter.body and letter.edited_at and letter.placeholders == []
    text = alice_client.get(reverse("resumes:letter_export", args=[letter.pk, "txt"]))
    assert "I use Acme every day." in text.content.decode()
    import docx
    import pymupdf

    docx_response = alice_client.get(reverse("resumes:letter_export", args=[letter.pk, "docx"]))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(docx_response.content)).paragraphs]
    assert "I use Acme every day." in paragraphs
    pdf_response = alice_client.get(reverse("resumes:letter_export", args=[letter.pk, "pdf"]))
    assert pdf_response["Content-Type"] == "application/pdf"
    with pymupdf.open(stream=pdf_response.content, filetype="pdf") as pdf:
        assert "I use Acme every day." in "".join(page.get_text() for page in pdf)
    assert (
        alice_client.get(reverse("resumes:letter_export", args=[letter.pk, "exe"])).status_code
        == 404
    )


def test_a_long_letter_exports_to_several_pdf_pages(alice, alice_client, alice_version, on_commit):
    with on_commit():
        alice_client.post(
            reverse("resumes:letter_new"),
            {
                "version": alice_version.pk,
                "job_description": samples.JOB,
                "tone": "warm",
                "length": "long",
            },
        )
    letter = CoverLetter.objects.get()
    long_body = "\n\n".join(f"Paragraph {i}: " + "word " * 80 for i in range(12))
    alice_client.post(reverse("resumes:letter_edit", args=[letter.pk]), {"body": long_body})
    import pymupdf

    content = alice_client.get(reverse("resumes:letter_export", args=[letter.pk, "pdf"])).content
    with pymupdf.open(stream=content, filetype="pdf") as pdf:
        assert pdf.page_count >= 2
        text = "".join(page.get_text() for page in pdf)
    assert "Paragraph 0:" in text and "Paragraph 11:" in text


def test_interview_prep_and_practice_feedback(alice, alice_client, alice_version, on_commit):
    with on_commit():
        alice_client.post(
            reverse("resumes:prep_new"),
            {"version": alice_version.pk, "job_description": samples.JOB},
        )
    prep = InterviewPrep.objects.get()
    assert {q["kind"] for q in prep.questions} >= {"behavioural", "technical", "gap"}
    page = alice_client.get(prep.get_absolute_url()).content.decode()
    assert "Practise this question" in page and "How to answer" in page
    answer = (
        "At my previous company releases took two days. My goal was to cut that. I built a pipeline "
        "with GitHub Actions. As a result, release time dropped by 60%."
    )
    with on_commit():
        alice_client.post(
            reverse("resumes:practice_submit", args=[prep.pk]),
            {"question": prep.questions[0]["question"], "answer": answer},
        )
    saved = prep.answers.get()
    assert saved.state == JobState.DONE and saved.score is not None
    assert {p["part"] for p in saved.feedback["star"] if p["present"]} == {
        "situation",
        "task",
        "action",
        "result",
    }
    short = alice_client.post(
        reverse("resumes:practice_submit", args=[prep.pk]),
        {"question": "Q?", "answer": "Too short."},
    )
    assert short.status_code == 422 and "Write your answer first" in short.content.decode()


def test_chat_thread_persists_and_shows_the_engine(alice, alice_client, alice_version, on_commit):
    alice_client.post(reverse("resumes:chat_new"))
    thread = alice.chat_threads.get()
    with on_commit():
        alice_client.post(
            reverse("resumes:chat_post", args=[thread.pk]),
            {"content": "Can you score my resume for this backend job?"},
        )
    reply = thread.messages.get(role=ChatMessage.Role.ASSISTANT)
    assert reply.state == JobState.DONE and reply.engine == "local"
    assert reply.actions == [
        {"label": "Run a match analysis", "url": reverse("resumes:analysis_new")}
    ]
    assert "Backend resume" in reply.content  # the default resume is in the context
    page = alice_client.get(thread.get_absolute_url()).content.decode()
    assert ">offline<" in page and "Run a match analysis" in page
    thread.refresh_from_db()
    assert thread.title.startswith("Can you score my resume")


def test_fit_ranking_orders_saved_jobs_by_match(alice, alice_client, alice_version, on_commit):
    good = _application(alice, status=Status.SAVED)
    poor = Application.objects.create(
        user=alice,
        company="Clinic",
        position="ICU Nurse",
        status=Status.SAVED,
        description="Registered Nurse for our ICU. BLS and ACLS required. "
        "Patient assessment, medication administration, EHR (Epic).",
    )
    Application.objects.create(
        user=alice, company="NoDesc", position="Mystery", status=Status.SAVED
    )
    with on_commit():
        alice_client.post(reverse("resumes:fit_ranking_refresh"))
    rows = selectors.fit_ranking(alice)
    assert [app for app, _ in rows][:2] == [good, poor]
    assert rows[0][1].score > rows[1][1].score
    page = alice_client.get(reverse("resumes:fit_ranking")).content.decode()
    assert "no job description saved" in page


def test_bursts_on_ai_endpoints_get_429_and_run_nothing(alice_client, alice_version, on_commit):
    from careercopilot.ratelimit import LIMITS

    limit, _ = LIMITS["ai"]
    statuses = [
        alice_client.post(
            reverse("resumes:analysis_new"), {"version": alice_version.pk, "job_description": ""}
        ).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [422] * limit and statuses[-1] == 429
    assert alice_client.get(reverse("resumes:analysis_new")).status_code == 200  # pages still load
