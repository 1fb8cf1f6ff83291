"""The video pipeline (E4): register, probe, transcode, retry, clean up, comment.

State lives in the ``Video`` row; every step can run again safely. Renditions are made
once per (video, name); a step that finds its work done does nothing.

Each step works on one local copy of the source: it checks that copy (the recorded ETag,
size and SHA-256; its content; its length) and transcodes that same file. The first copy
pins the SHA-256 when the upload did not record one, so later steps see the same bytes.
"""

from __future__ import annotations

import logging
import math
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from careercopilot.storage import STORAGE_ERRORS
from careercopilot.textinput import refuse_null_characters

from ..models import ProcessingState, SubmissionFile, Video, VideoComment, VideoRendition
from ..models import VideoState as S
from ..selectors.access import can_teach
from ..uploads import HEAD_BYTES, validate_video
from ..video import ffmpeg, store

logger = logging.getLogger(__name__)

STALE_UPLOAD_AFTER = timedelta(hours=6)
STUCK_PROCESSING_AFTER = timedelta(hours=3)
COMMENT_MAX = 2000


def video_max_seconds() -> int:
    return getattr(settings, "COURSES_VIDEO_MAX_SECONDS", 15 * 60)


def video_enqueue_processing(video: Video) -> None:
    """Queues processing after commit; with the broker down the video stays processing
    and ``videos_requeue_stalled`` queues it later."""
    from careercopilot.queueing import send_on_commit

    from ..tasks import video_probe

    send_on_commit(video_probe, video.pk)


def _heartbeat(video: Video) -> None:
    """Marks progress: ``updated_at`` is how the stalled-processing sweep sees a live run."""
    Video.objects.filter(pk=video.pk).update(updated_at=timezone.now())


def video_register_for_file(file: SubmissionFile) -> Video:
    """A video answer was stored: start processing it (the source is the stored file)."""
    video = Video.objects.create(
        owner=file.submission.student,
        course_id=file.submission.assignment.course_id,
        submission_file=file,
        state=S.PROCESSING,
        source_size=file.size_bytes,
        source_sha256=file.sha256,
    )
    video.source.name = file.file.name
    video.save(update_fields=["source"])
    video_enqueue_processing(video)
    return video


def _set_file_state(video: Video, state: str, error: str = "") -> None:
    if video.submission_file_id:
        SubmissionFile.objects.filter(pk=video.submission_file_id).update(
            processing_state=state, processing_error=error, processed_at=timezone.now()
        )


def video_fail(video: Video, reason: str) -> None:
    Video.objects.filter(pk=video.pk).update(
        state=S.FAILED, error=reason, processed_at=timezone.now(), updated_at=timezone.now()
    )
    video.state, video.error = S.FAILED, reason
    _set_file_state(video, ProcessingState.FAILED, reason)


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


def _checked_source(video: Video, workdir: Path) -> tuple[Path, ffmpeg.Probe] | None:
    """The verified local copy, checked by content and length, and what it holds; or
    None when the video was failed with a message for its owner."""
    try:
        source = _local_copy(video, workdir)
        with open(source, "rb") as fh:
            validate_video(fh.read(HEAD_BYTES), size=source.stat().st_size)
        info = ffmpeg.probe(source)
    except ValidationError as exc:
        video_fail(video, " ".join(exc.messages))
        return None
    except ffmpeg.VideoError as exc:
        video_fail(video, str(exc))
        return None
    except OSError:
        video_fail(video, "The uploaded file is missing. Upload it again.")
        return None
    if info.duration > video_max_seconds():
        limit = video_max_seconds()
        video_fail(
            video,
            f"This video is {round(info.duration)} seconds long; the limit is {limit} seconds.",
        )
        return None
    return source, info


def video_probe_run(*, video_id: int) -> int | None:
    """Checks the stored source (content, size, length) and records what it is.

    Returns the time limit for the transcode step, or None when there is nothing to do.
    """
    video = Video.objects.filter(pk=video_id).first()
    if video is None or video.state != S.PROCESSING:
        return None
    _heartbeat(video)
    with tempfile.TemporaryDirectory(prefix="video-") as tmp:
        checked = _checked_source(video, Path(tmp))
    if checked is None:
        return None
    _source, info = checked
    Video.objects.filter(pk=video.pk).update(
        duration_seconds=info.duration, width=info.width, height=info.height
    )
    per_rendition = ffmpeg.time_limit_for(info.duration)
    return per_rendition * (len(ffmpeg.renditions_for(info.height)) + 1)


def video_transcode_run(*, video_id: int) -> bool:
    """Makes the missing renditions and the thumbnail; marks the video ready."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None or video.state != S.PROCESSING or not video.height:
        return False
    done = set(video.renditions.values_list("name", flat=True))
    _heartbeat(video)
    with tempfile.TemporaryDirectory(prefix="video-") as tmp:
        workdir = Path(tmp)
        checked = _checked_source(video, workdir)
        if checked is None:
            return False
        source, info = checked  # the same file is probed above and transcoded below
        try:
            limit = ffmpeg.time_limit_for(info.duration)
            for spec in ffmpeg.renditions_for(info.height):
                if spec.name in done:
                    continue
                out = workdir / f"{spec.name}.mp4"
                width, height = ffmpeg.transcode(source, out, spec, info=info, timeout=limit)
                _save_rendition(video, spec.name, out, width, height)
                _heartbeat(video)
            if not video.thumbnail:
                thumb = workdir / "thumbnail.jpg"
                ffmpeg.thumbnail(source, thumb, info=info)
                with open(thumb, "rb") as fh:
                    video.thumbnail.save("thumbnail.jpg", File(fh), save=False)
                Video.objects.filter(pk=video.pk).update(thumbnail=video.thumbnail.name)
        except ffmpeg.VideoError as exc:
            video_fail(video, str(exc))
            return False
        except OSError:
            logger.exception("video %s: storage error", video.pk)
            video_fail(video, "The video could not be stored. Try again.")
            return False
    now = timezone.now()
    Video.objects.filter(pk=video.pk, state=S.PROCESSING).update(
        state=S.READY, error="", processed_at=now, updated_at=now
    )
    _set_file_state(video, ProcessingState.READY)
    return True


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
    video.state, video.error = S.PROCESSING, ""
    video.attempts += 1
    video.save(update_fields=["state", "error", "attempts", "updated_at"])
    _set_file_state(video, ProcessingState.PROCESSING)
    video_enqueue_processing(video)
    return video


def videos_clean_stale(*, now=None) -> int:
    """Beat: drops uploads that never finished and fails processing that stopped; returns
    how many videos it handled. Also deletes objects left on upload keys whose video has
    moved on (what a replayed upload policy wrote)."""
    now = now or timezone.now()
    count = 0
    stale = Video.objects.filter(state=S.UPLOADING, created_at__lt=now - STALE_UPLOAD_AFTER)
    for video in stale:
        if video.source.name and not video.submission_file_id:
            video.source.storage.delete(video.source.name)
        video.delete()
        count += 1
    stuck = Video.objects.filter(state=S.PROCESSING, updated_at__lt=now - STUCK_PROCESSING_AFTER)
    for video in stuck:
        video_fail(video, "Processing stopped before it finished. Retry to process it again.")
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


MAX_AUTOMATIC_RETRIES = 3


def _stalled_after(video: Video) -> timedelta:
    """Silence longer than any step can take: twice the transcode limit of this video."""
    configured = getattr(settings, "COURSES_VIDEO_STALLED_AFTER_SECONDS", 0)
    if configured:
        return timedelta(seconds=configured)
    duration = video.duration_seconds or video_max_seconds()
    return timedelta(seconds=2 * ffmpeg.time_limit_for(duration) + 120)


def videos_requeue_stalled(*, now=None) -> int:
    """Beat: processing that stopped without an outcome is queued again.

    A worker killed mid-transcode (out of memory, a lost machine) leaves the video
    processing, and the broker would redeliver its message only after its visibility
    timeout (hours). Steps heartbeat ``updated_at``, so a video silent for longer than any
    step can take has no live run: its processing is queued again, and carries on from
    the renditions already made. After MAX_AUTOMATIC_RETRIES it fails with a retry button.
    """
    from careercopilot.queueing import send

    from ..tasks import video_probe

    now = now or timezone.now()
    shortest = _stalled_after(Video(duration_seconds=1))
    count = 0
    candidates = Video.objects.filter(state=S.PROCESSING, updated_at__lt=now - shortest)
    for video in candidates.order_by("updated_at")[:200]:
        if video.updated_at >= now - _stalled_after(video):
            continue
        if video.attempts >= MAX_AUTOMATIC_RETRIES:
            video_fail(video, "Processing stopped before it finished. Retry to process it again.")
            continue
        Video.objects.filter(pk=video.pk).update(attempts=video.attempts + 1, updated_at=now)
        send(video_probe, video.pk)
        count += 1
    return count


def video_comment_add(*, video: Video, author, at_seconds: float, body: str) -> VideoComment:
    """Teaching staff and the video's owner comment at a moment of the video."""
    if author.pk != video.owner_id and not can_teach(author, video.course_id):
        raise PermissionDenied
    body = (body or "").strip()
    refuse_null_characters(body, what="your comment")
    if not body:
        raise ValidationError("Write a comment.")
    if len(body) > COMMENT_MAX:
        raise ValidationError(f"Keep comments under {COMMENT_MAX} characters.")
    try:
        at = float(at_seconds)
    except (TypeError, ValueError) as exc:
        raise ValidationError("Pick a moment in the video.") from exc
    if not math.isfinite(at):  # "nan" and "inf" parse as floats but are no moment
        raise ValidationError("Pick a moment in the video.")
    duration = video.duration_seconds or 0
    if at < 0 or (duration and at > duration + 1):
        raise ValidationError("That moment is outside the video.")
    return VideoComment.objects.create(video=video, author=author, at_seconds=at, body=body)
