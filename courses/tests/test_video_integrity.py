"""The bytes that were checked are the bytes that are transcoded.

A direct upload's presigned POST stays valid for 15 minutes, and the worker reads the
source twice (the probe step, then the transcode step). These tests change the stored
bytes at each of those moments, against the real S3-compatible server and real ffmpeg,
and prove the pipeline refuses them with a clear error on the video page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import requests
from django.core.files.storage import default_storage
from django.urls import reverse

from careercopilot import storage as object_store
from courses import services
from courses.models import FileKind, SubmissionFile, Video, VideoState
from courses.services import video as video_services
from courses.services.video_upload import direct_upload_enabled
from courses.video import store
from tests.faults.support import celery_broker

from .clips import make_clip
from .factories import make_assignment

pytestmark = pytest.mark.django_db
needs_s3 = pytest.mark.skipif(not direct_upload_enabled(), reason="S3 storage is not configured")


@pytest.fixture
def video_assignment(course):
    return make_assignment(course, allow_text=False, allow_video=True)


def overwrite(name: str, data: bytes) -> None:
    """Replaces a stored object's bytes in place, as anyone holding write access could."""
    if direct_upload_enabled():
        default_storage.connection.meta.client.put_object(
            Bucket=default_storage.bucket_name, Key=default_storage._normalize_name(name), Body=data
        )
    else:
        Path(default_storage.path(name)).write_bytes(data)


def presigned_upload(client, assignment, data: bytes) -> dict:
    url = reverse("courses:video_upload_start", args=[assignment.course_id, assignment.pk])
    plan = client.post(
        url, {"filename": "pitch.mp4", "content_type": "video/mp4", "size": len(data)}
    ).json()
    post(plan, data)
    return plan


def post(plan: dict, data: bytes) -> None:
    sent = requests.post(
        plan["url"], data=plan["fields"], files={"file": ("pitch.mp4", data)}, timeout=30
    )
    assert sent.status_code in (200, 201, 204), sent.text


def run(callbacks) -> None:
    for callback in callbacks:
        callback()


@needs_s3
def test_a_replayed_upload_policy_cannot_change_the_completed_video(
    video_assignment, student_client, clips_dir, django_capture_on_commit_callbacks
):
    """Guards the revocation at /complete: before, the policy's key was the video's own
    source, so replaying the POST within 15 minutes replaced the video that was checked."""
    checked = (clips_dir / "vga.mp4").read_bytes()
    plan = presigned_upload(student_client, video_assignment, checked)
    upload_key = Video.objects.get().source.name
    with django_capture_on_commit_callbacks() as processing:
        assert student_client.post(plan["complete"]).status_code == 200

    post(plan, (clips_dir / "hd.mp4").read_bytes())  # the same fields, other bytes

    video = Video.objects.get()
    assert video.source.name != upload_key
    with default_storage.open(video.source.name, "rb") as fh:
        assert fh.read() == checked
    run(processing)
    video.refresh_from_db()
    assert video.state == VideoState.DONE, video.error
    assert list(video.renditions.values_list("name", flat=True)) == ["480p"]  # not the 720p clip
    assert (video.width, video.height) == (640, 480)
    assert SubmissionFile.objects.get().sha256 == hashlib.sha256(checked).hexdigest()

    assert default_storage.exists(upload_key)  # what the replay wrote, read by nothing
    video_services.videos_clean_stale()
    assert not default_storage.exists(upload_key)
    assert default_storage.exists(video.source.name)


@needs_s3
def test_the_sweep_keeps_the_object_of_an_upload_in_progress(
    video_assignment, student_client, clips_dir
):
    presigned_upload(student_client, video_assignment, (clips_dir / "vga.mp4").read_bytes())
    pending = Video.objects.get()
    video_services.videos_clean_stale()
    assert default_storage.exists(pending.source.name)
    default_storage.delete(pending.source.name)


@needs_s3
def test_complete_records_the_etag_and_size_of_the_checked_copy(
    video_assignment, student_client, clips_dir, django_capture_on_commit_callbacks
):
    data = (clips_dir / "vga.mp4").read_bytes()
    plan = presigned_upload(student_client, video_assignment, data)
    with django_capture_on_commit_callbacks():
        student_client.post(plan["complete"])
    video = Video.objects.get()
    head = object_store.head(default_storage, video.source.name)
    assert (video.source_etag, video.source_size) == (head.etag, len(data))
    assert video.source_etag.strip('"') == hashlib.md5(data).hexdigest()  # noqa: S324 (S3's ETag)


@needs_s3
def test_a_source_swapped_after_complete_is_refused_on_the_video_page(
    video_assignment, student_client, clips_dir, django_capture_on_commit_callbacks
):
    """Guards the ETag check on download: before, the worker processed whatever the
    object held by then."""
    plan = presigned_upload(student_client, video_assignment, (clips_dir / "vga.mp4").read_bytes())
    with django_capture_on_commit_callbacks() as processing:
        student_client.post(plan["complete"])
    video = Video.objects.get()
    overwrite(video.source.name, (clips_dir / "hd.mp4").read_bytes())

    run(processing)

    video.refresh_from_db()
    assert video.state == VideoState.FAILED and video.error == store.SOURCE_CHANGED
    assert not video.renditions.exists()
    page = student_client.get(reverse("courses:video", args=[video.pk])).content.decode()
    assert store.SOURCE_CHANGED in page


def hls_reading(secret: Path) -> bytes:
    return f"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2.0,\n{secret}\n#EXT-X-ENDLIST\n".encode()


@pytest.mark.parametrize("swap", ["another clip", "a playlist reading a local video"])
def test_bytes_swapped_between_probe_and_transcode_are_not_transcoded(
    swap,
    video_assignment,
    student,
    clips_dir,
    tmp_path,
    django_capture_on_commit_callbacks,
    throwaway_redis,
):
    """Guards one checked copy per step: before, the transcode step downloaded the object
    again and transcoded whatever it held, unchecked (a longer video, or a playlist that
    made ffmpeg read someone else's video from the worker's disk)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks():
        file = services.submission_file_add(
            assignment=video_assignment,
            student=student,
            upload=SimpleUploadedFile("pitch.mp4", (clips_dir / "vga.mp4").read_bytes()),
            filename="pitch.mp4",
            kind=FileKind.VIDEO,
        )
    video = Video.objects.get(submission_file=file)
    with celery_broker(throwaway_redis.url):  # the transcode waits in a queue nobody reads
        assert video_services.video_probe_run(video_id=video.pk)
    if swap == "another clip":
        replacement = (clips_dir / "hd.mp4").read_bytes()
    else:
        secret = make_clip(tmp_path / "classmate.mp4", size="320x240", duration=2)
        replacement = hls_reading(secret)
    overwrite(video.source.name, replacement)

    video.refresh_from_db()
    video_services.video_transcode_run(video_id=video.pk, token=video.attempts)

    video.refresh_from_db()
    assert video.state == VideoState.FAILED and video.error == store.SOURCE_CHANGED
    assert not video.renditions.exists() and not video.thumbnail
    file.refresh_from_db()
    assert file.error == store.SOURCE_CHANGED


def test_the_first_look_pins_the_bytes_when_none_were_recorded(
    course, student, clips_dir, django_capture_on_commit_callbacks, throwaway_redis
):
    """A video registered without a checksum (a feed post) gets one from its first checked
    copy, and the transcode step must then see those same bytes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.services.feed import post_create

    data = (clips_dir / "vga.mp4").read_bytes()
    with django_capture_on_commit_callbacks():
        post = post_create(
            course=course,
            author=student,
            body="My pitch",
            video_upload=SimpleUploadedFile("pitch.mp4", data, content_type="video/mp4"),
        )
    video = post.video
    assert not video.source_sha256
    with celery_broker(throwaway_redis.url):  # the transcode waits in a queue nobody reads
        assert video_services.video_probe_run(video_id=video.pk)
    video.refresh_from_db()
    assert video.source_sha256 == hashlib.sha256(data).hexdigest()
    overwrite(video.source.name, (clips_dir / "hd.mp4").read_bytes())
    video_services.video_transcode_run(video_id=video.pk, token=video.attempts)
    video.refresh_from_db()
    assert video.error == store.SOURCE_CHANGED
