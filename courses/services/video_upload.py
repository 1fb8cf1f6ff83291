"""Direct-to-S3 video uploads (E4): a presigned POST limited by content type and size,
then a server-side check of both (and of the bytes) before the video is registered.

The POST covers one per-attempt upload key only. ``/complete`` copies that object to the
video's own key (which no policy covers), checks the copy and records its ETag and size;
processing reads exactly that object. A replayed POST can then only write to the upload
key, which nothing reads and the stale sweep deletes. With local storage the browser uses
the normal upload form instead.
"""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from billing.storage import COURSE_WORK, storage_check
from careercopilot import storage as object_store
from careercopilot.storage import STORAGE_ERRORS, STORAGE_UNAVAILABLE

from ..models import FileKind, ProcessingState, SubmissionFile, Video, VideoState
from ..uploads import CONTENT_TYPES, HEAD_BYTES, safe_filename, validate_video, video_max_bytes
from ..video import store
from .submissions import _check_student, _file_drop_from_draft, _submission_for
from .video import video_enqueue_processing

__all__ = [
    "direct_upload_enabled",
    "video_upload_cancel",
    "video_upload_complete",
    "video_upload_start",
]


logger = logging.getLogger(__name__)
# What checking an arrived upload may raise: it is then discarded.
CHECK_ERRORS: tuple[type[BaseException], ...] = (
    ValidationError,
    store.SourceChanged,
    *STORAGE_ERRORS,
)
VIDEO_CONTENT_TYPES = {CONTENT_TYPES[k]: k for k in ("mp4", "mov", "webm")}


def direct_upload_enabled(storage=None) -> bool:
    return object_store.is_object_store(storage or default_storage)


def video_upload_start(
    *, assignment, student, filename: str, content_type: str, size: int, storage=None
) -> tuple[Video, dict]:
    """A ``Video`` waiting for its upload and the presigned POST (url, fields) for it."""
    storage = storage or default_storage
    _check_student(assignment=assignment, student=student)
    if not assignment.allow_video:
        raise ValidationError("This assignment does not take videos.")
    if content_type not in VIDEO_CONTENT_TYPES:
        raise ValidationError("Upload an MP4, MOV or WebM video.")
    if size <= 0:
        raise ValidationError("This video is empty.")
    if size > video_max_bytes():
        limit = video_max_bytes() // (1024 * 1024)
        raise ValidationError(f"This video is too large; the limit is {limit} MB.")
    storage_check(user=student, adding=size, area=COURSE_WORK)
    try:  # signing needs no network: check the store answers before promising an upload
        object_store.bucket_check(storage)
    except STORAGE_ERRORS as exc:
        raise ValidationError(STORAGE_UNAVAILABLE) from exc
    video = Video.objects.create(
        owner=student,
        course_id=assignment.course_id,
        assignment=assignment,
        original_filename=safe_filename(filename),
        content_type=content_type,
    )
    key = f"{store.UPLOAD_PREFIX}/{video.uid.hex}-{uuid.uuid4().hex[:8]}"
    video.source.name = key
    video.save(update_fields=["source"])
    post = object_store.presigned_post(
        storage,
        key,
        content_type=content_type,
        max_bytes=video_max_bytes(),
        expires_in=store.PRESIGN_SECONDS,
    )
    return video, post


def _discard(video: Video, storage) -> None:
    name = video.source.name
    video.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _final_name(video: Video) -> str:
    return f"courses/videos/{video.uid.hex}/source-{uuid.uuid4().hex[:8]}"


def video_upload_complete(*, video: Video, storage=None) -> SubmissionFile:
    """Moves what arrived to the video's own key, checks it (size, content type, bytes)
    and adds it to the draft."""
    storage = storage or default_storage
    if video.state != VideoState.UPLOADING:
        raise ValidationError("This upload is already registered.")
    assignment = video.assignment
    if assignment is None:
        raise ValidationError("This upload is not for an assignment.")
    _check_student(assignment=assignment, student=video.owner)
    upload_key, final = video.source.name, _final_name(video)
    try:
        object_store.copy(storage, upload_key, final)
    except FileNotFoundError as exc:
        raise ValidationError("The upload did not arrive. Try again.") from exc
    except STORAGE_ERRORS as exc:
        raise ValidationError(STORAGE_UNAVAILABLE) from exc
    try:  # the policy may still write there: nothing reads it, the stale sweep deletes it
        storage.delete(upload_key)
    except STORAGE_ERRORS:
        logger.warning("video %s: upload key left for the stale sweep", video.pk)
    try:
        copied = object_store.head(storage, final)
        if (
            copied.content_type not in VIDEO_CONTENT_TYPES
            or copied.content_type != video.content_type
        ):
            raise ValidationError("The upload is not an MP4, MOV or WebM video.")
        first = store.read_head(storage, final, etag=copied.etag, length=HEAD_BYTES)
        detected = validate_video(first, size=copied.size)
        storage_check(user=video.owner, adding=copied.size, area=COURSE_WORK)
    except CHECK_ERRORS as exc:
        with transaction.atomic():
            _discard(video, storage)
            transaction.on_commit(lambda: storage.delete(final))
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError("The upload could not be checked. Upload it again.") from exc
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        if video.state != VideoState.UPLOADING:  # a concurrent /complete got here first
            transaction.on_commit(lambda: storage.delete(final))
            raise ValidationError("This upload is already registered.")
        submission = _submission_for(assignment, video.owner)
        for old in submission.files.filter(in_draft=True, kind=FileKind.VIDEO):
            _file_drop_from_draft(old)
        file = SubmissionFile(
            submission=submission,
            kind=FileKind.VIDEO,
            original_filename=video.original_filename or "video",
            content_type=detected.content_type,
            detected=detected.kind,
            size_bytes=copied.size,
            sha256="",  # the worker's checked copy fills it in
            state=ProcessingState.PENDING,
        )
        file.file.name = final
        file.save()
        submission.draft_saved_at = timezone.now()
        submission.save(update_fields=["draft_saved_at", "updated_at"])
        video.submission_file = file
        video.source.name = final
        video.source_etag, video.source_size = copied.etag, copied.size
        video.state = VideoState.PENDING
        video.save(
            update_fields=[
                "submission_file",
                "source",
                "source_etag",
                "source_size",
                "state",
                "updated_at",
            ]
        )
        video_enqueue_processing(video)
    return file


def video_upload_cancel(*, video: Video, storage=None) -> None:
    if video.state == VideoState.UPLOADING:
        with transaction.atomic():
            _discard(video, storage or default_storage)
