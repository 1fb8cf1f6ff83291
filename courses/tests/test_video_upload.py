"""Direct-to-S3 video upload (E4) against the S3-compatible server: a presigned POST
limited by type and size, then the server's own check of both and of the bytes."""

from __future__ import annotations

import pytest
import requests
from django.core.files.storage import default_storage
from django.urls import reverse

from courses.models import FileKind, SubmissionFile, Video, VideoState
from courses.services.video_upload import direct_upload_enabled

from .factories import make_assignment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not direct_upload_enabled(), reason="S3 storage is not configured"),
]


def start(client, assignment, *, size, content_type="video/mp4"):
    url = reverse("courses:video_upload_start", args=[assignment.course_id, assignment.pk])
    return client.post(url, {"filename": "pitch.mp4", "content_type": content_type, "size": size})


@pytest.fixture
def video_assignment(course):
    return make_assignment(course, allow_text=False, allow_video=True)


def test_presigned_post_upload_registers_and_processes(
    video_assignment, student_client, clips_dir, django_capture_on_commit_callbacks
):
    data = (clips_dir / "vga.mp4").read_bytes()
    plan = start(student_client, video_assignment, size=len(data)).json()
    assert plan["mode"] == "s3" and plan["fields"]["Content-Type"] == "video/mp4"
    sent = requests.post(
        plan["url"], data=plan["fields"], files={"file": ("pitch.mp4", data)}, timeout=30
    )
    assert sent.status_code in (200, 201, 204), sent.text
    with django_capture_on_commit_callbacks(execute=True):
        done = student_client.post(plan["complete"])
    assert done.status_code == 200 and "#work" in done.json()["redirect"]
    video = Video.objects.get()
    assert video.state == VideoState.DONE, video.error
    assert list(video.renditions.values_list("name", flat=True)) == ["480p"]
    file = SubmissionFile.objects.get()
    assert file.kind == FileKind.VIDEO and file.size_bytes == len(data) and file.in_draft
    assert file.file.name == video.source.name


def test_the_server_checks_type_size_and_bytes_again(
    video_assignment, student_client, settings, django_capture_on_commit_callbacks
):
    settings.COURSES_VIDEO_MAX_BYTES = 10_000
    too_big = start(student_client, video_assignment, size=20_000)
    assert too_big.status_code == 400 and "too large" in too_big.json()["error"]
    not_video = start(student_client, video_assignment, size=10, content_type="text/html")
    assert not_video.status_code == 400
    # A "video" whose bytes are not a video: the upload is refused and removed.
    plan = start(student_client, video_assignment, size=3000).json()
    fake = b"<html>not a video</html>" * 100
    requests.post(plan["url"], data=plan["fields"], files={"file": ("x.mp4", fake)}, timeout=30)
    video = Video.objects.get()
    name = video.source.name
    with django_capture_on_commit_callbacks(execute=True):
        refused = student_client.post(plan["complete"])
    assert refused.status_code == 400 and "not an MP4" in refused.json()["error"]
    assert not Video.objects.exists() and not default_storage.exists(name)
    assert not SubmissionFile.objects.exists()


def test_cancel_drops_the_pending_upload(video_assignment, student_client):
    plan = start(student_client, video_assignment, size=1000).json()
    assert Video.objects.get().state == VideoState.UPLOADING
    assert student_client.post(plan["cancel"]).status_code == 204
    assert not Video.objects.exists()
