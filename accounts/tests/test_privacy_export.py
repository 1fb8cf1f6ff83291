"""Download my data (A6): a ZIP of everything the user owns, built by a task, downloadable
by its owner only and for 24 hours, then deleted from storage."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
import requests
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, DataExport, StoredObjectDeletion
from accounts.privacy.exports import data_exports_expire
from accounts.tests.factories import UserFactory

from .privacy_support import ESSAY, VIDEO_BYTES, make_holder

pytestmark = pytest.mark.django_db


def _request_export(client, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:data_export_create"))
    assert response.status_code == 302
    return DataExport.objects.get()


def _download(client, export: DataExport) -> zipfile.ZipFile:
    response = client.get(reverse("accounts:data_export_download", args=[export.pk]))
    if response.status_code == 302:  # S3: a short-lived signed URL
        body = requests.get(response["Location"], timeout=30).content
    else:
        body = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(body))


def test_the_zip_holds_every_record_and_file_but_no_secret(
    client, django_capture_on_commit_callbacks
):
    holder = make_holder(UserFactory(email="jane@example.com"))
    client.force_login(holder.user)

    export = _request_export(client, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.state == "done", export.error
    assert export.expires_at - timezone.now() > timedelta(hours=23)
    archive = _download(client, export)
    names = archive.namelist()

    tracker = json.loads(archive.read("data/tracker.json"))
    assert [a["position"] for a in tracker["tracker.Application"]] == ["Data Analyst"]
    assert "token_hash" not in tracker["tracker.ApiToken"][0]
    assert "calendar_token" not in json.dumps(tracker.get("tracker.SeekerPreferences", []))
    user_row = json.loads(archive.read("data/accounts.json"))["accounts.User"][0]
    assert user_row["email"] == "jane@example.com" and "password" not in user_row
    courses = json.loads(archive.read("data/courses.json"))
    assert [v["text"] for v in courses["courses.SubmissionVersion"]] == [ESSAY]
    assert courses["courses.Submission"][0]["feedback"] == "Clear and honest."

    stored = {n.rsplit("/", 1)[-1].split("-", 1)[0]: n for n in names if n.startswith("files/")}
    resume = next(n for n in names if n.startswith("files/resumes/ResumeVersion/"))
    assert archive.read(resume) == holder.resume_bytes
    video = next(n for n in names if n.startswith("files/courses/Video/"))
    assert archive.read(video) == VIDEO_BYTES
    assert any(n.startswith("files/courses/SubmissionFile/") for n in names), stored
    assert export.file_count == len([n for n in names if n.startswith("files/")])
    assert "missing.txt" not in names

    notice = holder.user.notifications.get(title="Your data is ready to download")
    assert notice.url == reverse("accounts:privacy")
    assert set(AuditEvent.objects.filter(subject=holder.user).values_list("action", flat=True)) >= {
        AuditAction.DATA_EXPORT_REQUESTED,
        AuditAction.DATA_EXPORT_DOWNLOADED,
    }


def test_the_page_polls_until_ready_and_a_second_request_reuses_the_running_one(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:data_export_create"))  # no commit: the task has not run
    client.post(reverse("accounts:data_export_create"))
    export = DataExport.objects.get(user=user)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert f'hx-get="{reverse("accounts:data_export_status", args=[export.pk])}"' in page
    status = client.get(reverse("accounts:data_export_status", args=[export.pk]))
    assert status.status_code == 200 and b"Queued" in status.content


def test_a_stranger_gets_404_on_status_download_and_retry(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    client.force_login(owner)
    export = _request_export(client, django_capture_on_commit_callbacks)
    client.force_login(UserFactory())
    for name in ("data_export_status", "data_export_download"):
        assert client.get(reverse(f"accounts:{name}", args=[export.pk])).status_code == 404
    assert client.post(reverse("accounts:data_export_retry", args=[export.pk])).status_code == 404


def test_after_24_hours_the_link_is_refused_and_the_file_is_deleted(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    export = _request_export(client, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    name = export.file.name
    assert default_storage.exists(name)

    past = timezone.now() - timedelta(minutes=1)  # the 24 hours are over
    DataExport.objects.filter(pk=export.pk).update(expires_at=past)
    url = reverse("accounts:data_export_download", args=[export.pk])
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert data_exports_expire() == 1
    assert not default_storage.exists(name)
    assert not StoredObjectDeletion.objects.exists()
    export.refresh_from_db()
    assert not export.file
    assert b"expired" in client.get(reverse("accounts:privacy")).content


def test_a_missing_stored_file_is_listed_instead_of_failing_the_export(
    client, django_capture_on_commit_callbacks
):
    holder = make_holder(UserFactory())
    version = holder.user.resumes.get().versions.get()
    default_storage.delete(version.file.name)
    client.force_login(holder.user)
    export = _request_export(client, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.state == "done", export.error
    archive = _download(client, export)
    assert "ResumeVersion" in archive.read("missing.txt").decode()


def test_an_export_whose_message_was_lost_is_sent_again_by_the_sweeper():
    from careercopilot.jobs.sweeper import jobs_requeue_stalled

    user = UserFactory()
    lost = DataExport.objects.create(user=user, created_at=timezone.now() - timedelta(hours=1))
    assert jobs_requeue_stalled() >= 1
    lost.refresh_from_db()
    assert lost.state == "done" and lost.file
