"""Every hostile file of hostile_files.CORPUS against every upload endpoint it applies to.

Each one must end in a clear error the user sees: refused at upload (a form error or an
error message, with no row and no stored object left), or, when only the background step
can tell, a failed status with a clear message (never stuck, never "something went
wrong"). Never a 500, and nothing logged at ERROR. Good files with hostile names are kept
under a safe display name.
"""

from __future__ import annotations

import unicodedata
import uuid

import pytest
from django.conf import settings
from django.contrib.messages import constants, get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import GENERIC_FAILURE
from courses.models import CoursePost, SubmissionFile, Video
from resumes.models import Resume, ResumeVersion
from tracker.models import Application, CsvImport, ExportJob

from .hostile_files import CORPUS, COURSE_FILE, COURSE_VIDEO, CSV, FORMULA_CSV, RESUME, Hostile

pytestmark = pytest.mark.django_db

FEED_VIDEO = "feed_video"


def _cases():
    for hostile in CORPUS:
        for target in hostile.targets:
            yield pytest.param(hostile, target, id=f"{hostile.key}@{target}")
            if target == COURSE_VIDEO:
                yield pytest.param(hostile, FEED_VIDEO, id=f"{hostile.key}@{FEED_VIDEO}")


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 25
    assert len([h for h in CORPUS if h.expect != "sanitise"]) >= 25


@pytest.fixture(scope="module")
def storage_root():
    """This module's uploads go under their own prefix (S3) or folder, so what each test
    leaves behind can be listed exactly, even with other suites using the same bucket.
    (Module-wide: one storage, so one S3 client, for the whole corpus.)"""
    prefix = f"security-{uuid.uuid4().hex[:12]}"
    default = dict(settings.STORAGES["default"])
    options = dict(default.get("OPTIONS", {}))
    if "bucket_name" in options:
        options["location"] = prefix
    else:
        options["location"] = str(settings.MEDIA_ROOT / prefix)
    with override_settings(
        STORAGES={**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    ):
        yield default_storage
        for name in _stored(default_storage):
            default_storage.delete(name)


@pytest.fixture
def stored_before(storage_root):
    return set(_stored(storage_root))


def _stored(storage, path: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:
        return []
    names = [f"{path}/{f}".lstrip("/") for f in files]
    for folder in folders:
        names += _stored(storage, f"{path}/{folder}".lstrip("/"))
    return names


def _upload(hostile: Hostile) -> SimpleUploadedFile:
    return SimpleUploadedFile(hostile.filename, hostile.data, content_type=hostile.content_type)


def _error_messages(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]


ROWS = (Resume, ResumeVersion, SubmissionFile, Video, CoursePost, CsvImport)


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in ROWS}


def _post(target, hostile, client, world, run_on_commit):
    """Uploads the file; returns (refused, error text shown to the user, response)."""
    with run_on_commit():
        if target == RESUME:
            response = client.post(
                reverse("resumes:resume_list"), {"name": "", "file": _upload(hostile)}
            )
            if response.status_code == 302:
                return False, "", response
            html = response.content.decode()
            errors = response.context["form"].errors.get("file", [])
            assert all(e in html for e in errors)
            return True, " ".join(errors), response
        if target == CSV:
            response = client.post(reverse("tracker:import_upload"), {"file": _upload(hostile)})
            if response.status_code == 302:
                return False, "", response
            errors = response.context["form"].errors.get("file", [])
            assert all(e in response.content.decode() for e in errors)
            return True, " ".join(errors), response
        if target in (COURSE_FILE, COURSE_VIDEO):
            url = reverse("courses:file_upload", args=[world.course.pk, world.assignment.pk])
            kind = "video" if target == COURSE_VIDEO else "document"
            response = client.post(url, {"file": _upload(hostile), "kind": kind})
        else:  # FEED_VIDEO
            url = reverse("courses:post_create", args=[world.course.pk])
            response = client.post(url, {"body": "My answer", "video": _upload(hostile)})
        errors = _error_messages(response)
        return bool(errors), " ".join(errors), response


def _failed_later(target) -> tuple[bool, str]:
    """For an accepted upload: did its background step end failed, and with what message?"""
    if target == RESUME:
        version = ResumeVersion.objects.get()
        assert version.state in (JobState.DONE, JobState.FAILED), f"stuck: {version.state}"
        return version.state == JobState.FAILED, version.error
    if target == COURSE_FILE:
        file = SubmissionFile.objects.get()
        assert file.state not in ("pending", "running"), "stuck"
        return file.state == "failed", file.error
    if target in (COURSE_VIDEO, FEED_VIDEO):
        video = Video.objects.get()
        assert video.state not in ("uploading", "pending", "running"), f"stuck: {video.state}"
        return video.state == "failed", video.error
    return False, ""  # CSV: an accepted file is a preview, nothing runs later


@pytest.mark.parametrize(("hostile", "target"), _cases())
def test_hostile_upload_gets_a_clear_error_and_leaves_nothing_behind(
    hostile,
    target,
    alice,
    alice_client,
    world,
    run_on_commit,
    storage_root,
    stored_before,
    no_errors_logged,
):
    before = _counts()
    refused, message, response = _post(target, hostile, alice_client, world, run_on_commit)
    assert response.status_code < 500

    if hostile.expect == "sanitise":
        assert not refused, message
        version = ResumeVersion.objects.get()
        assert version.state == JobState.DONE, version.error
        name = version.original_filename
        assert name and len(name) <= 255
        assert "/" not in name and "\\" not in name and name not in (".", "..")
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name), repr(name)
        page = alice_client.get(version.get_absolute_url()).content.decode()
        assert "<img src=x" not in page
        return

    if refused:
        assert response.status_code in (302, 400, 422), response.status_code
        assert message.strip(), "refused without telling the user why"
        assert _counts() == before, "a refused upload left rows behind"
        assert set(_stored(storage_root)) == stored_before, "a refused upload left stored objects"
        return

    failed, error = _failed_later(target)
    assert failed, f"{hostile.key} was accepted and processed as if it were fine ({target})"
    assert error.strip() and error != GENERIC_FAILURE, f"unclear failure message: {error!r}"


def test_formula_cells_are_imported_as_text_and_defused_on_export(
    alice, alice_client, run_on_commit
):
    upload = SimpleUploadedFile("jobs.csv", FORMULA_CSV, content_type="text/csv")
    response = alice_client.post(reverse("tracker:import_upload"), {"file": upload})
    assert response.status_code == 302
    csv_import = CsvImport.objects.get()
    response = alice_client.post(reverse("tracker:import_confirm", args=[csv_import.pk]))
    assert response.status_code == 302
    companies = set(Application.objects.filter(user=alice).values_list("company", flat=True))
    assert "=cmd|' /C calc'!A0" in companies  # kept as the text the user typed

    with run_on_commit():
        response = alice_client.post(reverse("tracker:export_create"), {"format": "csv"})
    assert response.status_code == 302
    job = ExportJob.objects.get(user=alice)
    exported = b"".join(
        alice_client.get(reverse("tracker:export_download", args=[job.pk]))
    ).decode()
    for dangerous in ("=cmd", "+SUM", "@SUM", "-2+3", "=HYPERLINK"):
        assert f",{dangerous}" not in exported and f"\n{dangerous}" not in exported, dangerous
        assert f"'{dangerous}" in exported, dangerous


def test_uploads_bigger_than_the_limit_are_refused_before_reading(alice_client, settings):
    settings.RESUME_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile(
        "cv.pdf", b"%PDF-1.7\n" + b"0" * 4096, content_type="application/pdf"
    )
    response = alice_client.post(reverse("resumes:resume_list"), {"file": upload})
    assert response.status_code == 422
    assert "the limit is" in response.content.decode()
    assert not ResumeVersion.objects.exists()
