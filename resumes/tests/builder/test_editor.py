"""The builder's pages: htmx autosave with inline errors (nothing lost), reorder, undo,
tailoring review (accept/reject each change), recording what was sent, and the response
rate by resume version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from careercopilot.jobs.models import JobState
from resumes.builder import selectors, services
from resumes.builder.models import BuiltResume, SentResume
from resumes.models import CoverLetter
from tracker import services as tracker_services
from tracker.models import Status
from tracker.tests.factories import make_application

from .pairs import POSTINGS, RESUMES

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def built(alice):
    return services.built_create(user=alice, name="Backend", document=RESUMES["backend"])


def _url(resume, tail=""):
    return f"/resumes/builder/{resume.pk}/{tail}"


def _work_post(resume, **changes) -> dict:
    data = {"autosave": "1", "count": str(len(resume.document["work"]))}
    for i, job in enumerate(resume.document["work"]):
        data.update(
            {
                f"e-{i}-position": job.get("position", ""),
                f"e-{i}-name": job.get("name", ""),
                f"e-{i}-startDate": job.get("startDate", ""),
                f"e-{i}-endDate": job.get("endDate", ""),
                f"e-{i}-highlights": job.get("highlights", []),
            }
        )
    data.update(changes)
    return data


def test_editor_page_shows_every_section(alice_client, built):
    response = alice_client.get(_url(built))
    assert response.status_code == 200
    body = response.content.decode()
    for heading in ("Contact and summary", "Experience", "Education", "Skills", "Projects"):
        assert heading in body
    assert 'hx-trigger="input changed delay:800ms, change"' in body
    assert "Preview as an ATS reads it" in body and "Mar 2019 - Present" in body


def test_autosave_saves_a_section_and_says_saved(alice_client, built):
    data = _work_post(built, **{"e-0-position": "Staff Backend Engineer"})
    response = alice_client.post(_url(built, "sections/work/"), data, **HTMX)
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    built.refresh_from_db()
    assert built.document["work"][0]["position"] == "Staff Backend Engineer"
    assert built.document["work"][0]["highlights"] == RESUMES["backend"]["work"][0]["highlights"]
    assert built.revision == 2


def test_invalid_input_is_shown_beside_the_field_and_nothing_is_saved(alice_client, built):
    """Guards 'nothing lost': a bad date is reported on its field (an out-of-band swap of
    its error slot, in a 200 answer: htmx swaps no 4xx) and the stored resume is unchanged."""
    data = _work_post(built, **{"e-1-startDate": "June 2015"})
    response = alice_client.post(_url(built, "sections/work/"), data, **HTMX)
    assert response.status_code == 200  # htmx swaps only successful responses
    body = response.content.decode()
    assert "Not saved" in body
    assert 'id="err-work-e-1-startDate" class="field-error" hx-swap-oob="true">use a date' in body
    built.refresh_from_db()
    assert built.document == RESUMES["backend"] and built.revision == 1


def test_a_plain_submit_with_an_error_keeps_the_page(alice_client, built):
    data = _work_post(built, **{"e-1-startDate": "June 2015", "autosave": ""})
    response = alice_client.post(_url(built, "sections/work/"), data)
    assert response.status_code == 422
    assert "use a date like" in response.content.decode()


def test_fields_the_editor_does_not_show_are_kept(alice_client, alice):
    document = {"work": [{"name": "Acme", "position": "Engineer", "x-team": 5, "description": "d"}]}
    resume = services.built_create(user=alice, name="Extra", document=document)
    alice_client.post(_url(resume, "sections/work/"), _work_post(resume), **HTMX)
    resume.refresh_from_db()
    assert resume.document["work"][0]["x-team"] == 5
    assert resume.document["work"][0]["description"] == "d"


def test_add_remove_and_reorder_entries_then_undo(alice_client, built):
    first, second = (job["name"] for job in built.document["work"])
    response = alice_client.post(_url(built, "sections/work/move/"), {"move": "0:down"}, **HTMX)
    assert response.status_code == 200
    built.refresh_from_db()
    assert [job["name"] for job in built.document["work"]] == [second, first]

    alice_client.post(_url(built, "sections/work/"), _work_post(built, delete="0"), **HTMX)
    built.refresh_from_db()
    assert [job["name"] for job in built.document["work"]] == [first]

    response = alice_client.post(_url(built, "undo/"))
    assert response.status_code == 302
    built.refresh_from_db()
    assert [job["name"] for job in built.document["work"]] == [second, first]
    alice_client.post(_url(built, "undo/"))
    built.refresh_from_db()
    assert built.document == RESUMES["backend"]
    assert not services.built_undo(resume=built)  # back at the first revision


def test_json_resume_download(alice_client, built):
    response = alice_client.get(_url(built, "resume.json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json()["work"] == RESUMES["backend"]["work"]


def test_import_errors_are_listed_and_nothing_is_created(alice_client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.json", b'{"basics": {"email": "nope"}}', "application/json")
    response = alice_client.post("/resumes/builder/new/", {"how": "json", "file": upload})
    assert response.status_code == 422
    assert "basics.email: this is not an email address" in response.content.decode()
    assert not BuiltResume.objects.filter(user=alice).exists()


def _tailored(alice, built, on_commit):
    title, description = POSTINGS["backend"]
    application = make_application(
        alice, company="Pied Piper", position=title, description=description
    )
    with on_commit():
        job = services.tailor_request(user=alice, base=built, application=application)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    return BuiltResume.objects.get(pk=job.result["tailored"]), application


def test_tailoring_makes_a_version_whose_changes_are_accepted_one_by_one(
    alice, alice_client, built, on_commit
):
    tailored, application = _tailored(alice, built, on_commit)
    assert tailored.base == built and tailored.application == application
    assert tailored.document == built.document  # nothing changes before the user accepts
    assert tailored.tailor_report["engine"] == "local"
    scores = tailored.tailor_report["scores"]
    assert 0 <= scores["before"] <= scores["all_accepted"] <= 100, scores
    assert f"{scores['before']}/100" in alice_client.get(_url(tailored)).content.decode()
    page = alice_client.get(_url(tailored)).content.decode()
    assert "Proposed changes" in page and "local engine" in page
    reword = next(p for p in tailored.proposals if p["kind"] == "reword")

    alice_client.post(
        _url(tailored, "proposals/"), {"proposal": reword["id"], "decision": "accept"}
    )
    tailored.refresh_from_db()
    assert reword["text"] in tailored.document["work"][0]["highlights"]

    alice_client.post(
        _url(tailored, "proposals/"), {"proposal": reword["id"], "decision": "reject"}
    )
    tailored.refresh_from_db()
    assert tailored.document == built.document


def test_recording_a_send_feeds_the_response_rate_by_version(alice, alice_client, built):
    answered = make_application(alice, company="Hooli", status=Status.APPLIED)
    silent = make_application(alice, company="Globex", status=Status.APPLIED)
    for application in (answered, silent):
        response = alice_client.post(_url(built, "sent/"), {"application": application.pk})
        assert response.status_code == 302
    tracker_services.application_move(application=answered, to_status=Status.PHONE_SCREEN)
    sent = SentResume.objects.get(application=answered)
    assert sent.resume == built and sent.revision == built.revision
    assert sent.document == built.document
    assert selectors.response_rate_by_version(alice) == [
        {"resume_id": built.pk, "resume_name": "Backend", "sent": 2, "responded": 1, "rate": 50}
    ]
    assert "50%" in alice_client.get("/resumes/builder/").content.decode()


def test_bob_cannot_record_alices_application_against_his_resume(alice, bob, bob_client):
    application = make_application(alice, company="Hooli")
    bobs = services.built_create(user=bob, name="Bob's", document={"basics": {"name": "Bob"}})
    response = bob_client.post(_url(bobs, "sent/"), {"application": application.pk})
    assert response.status_code == 404
    assert not SentResume.objects.exists()


def test_the_tracker_shows_the_version_sent_and_the_rate_by_version(alice, alice_client, built):
    """Guards the tracker hooks: the application page names the version sent (and when),
    the analytics page has the response rate by resume version."""
    application = make_application(alice, company="Hooli", status=Status.APPLIED)
    services.sent_record(application=application, resume=built)
    page = alice_client.get(f"/tracker/applications/{application.pk}/").content.decode()
    assert "Resume sent" in page and f"/resumes/builder/{built.pk}/" in page
    assert f"revision {built.revision}" in page
    analytics = alice_client.get("/tracker/analytics/").content.decode()
    assert "Response rate by resume version" in analytics and "Backend" in analytics


def _letter(user, company="Hooli"):
    return CoverLetter.objects.create(
        user=user,
        company=company,
        job_title="Backend engineer",
        job_description="Build APIs.",
        body="Dear team,",
        state=JobState.DONE,
    )


def test_a_send_records_the_cover_letter_and_the_application_page_links_both(
    alice, alice_client, built
):
    """Guards what was sent: the send records the chosen cover letter beside the resume
    version, and the application's page links the version and the letter."""
    application = make_application(alice, company="Hooli", status=Status.APPLIED)
    letter = _letter(alice)
    assert f'value="{letter.pk}"' in alice_client.get(_url(built)).content.decode()
    response = alice_client.post(
        _url(built, "sent/"), {"application": application.pk, "cover_letter": letter.pk}
    )
    assert response.status_code == 302
    sent = SentResume.objects.get(application=application)
    assert sent.resume == built and sent.cover_letter == letter

    page = alice_client.get(f"/tracker/applications/{application.pk}/").content.decode()
    assert f'href="/resumes/builder/{built.pk}/"' in page
    assert f'href="/resumes/letters/{letter.pk}/"' in page


def test_a_send_without_a_cover_letter_records_none(alice, alice_client, built):
    application = make_application(alice, company="Hooli")
    alice_client.post(_url(built, "sent/"), {"application": application.pk, "cover_letter": ""})
    assert SentResume.objects.get(application=application).cover_letter is None


def test_choosing_another_users_cover_letter_is_refused(alice, bob, alice_client, built):
    """Guards ownership: a send naming Bob's letter is a 404 and records nothing; the
    service refuses it too."""
    application = make_application(alice, company="Hooli")
    bobs_letter = _letter(bob)
    response = alice_client.post(
        _url(built, "sent/"), {"application": application.pk, "cover_letter": bobs_letter.pk}
    )
    assert response.status_code == 404
    assert not SentResume.objects.exists()
    with pytest.raises(ValidationError, match="cover letter"):
        services.sent_record(application=application, resume=built, cover_letter=bobs_letter)
    assert not SentResume.objects.exists()


def test_linkedin_upload_goes_to_a_polled_job_page_that_links_the_resume(
    alice, alice_client, on_commit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_imports import _linkedin_zip

    upload = SimpleUploadedFile("export.zip", _linkedin_zip(), "application/zip")
    with on_commit():
        response = alice_client.post("/resumes/builder/linkedin/", {"file": upload})
    assert response.status_code == 302
    job_url = response["Location"]
    pk = job_url.rstrip("/").rsplit("/", 1)[-1]
    polled = alice_client.get(
        job_url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"job-builderjob-{pk}"
    )
    assert polled.status_code == 286  # finished: htmx stops polling
    resume = BuiltResume.objects.get(user=alice)
    assert f"/resumes/builder/{resume.pk}/" in polled.content.decode()


def test_a_refused_linkedin_file_keeps_the_page_with_the_reason(alice_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.zip", b"not a zip", "application/zip")
    response = alice_client.post("/resumes/builder/linkedin/", {"file": upload})
    assert response.status_code == 422
    assert "not a ZIP file" in response.content.decode()


def test_highlights_move_up_are_removed_and_added(alice_client, built):
    """Guards bullet editing: one input per highlight, moved and removed by buttons."""
    lines = RESUMES["backend"]["work"][0]["highlights"]
    url = _url(built, "sections/work/")
    response = alice_client.post(url, _work_post(built, bullet="0:2:up", autosave=""), **HTMX)
    assert response.status_code == 200 and 'id="section-work"' in response.content.decode()
    built.refresh_from_db()
    assert built.document["work"][0]["highlights"][:3] == [lines[0], lines[2], lines[1]]

    alice_client.post(url, _work_post(built, bullet="0:0:remove", autosave=""), **HTMX)
    built.refresh_from_db()
    assert built.document["work"][0]["highlights"][0] == lines[2]
    assert lines[0] not in built.document["work"][0]["highlights"]

    response = alice_client.post(url, _work_post(built, add_bullet="1", autosave=""), **HTMX)
    assert response.content.decode().count('name="e-1-highlights"') == 3
    built.refresh_from_db()
    assert built.document["work"][1]["highlights"][-1] == ""
