"""The video pipeline (E4): register, probe, transcode, retry, clean up, comment.

State lives in the ``Video`` row, a job (``careercopilot.jobs``): the probe claims it and
hands the same claim to the transcode, whose time limits it sets from the video's length;
the jobs sweeper sends again processing whose message or worker was lost. Every step can
run again safely: renditions are made once per (video, name).

Each step works on one local copy of the source: it checks that copy (the recorded ETag,
size and SHA-256; its content; its length) and transcodes that same file. The first copy
pins the SHA-256 when the upload did not record one, so later steps see the same bytes.
"""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from careercopilot.jobs.runner import (
    Next,
    UserFacingError,
    enqueue,
    reset_for_retry,
    run_job,
)
from careercopilot.storage import STORAGE_ERRORS

from ..models import ProcessingState, SubmissionFile, Video, VideoRendition
from ..models import VideoState as S
from ..uploads import HEAD_BYTES, validate_video
from ..video import ffmpeg, store
from ..video import progress as stages

__all__ = [
    "video_enqueue_processing",
    "video_failed",
    "video_lease",
    "video_probe_run",
    "video_register_for_file",
    "video_retry",
    "video_transcode_run",
    "videos_clean_stale",
]


logger = logging.getLogger(__name__)

STALE_UPLOAD_AFTER = timedelta(hours=6)
PROBE_TIME_LIMIT = 180
TIMEOUT_FAILURE = "Processing this video took too long. Retry, or upload a shorter one."
# The pollers read progress from the row: written at most every half second, unless it
# moved by PROGRESS_STEP points.
PROGRESS_INTERVAL = 0.5
PROGRESS_STEP = 5


def video_max_seconds() -> int:
    return getattr(settings, "COURSES_VIDEO_MAX_SECONDS", 15 * 60)


def video_enqueue_processing(video: Video) -> None:
    """Queues processing after commit; with the broker down the video stays queued and
    the jobs sweeper queues it later."""
    enqueue(video)


def _transcode_limit(duration: float, height: int) -> int:
    """Seconds the whole transcode may take: each rendition's limit, and one for the
    thumbnail."""
    return ffmpeg.time_limit_for(duration) * (len(ffmpeg.renditions_for(height)) + 1)


def video_lease(video: Video) -> timedelta:
    """How long a running step owns the video: the probe's time limit until the probe has
    measured it, then the transcode's (set from its length); with a margin."""
    if not (video.duration_seconds and video.height):
        return timedelta(seconds=PROBE_TIME_LIMIT + 30)
    return timedelta(seconds=_transcode_limit(video.duration_seconds, video.height) + 60)


def video_register_for_file(file: SubmissionFile) -> Video:
    """A video answer was stored: start processing it (the source is the stored file)."""
    video = Video.objects.create(
        owner=file.submission.student,
        course_id=file.submission.assignment.course_id,
        submission_file=file,
        state=S.PENDING,
        source_size=file.size_bytes,
        source_sha256=file.sha256,
    )
    video.source.name = file.file.name
    video.save(update_fields=["source"])
    video_enqueue_processing(video)
    return video


def _set_file_state(video: Video, state: str, error: str = "") -> None:
    """The submission file shows its video's processing."""
    if video.submission_file_id:
        finished = None if state == ProcessingState.PENDING else timezone.now()
        SubmissionFile.objects.filter(pk=video.submission_file_id).update(
            state=state, error=error, finished_at=finished
        )


def video_failed(video: Video) -> None:
    """After the job runner failed the video (its ``on_failed`` hook)."""
    _set_file_state(video, ProcessingState.FAILED, video.error)


def _local_copy(video: Video, workdir: Path) -> Path:
    """Downloads the source once and checks it is the object that was registered."""
    target = workdir / "source"
    storage = video.source.storage
    size, sha256 = store.download(storage, video.source.name, target, etag=video.source_etag)
    if video.source_size is not None and size != video.source_size:
        raise store.SourceChanged(store.SOURCE_CHANGED)
    if not video.source_sha256:  # first look at these bytes: later steps must see the same
        pinned = Video.objects.filter(pk=video.pk, source_sha256="").update(
            source_sha256=sha256, source_size=size
        )
        if video.submission_file_id:
            SubmissionFile.objects.filter(pk=video.submission_file_id, sha256="").update(
                sha256=sha256
            )
        if pinned:
            video.source_sha256 = sha256
        else:
            video.refresh_from_db(fields=["source_sha256"])
    if video.source_sha256 and sha256 != video.source_sha256:
        raise store.SourceChanged(store.SOURCE_CHANGED)
    return target


def _checked_source(video: Video, workdir: Path) -> tuple[Path, ffmpeg.Probe]:
    """The verified local copy, checked by content and length, and what it holds. A
    problem fails the video with a message for its owner."""
    try:
        source = _local_copy(video, workdir)
        with open(source, "rb") as fh:
            validate_video(fh.read(HEAD_BYTES), size=source.stat().st_size)
        info = ffmpeg.probe(source)
    except ValidationError as exc:
        raise UserFacingError(" ".join(exc.messages)) from exc
    except ffmpeg.VideoError as exc:
        raise UserFacingError(str(exc)) from exc
    except OSError as exc:
        raise UserFacingError("The uploaded file is missing. Upload it again.") from exc
    if info.duration > video_max_seconds():
        limit = video_max_seconds()
        raise UserFacingError(
            f"This video is {round(info.duration)} seconds long; the limit is {limit} seconds."
        )
    return source, info


def _probe(video: Video) -> Next:
    with tempfile.TemporaryDirectory(prefix="video-") as tmp:
        _source, info = _checked_source(video, Path(tmp))
    video.duration_seconds, video.width, video.height = info.duration, info.width, info.height
    limit = _transcode_limit(info.duration, info.height)
    from ..tasks import video_transcode

    return Next(video_transcode, {"time_limit": limit + 30, "soft_time_limit": limit})


def video_probe_run(*, video_id: int) -> bool:
    """First step: claims the video, checks the stored source (content, size, length) and
    records what it is; then hands the claim to the transcode. False if not claimed."""
    return run_job(Video, video_id, _probe)


class ProgressWriter:
    """Writes a running video's progress to its row, never backwards, at most every
    PROGRESS_INTERVAL seconds unless it moved PROGRESS_STEP points (or ``force``); only
    while this attempt still owns the row."""

    def __init__(self, video: Video) -> None:
        self.video = video
        self.written = video.progress
        self.at = time.monotonic()

    def __call__(self, value: int, *, force: bool = False) -> None:
        if value <= self.written:
            return
        now = time.monotonic()
        if not force and now - self.at < PROGRESS_INTERVAL and value - self.written < PROGRESS_STEP:
            return
        Video.objects.filter(
            pk=self.video.pk, state=S.RUNNING, attempts=self.video.attempts
        ).update(progress=value)
        self.video.progress = self.written = value
        self.at = now

    def rendition(self, index: int, count: int):
        """``on_progress`` for ffmpeg while it makes rendition ``index``: its share of the
        rendition's range (kept below the range's end until the file is saved)."""
        start, end = stages.rendition_span(index, count)
        return lambda share: self(start + int(share * (end - 1 - start)))


def _transcode(video: Video):
    done = set(video.renditions.values_list("name", flat=True))
    with tempfile.TemporaryDirectory(prefix="video-") as tmp:
        workdir = Path(tmp)
        source, info = _checked_source(video, workdir)  # the same file is transcoded below
        specs = ffmpeg.renditions_for(info.height)
        write = ProgressWriter(video)
        try:
            limit = ffmpeg.time_limit_for(info.duration)
            for index, spec in enumerate(specs):
                if spec.name not in done:
                    out = workdir / f"{spec.name}.mp4"
                    width, height = ffmpeg.transcode(
                        source,
                        out,
                        spec,
                        info=info,
                        timeout=limit,
                        on_progress=write.rendition(index, len(specs)),
                    )
                    _save_rendition(video, spec.name, out, width, height)
                write(stages.rendition_span(index, len(specs))[1], force=True)
            if not video.thumbnail:
                thumb = workdir / "thumbnail.jpg"
                ffmpeg.thumbnail(source, thumb, info=info)
                with open(thumb, "rb") as fh:
                    video.thumbnail.save("thumbnail.jpg", File(fh), save=False)
        except ffmpeg.VideoError as exc:
            raise UserFacingError(str(exc)) from exc
        except OSError as exc:
            logger.exception("video %s: storage error", video.pk)
            raise UserFacingError("The video could not be stored. Try again.") from exc
    return lambda: _set_file_state(video, ProcessingState.DONE)


def video_transcode_run(*, video_id: int, token: int | None) -> bool:
    """Second step, on the probe's claim (``token``): makes the missing renditions and the
    thumbnail; the video is then done. False if the claim was taken over meanwhile."""
    return run_job(Video, video_id, _transcode, token=token)


def _save_rendition(video: Video, name: str, path: Path, width: int, height: int) -> None:
    rendition = VideoRendition(
        video=video, name=name, width=width, height=height, size_bytes=path.stat().st_size
    )
    with open(path, "rb") as fh:
        stored = video.source.storage.save(f"courses/videos/{video.uid.hex}/{name}.mp4", File(fh))
    rendition.file.name = stored
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:  # another run made it first: keep theirs
        video.source.storage.delete(stored)


def video_retry(*, video: Video) -> Video:
    if video.state != S.FAILED:
        raise ValidationError("Only a failed video can be retried.")
    with transaction.atomic():
        reset_for_retry(video)
        _set_file_state(video, ProcessingState.PENDING)
        video_enqueue_processing(video)
    return video


def videos_clean_stale(*, now=None) -> int:
    """Beat: drops uploads that never finished; returns how many videos it handled. Also
    deletes objects left on upload keys whose video has moved on (what a replayed upload
    policy wrote). Processing that stopped is the jobs sweeper's: sent again, then failed
    with a retry button if it keeps stopping."""
    now = now or timezone.now()
    count = 0
    stale = Video.objects.filter(state=S.UPLOADING, created_at__lt=now - STALE_UPLOAD_AFTER)
    for video in stale:
        if video.source.name and not video.submission_file_id:
            video.source.storage.delete(video.source.name)
        video.delete()
        count += 1
    try:
        _delete_upload_leftovers()
    except STORAGE_ERRORS:
        logger.warning("video upload keys not swept: storage unavailable", exc_info=True)
    return count


def _delete_upload_leftovers() -> None:
    """Objects on upload keys whose video moved on: what a replayed upload policy wrote."""
    storage = Video._meta.get_field("source").storage
    leftovers = store.upload_leftovers(storage)  # listed first: each has its row by now
    live = set(Video.objects.filter(state=S.UPLOADING).values_list("source", flat=True))
    orphans = [name for name in leftovers if name not in live]
    for name in orphans:
        storage.delete(name)
    if orphans:
        logger.info("deleted %d objects left on video upload keys", len(orphans))
