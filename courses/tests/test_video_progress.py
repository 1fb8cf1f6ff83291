"""Video processing progress: ffmpeg's ``-progress`` output read as the share of the
probed running time, written to the video's job row and shown as named stages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from courses import services
from courses.models import FileKind, Video, VideoState
from courses.selectors.video import STAGES, video_stage, video_stages
from courses.services import video as video_services
from courses.video import ffmpeg, progress

from .factories import make_assignment

pytestmark = pytest.mark.django_db

PROGRESS_UPDATE = re.compile(r'UPDATE "courses_video" SET "progress" = ', re.I)


def test_fractions_read_out_time_against_the_running_time():
    """Guards progress that only jumped per rendition: each block of ffmpeg's progress
    output is a share of the probed duration, never going back, and 1 at the end."""
    text = """frame=0
out_time_us=N/A
progress=continue
out_time_us=500000
out_time_ms=500000
progress=continue
out_time_us=400000
progress=continue
out_time_us=1500000
progress=continue
progress=end
"""
    assert list(progress.fractions(text.splitlines(), 2.0)) == [0.25, 0.75, 1.0]


def test_a_real_transcode_reports_increasing_shares_up_to_the_end(clips_dir, tmp_path):
    """Guards the transcode that said nothing until it finished."""
    source = clips_dir / "hd.mp4"
    info = ffmpeg.probe(source)
    shares: list[float] = []
    size = ffmpeg.transcode(
        source,
        tmp_path / "480p.mp4",
        ffmpeg.RENDITIONS[1],
        info=info,
        timeout=60,
        on_progress=shares.append,
    )
    assert size == (854, 480)
    assert shares and shares[-1] == 1.0
    assert shares == sorted(shares) and all(0 <= share <= 1 for share in shares)
    assert ffmpeg.probe(tmp_path / "480p.mp4").duration == pytest.approx(1.5, abs=0.15)


def test_a_failing_transcode_with_progress_still_says_why(clips_dir, tmp_path):
    """Guards the reason kept when ffmpeg runs with its progress on stdout."""
    info = ffmpeg.probe(clips_dir / "vga.mp4")
    with pytest.raises(ffmpeg.VideoError, match="Making the 480p version failed"):
        ffmpeg.transcode(
            clips_dir / "vga.mp4",
            tmp_path / "missing-folder" / "480p.mp4",
            ffmpeg.RENDITIONS[1],
            info=info,
            timeout=60,
            on_progress=lambda share: None,
        )


def test_the_job_row_records_rising_progress_through_every_stage(
    course, student, clips_dir, django_capture_on_commit_callbacks
):
    """Guards the poller's numbers: a real upload and transcode writes rising progress to
    the video's row, and those values name each stage in order (720p, 480p, thumbnail)."""
    assignment = make_assignment(course, allow_text=False, allow_video=True)
    written: list[int] = []

    def record(execute, sql, params, many, context):
        if PROGRESS_UPDATE.match(sql):
            written.append(int(params[0]))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record), django_capture_on_commit_callbacks(execute=True):
        file = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=SimpleUploadedFile(
                "pitch.mp4", (clips_dir / "hd.mp4").read_bytes(), content_type="video/mp4"
            ),
            filename="pitch.mp4",
            kind=FileKind.VIDEO,
        )
    video = Video.objects.get(submission_file=file)
    assert video.state == VideoState.DONE, video.error
    assert written == sorted(set(written)), written  # rising, each value once
    assert {progress.rendition_span(0, 2)[1], progress.RENDITIONS_DONE} <= set(written)
    running = Video(state=VideoState.RUNNING, duration_seconds=1.5, height=720)
    seen = []
    for value in [10, *written]:
        running.progress = value
        if video_stage(running) not in seen:
            seen.append(video_stage(running))
    assert seen == ["transcoding_720p", "transcoding_480p", "thumbnail"]


@pytest.mark.parametrize(
    ("height", "value", "stage"),
    [
        (None, 10, "probing"),
        (720, 10, "transcoding_720p"),
        (720, 49, "transcoding_720p"),
        (720, 50, "transcoding_480p"),
        (480, 10, "transcoding_480p"),  # a small source gets only the 480p version
        (720, 90, "thumbnail"),
    ],
)
def test_the_stage_follows_the_renditions_the_source_gets(height, value, stage):
    video = Video(state=VideoState.RUNNING, duration_seconds=3 if height else None, height=height)
    video.progress = value
    assert video_stage(video) == stage
    assert stage in dict(STAGES)


def test_a_small_source_lists_only_the_version_it_gets():
    """Guards a 480p source showing "Making the 720p version" ticked as done."""
    small = Video(state=VideoState.RUNNING, duration_seconds=3, height=480, progress=50)
    keys = [stage["key"] for stage in video_stages(small)]
    assert "transcoding_720p" not in keys and "transcoding_480p" in keys
    current = [stage["key"] for stage in video_stages(small) if stage["current"]]
    assert current == ["transcoding_480p"]
    unknown = Video(state=VideoState.PENDING)  # not probed yet: every stage is listed
    assert [stage["key"] for stage in video_stages(unknown)] == [key for key, _ in STAGES]


def test_progress_is_written_in_steps_and_only_by_the_attempt_that_owns_the_row(
    course, student, monkeypatch
):
    """Guards a write per ffmpeg line, a progress going back, and a taken-over attempt
    overwriting the new one's progress."""
    monkeypatch.setattr(video_services, "PROGRESS_INTERVAL", 3600)  # steps only
    video = Video.objects.create(
        owner=student, course=course, state=VideoState.RUNNING, attempts=1, progress=10
    )
    write = video_services.ProgressWriter(video)
    for value in (11, 12, 16, 14, 18):
        write(value)
    video.refresh_from_db()
    assert video.progress == 16
    write(18, force=True)
    video.refresh_from_db()
    assert video.progress == 18
    Video.objects.filter(pk=video.pk).update(attempts=2)  # another attempt took it over
    write(40)
    video.refresh_from_db()
    assert video.progress == 18
