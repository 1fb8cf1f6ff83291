"""Direct-to-S3 video uploads (E4): a presigned POST limited by content type and size,
then a server-side check of both (and of the bytes) before the video is registered.

With local storage the browser uses the normal upload form instead.
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from billing.storage import COURSE_WORK, storage_check
from careercopilot.storage_errors import STORAGE_ERRORS, STORAGE_UNAVAILABLE

from ..models import FileKind, ProcessingState, SubmissionFile, Video, VideoState
from ..uploads import CONTENT_TYPES, HEAD_BYTES, safe_filename, validate_video, video_max_bytes
from .submissions import _check_student, _file_drop_from_draft, _submission_for
from .video import video_enqueue_processing

PRESIGN_SECONDS = 15 * 60
VIDEO_CONTENT_TYPES = {CONTENT_TYPES[k]: k for k in ("mp4", "mov", "webm")}


def direct_upload_enabled(storage=None) -> bool:
    return hasattr(storage or default_storage, "bucket_name")


def _client(storage):
    return storage.connection.meta.client


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
        _client(storage).head_bucket(Bucket=storage.bucket_name)
    except STORAGE_ERRORS as exc:
        raise ValidationError(STORAGE_UNAVAILABLE) from exc
    video = Video.objects.create(
        owner=student,
        course_id=assignment.course_id,
        assignment=assignment,
        original_filename=safe_filename(filename),
        content_type=content_type,
    )
    key = f"courses/videos/{video.uid.hex}/source-{uuid.uuid4().hex[:8]}"
    video.source.name = key
    video.save(update_fields=["source"])
    post = _client(storage).generate_presigned_post(
        Bucket=storage.bucket_name,
        Key=storage._normalize_name(key),
        Fields={"Content-Type": content_type},
        Conditions=[
            {"Content-Type": content_type},
            ["content-length-range", 1, video_max_bytes()],
        ],
        ExpiresIn=PRESIGN_SECONDS,
    )
    return video, post


def _discard(video: Video, storage) -> None:
    name = video.source.name
    video.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def video_upload_complete(*, video: Video, storage=None) -> SubmissionFile:
    """Checks what arrived (size, content type, bytes) and adds it to the draft."""
    storage = storage or default_storage
    if video.state != VideoState.UPLOADING:
        raise ValidationError("This upload is already registered.")
    assignment = video.assignment
    _check_student(assignment=assignment, student=video.owner)
    name = video.source.name
    try:
        head = _client(storage).head_object(
            Bucket=storage.bucket_name, Key=storage._normalize_name(name)
        )
    except Exception as exc:
        raise ValidationError("The upload did not arrive. Try again.") from exc
    size = int(head.get("ContentLength", 0))
    content_type = head.get("ContentType", "")
    try:
        if content_type not in VIDEO_CONTENT_TYPES or content_type != video.content_type:
            raise ValidationError("The upload is not an MP4, MOV or WebM video.")
        with storage.open(name, "rb") as fh:
            first = fh.read(HEAD_BYTES)
        detected = validate_video(first, size=size)
        storage_check(user=video.owner, adding=size, area=COURSE_WORK)
    except ValidationError:
        with transaction.atomic():
            _discard(video, storage)
        raise
    digest = hashlib.sha256()
    with storage.open(name, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    with transaction.atomic():
        submission = _submission_for(assignment, video.owner)
        for old in submission.files.filter(in_draft=True, kind=FileKind.VIDEO):
            _file_drop_from_draft(old)
        file = SubmissionFile(
            submission=submission,
            kind=FileKind.VIDEO,
            original_filename=video.original_filename or "video",
            content_type=detected.content_type,
            detected=detected.kind,
            size_bytes=size,
            sha256=digest.hexdigest(),
            processing_state=ProcessingState.PENDING,
        )
        file.file.name = name
        file.save()
        submission.draft_saved_at = timezone.now()
        submission.save(update_fields=["draft_saved_at", "updated_at"])
        video.submission_file = file
        video.state = VideoState.PROCESSING
        video.save(update_fields=["submission_file", "state", "updated_at"])
        video_enqueue_processing(video)
    return file


def video_upload_cancel(*, video: Video, storage=None) -> None:
    if video.state == VideoState.UPLOADING:
        with transaction.atomic():
            _discard(video, storage or default_storage)
