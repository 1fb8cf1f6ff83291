"""The video pipeline (E4) on real ffmpeg with tiny generated clips: renditions, no
upscale, idempotence, bad input, retry, cleanup, the player and time-stamped comments."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import (
    FileKind,
    ProcessingState,
    SubmissionFile,
    Video,
    VideoComment,
    VideoRendition,
    VideoState,
)
from courses.services import video as video_services
from courses.video import ffmpeg

from .clips import make_clip
from .factories import make_assignment, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def clips(clips_dir):
    return {"480p": clips_dir / "vga.mp4", "720p": clips_dir / "hd.mp4"}


def streams(path) -> dict:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            str(path),
        ],
        capture_output=True,
        check=True,
    ).stdout
    return json.loads(out)


def upload_video(assignment, student, path, name="pitch.mp4", capture=None):
    data = path.read_bytes() if hasattr(path, "read_bytes") else path
    with capture(execute=True):
        file = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=SimpleUploadedFile(name, data, content_type="video/mp4"),
            filename=name,
            kind=FileKind.VIDEO,
        )
    return Video.objects.get(submission_file=file)


@pytest.fixture
def video_assignment(course):
    return make_assignment(course, allow_text=False, allow_video=True)


def test_ffmpeg_renditions_durations_faststart_and_no_upscale(clips, tmp_path):
    small = ffmpeg.transcode_all(clips["480p"], tmp_path / "small")
    assert set(small["renditions"]) == {"480p"}  # never upscaled
    assert small["renditions"]["480p"] == (640, 480)
    big = ffmpeg.transcode_all(clips["720p"], tmp_path / "big")
    assert big["renditions"] == {"720p": (1280, 720), "480p": (854, 480)}
    for name, height in (("720p", 720), ("480p", 480)):
        path = tmp_path / "big" / f"{name}.mp4"
        info = streams(path)
        codecs = {s["codec_type"]: s["codec_name"] for s in info["streams"]}
        assert codecs == {"video": "h264", "audio": "aac"}  # a silent track is added
        video = next(s for s in info["streams"] if s["codec_type"] == "video")
        assert video["height"] == height
        assert float(info["format"]["duration"]) == pytest.approx(1.5, abs=0.15)
        data = path.read_bytes()
        assert data.index(b"moov") < data.index(b"mdat")  # +faststart
    assert (tmp_path / "big" / "thumbnail.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert ffmpeg.time_limit_for(600) > ffmpeg.time_limit_for(10)  # limits scale


def test_upload_runs_the_pipeline_and_is_idempotent(
    video_assignment, student, clips, django_capture_on_commit_callbacks
):
    video = upload_video(
        video_assignment, student, clips["720p"], capture=django_capture_on_commit_callbacks
    )
    assert video.state == VideoState.DONE, video.error
    assert video.duration_seconds == pytest.approx(1.5, abs=0.15)
    assert (video.width, video.height) == (1280, 720)
    assert sorted(video.renditions.values_list("name", flat=True)) == ["480p", "720p"]
    assert video.thumbnail
    file = SubmissionFile.objects.get(pk=video.submission_file_id)
    assert file.state == ProcessingState.DONE
    # Redelivered: nothing is made twice. A lost rendition is made again, alone.
    first = dict(video.renditions.values_list("name", "pk"))
    Video.objects.filter(pk=video.pk).update(state=VideoState.RUNNING)
    VideoRendition.objects.filter(pk=first["480p"]).delete()
    assert video_services.video_transcode_run(video_id=video.pk, token=video.attempts)
    again = dict(video.renditions.values_list("name", "pk"))
    assert again["720p"] == first["720p"] and again["480p"] != first["480p"]
    assert VideoRendition.objects.filter(video=video).count() == 2


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        ("truncated", "not a video we can read"),
        ("too_long", "the limit is 1 seconds"),
        ("headonly", "not a video we can read"),
    ],
)
def test_bad_videos_fail_with_a_reason_and_can_be_retried(
    make, reason, video_assignment, student, clips, settings, django_capture_on_commit_callbacks
):
    data = clips["480p"].read_bytes()
    if make == "truncated":
        data = data[: len(data) // 3]
    elif make == "headonly":
        data = data[:64] + b"\x00" * 2000
    else:
        settings.COURSES_VIDEO_MAX_SECONDS = 1
        data = make_clip(clips["480p"].parent / "long.mp4", duration=2, audio=False).read_bytes()
    video = upload_video(
        video_assignment, student, data, capture=django_capture_on_commit_callbacks
    )
    assert video.state == VideoState.FAILED
    assert reason in video.error
    file = SubmissionFile.objects.get(pk=video.submission_file_id)
    assert file.state == ProcessingState.FAILED and reason in file.error
    with django_capture_on_commit_callbacks(execute=True):
        video_services.video_retry(video=video)
    video.refresh_from_db()
    assert video.state == VideoState.FAILED and video.attempts == 2  # ran twice, never stuck


def test_non_video_and_empty_files_are_refused_before_storing(video_assignment, student):
    from django.core.exceptions import ValidationError

    for data, message in ((b"", "empty"), (b"just text, renamed" * 50, "not an MP4")):
        with pytest.raises(ValidationError, match=message):
            services.submission_file_add(
                assignment=video_assignment,
                student=student,
                upload=SimpleUploadedFile("x.mp4", data),
                filename="x.mp4",
                kind=FileKind.VIDEO,
            )
    assert not Video.objects.exists()


def test_stale_uploads_are_cleaned_and_queued_processing_is_left_to_the_jobs_sweeper(
    course, student
):
    old = timezone.now() - timedelta(days=1)
    stale = Video.objects.create(owner=student, course=course, state=VideoState.UPLOADING)
    fresh = Video.objects.create(owner=student, course=course, state=VideoState.UPLOADING)
    queued = Video.objects.create(owner=student, course=course, state=VideoState.PENDING)
    Video.objects.filter(pk__in=[stale.pk, queued.pk]).update(created_at=old, updated_at=old)
    assert video_services.videos_clean_stale() == 1
    assert not Video.objects.filter(pk=stale.pk).exists()
    assert Video.objects.get(pk=fresh.pk).state == VideoState.UPLOADING
    assert Video.objects.get(pk=queued.pk).state == VideoState.PENDING


def test_player_quality_choice_and_time_stamped_comments(
    video_assignment,
    student,
    student_client,
    instructor,
    clips,
    django_capture_on_commit_callbacks,
):
    from django.test import Client

    video = upload_video(
        video_assignment, student, clips["720p"], capture=django_capture_on_commit_callbacks
    )
    teacher = Client()
    teacher.force_login(instructor)
    url = reverse("courses:video", args=[video.pk])
    page = teacher.get(url).content.decode()
    assert "<video" in page and ">720p<" in page and ">480p<" in page
    response = teacher.post(
        reverse("courses:video_comment_add", args=[video.pk]),
        {"at_seconds": "0.42", "body": "Slow down here."},
    )
    assert response.status_code == 200 and "Slow down here." in response.content.decode()
    comment = VideoComment.objects.get()
    assert comment.at_seconds == pytest.approx(0.42) and comment.author == instructor
    # The student sees it, pinned to its moment (the player shows it at that time).
    page = student_client.get(url).content.decode()
    assert "Slow down here." in page and 'data-at="0.42"' in page
    data = json.loads(re.search(r'id="cc-video-comment-data"[^>]*>(.*?)</script>', page)[1])
    assert data == [
        {"at": 0.42, "label": "0:00", "body": "Slow down here.", "author": instructor.name}
    ]
    stream = student_client.get(reverse("courses:video_stream", args=[video.pk, "480p"]))
    assert stream.status_code in (200, 302)
    assert (
        student_client.get(reverse("courses:video_stream", args=[video.pk, "1080p"])).status_code
        == 404
    )
    # Outside the video, or empty: refused with a message.
    bad = teacher.post(
        reverse("courses:video_comment_add", args=[video.pk]), {"at_seconds": "99", "body": "x"}
    )
    assert "outside the video" in bad.content.decode()


def test_failed_video_shows_reason_and_retry_button(course, student, student_client):
    video = Video.objects.create(
        owner=student,
        course=course,
        state=VideoState.FAILED,
        error="This file has no video picture.",
    )
    page = student_client.get(reverse("courses:video", args=[video.pk])).content.decode()
    assert "This file has no video picture." in page and "Retry processing" in page
    busy = Video.objects.create(owner=student, course=course, state=VideoState.PENDING)
    status = student_client.get(reverse("courses:video_status", args=[busy.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in status


def test_strangers_and_other_students_get_404(course, student, clips):
    from django.test import Client

    classmate = make_student(course, email="mate@example.com", name="Mia Mate")
    video = Video.objects.create(owner=student, course=course, state=VideoState.DONE)
    client = Client()
    client.force_login(classmate)
    for name in ("video", "video_status", "video_thumbnail"):
        assert client.get(reverse(f"courses:{name}", args=[video.pk])).status_code == 404
    for name in ("video_retry", "video_comment_add"):
        url = reverse(f"courses:{name}", args=[video.pk])
        assert client.post(url, {"at_seconds": 1, "body": "hi"}).status_code == 404
    assert not VideoComment.objects.exists()


def test_video_transcode_command(clips, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("video_transcode", str(clips["480p"]), "--out", str(tmp_path), stdout=out)
    result = json.loads(out.getvalue())
    assert list(result["renditions"]) == ["480p"] and (tmp_path / "480p.mp4").exists()
    bad = tmp_path / "fake.mp4"
    bad.write_bytes(b"not a video" * 10)
    with pytest.raises(CommandError, match="not a video"):
        call_command("video_transcode", str(bad), "--out", str(tmp_path / "x"))


def test_local_renditions_answer_byte_ranges_for_seeking(
    video_assignment, student, student_client, clips, django_capture_on_commit_callbacks
):
    from courses.services.video_upload import direct_upload_enabled

    if direct_upload_enabled():
        pytest.skip("S3 answers ranges itself (the view redirects there)")
    video = upload_video(
        video_assignment, student, clips["480p"], capture=django_capture_on_commit_callbacks
    )
    url = reverse("courses:video_stream", args=[video.pk, "480p"])
    size = video.renditions.get().size_bytes
    part = student_client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{size}"
    assert len(b"".join(part.streaming_content)) == 100
    tail = student_client.get(url, HTTP_RANGE="bytes=-10")
    assert tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert student_client.get(url, HTTP_RANGE=f"bytes={size}-").status_code == 416
    whole = student_client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"


def test_removing_a_video_answer_removes_its_renditions_and_thumbnail(
    video_assignment, student, clips, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    video = upload_video(
        video_assignment, student, clips["480p"], capture=django_capture_on_commit_callbacks
    )
    names = [video.thumbnail.name, *video.renditions.values_list("file", flat=True)]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_file_remove(file=SubmissionFile.objects.get())
    assert not Video.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
