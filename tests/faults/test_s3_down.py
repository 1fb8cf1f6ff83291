"""The S3-compatible store stops: uploads fail with a clear message and nothing is half-saved
(no row without its file, no quota spent). A throwaway moto server is the store."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from billing.models import Usage
from careercopilot.storage import STORAGE_UNAVAILABLE
from courses.models import Submission, SubmissionFile, Video
from courses.tests import factories as course_factories
from resumes.models import Resume, ResumeVersion
from resumes.tests import samples
from tests.faults.support import MotoServer

from .conftest import premium

pytestmark = pytest.mark.django_db

BUCKET = "cc-faults-media"
# The store must fail fast enough for a page (botocore retries connection errors).
MAX_SECONDS = 10


@pytest.fixture
def s3(settings):
    """Media on a private moto server; yields it so a test can stop it."""
    try:
        server = MotoServer().start()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    server.create_bucket(BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": server.url,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": "private",
                "file_overwrite": False,
                "signature_version": "s3v4",
                "addressing_style": "path",
            },
        },
    }
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def assignment(alice):
    course = course_factories.make_course()
    from courses.models import CourseRole
    from courses.services import enrollment_add

    enrollment_add(course=course, user=alice, role=CourseRole.STUDENT)
    return course_factories.make_assignment(
        course, allow_text=True, allow_file=True, allow_video=True
    )


def timed(call):
    started = time.monotonic()
    result = call()
    elapsed = time.monotonic() - started
    assert elapsed < MAX_SECONDS, f"took {elapsed:.1f}s with the store down"
    return result


def test_resume_upload_says_storage_is_down_and_saves_nothing(s3, alice_client, alice):
    premium(alice)  # room for two resumes

    def upload(name):
        data = SimpleUploadedFile(name, samples.text_pdf(), content_type="application/pdf")
        return alice_client.post(reverse("resumes:resume_list"), {"file": data})

    assert upload("first.pdf").status_code == 302  # the store works: the setup is right
    usage_before = list(Usage.objects.filter(user=alice).values_list("feature", "used"))

    s3.stop()
    response = timed(lambda: upload("second.pdf"))

    assert response.status_code == 422
    assert STORAGE_UNAVAILABLE in response.content.decode()
    assert list(Resume.objects.filter(user=alice).values_list("name", flat=True)) == ["first"]
    assert ResumeVersion.objects.filter(resume__user=alice).count() == 1
    assert list(Usage.objects.filter(user=alice).values_list("feature", "used")) == usage_before


def test_course_file_upload_says_storage_is_down_and_saves_nothing(s3, alice_client, assignment):
    url = reverse(
        "courses:file_upload", args=[assignment.course_id, assignment.pk]
    )  # a document for the draft
    s3.stop()

    document = SimpleUploadedFile(
        "essay.pdf", course_factories.pdf_bytes(), content_type="application/pdf"
    )
    response = timed(lambda: alice_client.post(url, {"file": document}, follow=True))

    assert response.status_code == 200
    assert f"essay.pdf: {STORAGE_UNAVAILABLE}" in response.content.decode()
    assert not SubmissionFile.objects.exists()
    assert not Submission.objects.exists()  # the draft row was not created half-way either


def test_video_upload_start_says_storage_is_down_and_saves_nothing(s3, alice_client, assignment):
    url = reverse("courses:video_upload_start", args=[assignment.course_id, assignment.pk])
    form = {"filename": "talk.mp4", "content_type": "video/mp4", "size": "4096"}
    started = alice_client.post(url, form)
    assert started.status_code == 200 and started.json()["mode"] == "s3"  # works while up
    Video.objects.all().delete()

    s3.stop()
    response = timed(lambda: alice_client.post(url, form))

    assert response.status_code == 400
    assert response.json() == {"error": STORAGE_UNAVAILABLE}
    assert not Video.objects.exists()
