"""Videos recorded in the browser: MediaRecorder writes WebM as a stream, so its header
states no duration (neither the container nor the tracks). ffmpeg writing WebM to a pipe
produces the same kind of file; the browser journey (tests/e2e/test_video_recording.py)
uploads a real Chromium recording."""

from __future__ import annotations

import subprocess

import pytest
import requests
from django.urls import reverse

from courses.models import ProcessingState, SubmissionFile, Video, VideoState
from courses.services.video_upload import direct_upload_enabled
from courses.video import ffmpeg

from .factories import make_assignment

pytestmark = pytest.mark.django_db


def streamed_webm(path, *, duration: float = 2) -> bytes:
    """A VP8/Opus WebM written to a pipe, as a recorder streams it: no duration anywhere."""
    with open(path, "wb") as out:
        subprocess.run(
            [
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"testsrc=size=320x240:duration={duration}:rate=10",
                "-f",
                "lavfi",
                "-i",
                f"sine=duration={duration}",
                "-c:v",
                "libvpx",
                "-b:v",
                "200k",
                "-c:a",
                "libopus",
                "-shortest",
                "-f",
                "webm",
                "pipe:1",
            ],
            stdout=out,
            check=True,
            timeout=60,
        )
    return path.read_bytes()


def header_durations(path) -> list[str]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration:stream=duration",
            "-of",
            "csv=p=0",
            str(path),
        ],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


@pytest.fixture
def video_assignment(course):
    return make_assignment(course, allow_text=False, allow_video=True)


def test_a_webm_without_a_duration_header_is_measured_from_its_packets(tmp_path):
    """Guards the probe: it refused recordings as having "no length"."""
    path = tmp_path / "recording.webm"
    streamed_webm(path, duration=2)
    assert set(header_durations(path)) == {"N/A"}  # what a recorder writes
    info = ffmpeg.probe(path)
    assert info.container == "matroska"
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert (info.width, info.height, info.has_audio) == (320, 240, True)
    made = ffmpeg.transcode_all(path, tmp_path / "out")
    assert made["renditions"] == {"480p": (320, 240)}
    assert (tmp_path / "out" / "thumbnail.jpg").read_bytes()[:3] == b"\xff\xd8\xff"


def test_a_long_recording_is_refused_by_its_measured_length(
    video_assignment, student, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Guards the length limit for recordings: measured, not read from a missing header."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses import services
    from courses.models import FileKind

    settings.COURSES_VIDEO_MAX_SECONDS = 1
    data = streamed_webm(tmp_path / "long.webm", duration=2)
    with django_capture_on_commit_callbacks(execute=True):
        file = services.submission_file_add(
            assignment=video_assignment,
            student=student,
            upload=SimpleUploadedFile("recording.webm", data, content_type="video/webm"),
            filename="recording.webm",
            kind=FileKind.VIDEO,
        )
    video = Video.objects.get(submission_file=file)
    assert video.state == VideoState.FAILED
    assert "2 seconds long; the limit is 1 seconds" in video.error


@pytest.mark.skipif(not direct_upload_enabled(), reason="S3 storage is not configured")
def test_a_recording_goes_through_the_direct_upload_and_is_processed(
    video_assignment, student_client, tmp_path, django_capture_on_commit_callbacks
):
    """Guards the recorder's upload: start as video/webm, presigned POST, complete, transcode."""
    data = streamed_webm(tmp_path / "recording.webm", duration=2)
    url = reverse(
        "courses:video_upload_start", args=[video_assignment.course_id, video_assignment.pk]
    )
    plan = student_client.post(
        url, {"filename": "recording.webm", "content_type": "video/webm", "size": len(data)}
    ).json()
    assert plan["mode"] == "s3" and plan["fields"]["Content-Type"] == "video/webm"
    sent = requests.post(
        plan["url"],
        data=plan["fields"],
        files={"file": ("recording.webm", data, "video/webm;codecs=vp8,opus")},
        timeout=30,
    )
    assert sent.status_code in (200, 201, 204), sent.text
    with django_capture_on_commit_callbacks(execute=True):
        done = student_client.post(plan["complete"])
    assert done.status_code == 200, done.content
    video = Video.objects.get()
    assert video.state == VideoState.DONE, video.error
    assert video.duration_seconds == pytest.approx(2.0, abs=0.1)
    assert list(video.renditions.values_list("name", flat=True)) == ["480p"]
    file = SubmissionFile.objects.get()
    assert file.state == ProcessingState.DONE and file.detected == "webm"
    assert file.size_bytes == len(data) and file.in_draft
