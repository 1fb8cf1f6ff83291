"""Per-user storage: one sum of every stored file a user owns, one check that refuses an
upload past the allowance (plan for the user's own files, a fixed allowance for course
work) with the usage and the limit in the message, and the usage on the billing page."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from billing.models import Usage
from billing.plans import COURSE_WORK_STORAGE_BYTES, FREE, GB, format_bytes
from billing.services import plan_grant
from billing.storage import COURSE_WORK, YOUR_FILES, StorageFull, storage_check, storage_used
from courses import services as courses_services
from courses.models import FileKind, Submission, SubmissionFile, Video
from courses.services.video_upload import direct_upload_enabled
from courses.tests.factories import (
    docx_bytes,
    make_assignment,
    make_course,
    make_student,
    mp4_bytes,
    upload,
)
from resumes import services as resumes_services
from resumes.models import Resume, ResumeVersion
from resumes.tests import samples
from tracker.models import ExportJob
from tracker.services.exporting import export_run

pytestmark = pytest.mark.django_db


def stored_earlier(user, size: int) -> ResumeVersion:
    """A resume version already stored (its row; the sums read the recorded sizes)."""
    resume, _ = Resume.objects.get_or_create(user=user, name="Earlier resume")
    number = resume.versions.count() + 1
    return ResumeVersion.objects.create(
        resume=resume,
        number=number,
        file=f"resumes/{user.pk}/earlier-{number}.pdf",
        file_kind="pdf",
        original_filename="earlier.pdf",
        size_bytes=size,
        sha256="0" * 64,
    )


def resume_objects(user) -> list[str]:
    try:
        return default_storage.listdir(f"resumes/{user.pk}")[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def course_work():
    """A course, a student in it, and an assignment that takes files."""
    course = make_course()
    student = make_student(course, email="sam@example.com")
    assignment = make_assignment(course, allow_file=True, allow_video=True)
    return student, assignment


def add_file(student, assignment, data: bytes, name="essay.docx") -> SubmissionFile:
    return courses_services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload(name, data),
        filename=name,
        kind=FileKind.DOCUMENT,
    )


def test_usage_adds_up_every_stored_file_the_user_owns_and_no_one_elses(
    alice, bob, course_work, django_capture_on_commit_callbacks
):
    """Guards the one sum: resume versions and tracker exports against the plan, course
    submissions (a video's original is one of them) against the course work allowance."""
    student, assignment = course_work
    pdf = samples.text_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        resumes_services.resume_upload(user=alice, name="CV", filename="cv.pdf", data=pdf)
        resumes_services.resume_upload(user=bob, name="CV", filename="cv.pdf", data=pdf + b" ")
    export = ExportJob.objects.create(user=alice)
    export_run(job_id=export.pk)
    export.refresh_from_db()
    essay = docx_bytes("My essay for the course.")
    add_file(student, assignment, essay)

    assert storage_used(alice) == {YOUR_FILES: len(pdf) + export.file.size, COURSE_WORK: 0}
    assert storage_used(student) == {YOUR_FILES: 0, COURSE_WORK: len(essay)}
    assert storage_used(bob)[YOUR_FILES] == len(pdf) + 1


def test_a_resume_past_the_free_plan_storage_is_refused_naming_usage_and_limit(alice, alice_client):
    """Guards the refusal: the message names the file, the usage and the limit, and
    nothing is stored or counted (no version, no object, no resume upload used)."""
    stored_earlier(alice, FREE.storage_bytes - 1024)
    pdf = samples.text_pdf()
    objects_before = resume_objects(alice)

    response = alice_client.post(
        reverse("resumes:resume_list"), {"file": SimpleUploadedFile("cv.pdf", pdf)}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert (
        f"This file ({format_bytes(len(pdf))}) does not fit in your storage: you use "
        "199.9 MB of the 200 MB your Free plan includes." in page
    )
    assert ResumeVersion.objects.filter(resume__user=alice).count() == 1
    assert resume_objects(alice) == objects_before
    assert not Usage.objects.filter(user=alice, feature="resumes", used__gt=0).exists()


def test_a_file_that_fits_exactly_is_stored(alice, django_capture_on_commit_callbacks):
    pdf = samples.text_pdf()
    stored_earlier(alice, FREE.storage_bytes - len(pdf))
    with django_capture_on_commit_callbacks(execute=True):
        version = resumes_services.resume_upload(user=alice, name="CV", filename="cv.pdf", data=pdf)
    assert version.pk and storage_used(alice)[YOUR_FILES] == FREE.storage_bytes
    with pytest.raises(StorageFull):
        storage_check(user=alice, adding=1)


def test_a_paid_plan_has_more_room(alice):
    stored_earlier(alice, FREE.storage_bytes)
    with pytest.raises(StorageFull):
        storage_check(user=alice, adding=1)
    plan_grant(user=alice, plan_code="pro", until=timezone.now() + dt.timedelta(days=30))
    storage_check(user=alice, adding=1)


def test_course_work_past_its_allowance_is_refused_and_the_draft_is_kept(course_work, client):
    """Guards the course work allowance: the student's upload is refused with the usage
    and the limit, the draft keeps its text and files, and the student's own (plan)
    storage is a separate allowance."""
    student, assignment = course_work
    courses_services.submission_save_draft(assignment=assignment, student=student, text="Draft")
    first = add_file(student, assignment, docx_bytes("First part."))
    SubmissionFile.objects.filter(pk=first.pk).update(size_bytes=COURSE_WORK_STORAGE_BYTES - 1024)
    client.force_login(student)
    url = reverse("courses:file_upload", args=[assignment.course_id, assignment.pk])

    response = client.post(
        url, {"kind": "document", "file": upload("more.docx", docx_bytes())}, follow=True
    )

    page = response.content.decode()
    assert (
        "does not fit in your storage: you use 4.9 GB of the 5 GB each student has for "
        "course work." in page
    )
    assert list(SubmissionFile.objects.filter(submission__student=student)) == [first]
    assert Submission.objects.get(pk=first.submission_id).draft_text == "Draft"
    storage_check(user=student, adding=FREE.storage_bytes)  # their own files: all free


def test_the_billing_page_shows_storage_used_of_the_limit(alice, alice_client, course_work):
    plan_grant(user=alice, plan_code="pro", until=timezone.now() + dt.timedelta(days=30))
    stored_earlier(alice, int(1.25 * GB))

    page = alice_client.get(reverse("billing:home")).content.decode()

    assert "Storage" in page and "Your files" in page and "1.2 GB of 2 GB" in page
    assert "Course work" not in page  # alice takes no course
    student, _ = course_work
    alice_client.force_login(student)
    page = alice_client.get(reverse("billing:home")).content.decode()
    assert "0 bytes of 200 MB" in page and "0 bytes of 5 GB" in page


@pytest.mark.skipif(not direct_upload_enabled(), reason="S3 storage is not configured")
def test_a_direct_video_upload_past_the_course_work_allowance_is_refused_and_removed(
    course_work, client, django_capture_on_commit_callbacks
):
    """Guards both ends of the direct upload: the announced size is checked before the
    upload is signed, and the size that arrived is checked again (the signed policy allows
    any size up to the video limit), after which the upload is removed."""
    student, assignment = course_work
    first = add_file(student, assignment, docx_bytes("First part."))
    SubmissionFile.objects.filter(pk=first.pk).update(size_bytes=COURSE_WORK_STORAGE_BYTES - 2000)
    client.force_login(student)
    url = reverse("courses:video_upload_start", args=[assignment.course_id, assignment.pk])

    def start(size: int):
        return client.post(
            url, {"filename": "pitch.mp4", "content_type": "video/mp4", "size": size}
        )

    too_big = start(3000)
    assert too_big.status_code == 400
    assert "does not fit in your storage: you use 4.9 GB of the 5 GB" in too_big.json()["error"]
    assert not Video.objects.exists()

    plan = start(1000).json()  # announced small, then more arrives
    data = mp4_bytes(5000)
    sent = requests.post(
        plan["url"], data=plan["fields"], files={"file": ("pitch.mp4", data)}, timeout=30
    )
    assert sent.status_code in (200, 201, 204), sent.text
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(plan["complete"])

    assert refused.status_code == 400
    assert "This file (4.8 KB) does not fit in your storage" in refused.json()["error"]
    assert not Video.objects.exists()
    assert list(SubmissionFile.objects.filter(submission__student=student)) == [first]
