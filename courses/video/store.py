"""The object store as the video pipeline uses it: upload keys, and reads pinned to the
checked object. S3 itself is spoken by ``careercopilot.storage`` (presigned POSTs, bucket
checks, HEAD, copies); with local storage, only ``download`` applies.

Direct uploads land on a per-attempt key under ``UPLOAD_PREFIX``, the only key their
presigned POST covers. ``/complete`` copies that object to the video's own key and drops
the upload key, so the policy (valid for ``PRESIGN_SECONDS``) can no longer change what
the video uses; ``upload_leftovers`` finds what a replayed policy wrote afterwards.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from careercopilot import storage as object_store

from .ffmpeg import VideoError

PRESIGN_SECONDS = 15 * 60
UPLOAD_PREFIX = "courses/video-uploads"
CHUNK = 1024 * 1024


class SourceChanged(VideoError):
    """The stored object is not the one that was checked when it was registered."""


SOURCE_CHANGED = (
    "The uploaded video changed after it was checked, so it was not processed. "
    "Upload the video again."
)


def read_head(storage, name: str, *, etag: str, length: int) -> bytes:
    """The first ``length`` bytes of exactly the object with this ETag."""
    try:
        body = object_store.open_object(storage, name, etag=etag, length=length)
    except object_store.ObjectChanged as exc:
        raise SourceChanged(SOURCE_CHANGED) from exc
    with body:
        return body.read(length)


def download(storage, name: str, target: Path, *, etag: str = "") -> tuple[int, str]:
    """Copies the object to ``target``; returns its (size, sha256).

    With an ETag (object store), the store itself refuses anything else than that object.
    """
    digest, size = hashlib.sha256(), 0
    if object_store.is_object_store(storage):
        try:
            body = object_store.open_object(storage, name, etag=etag)
        except object_store.ObjectChanged as exc:
            raise SourceChanged(SOURCE_CHANGED) from exc
        chunks = body.iter_chunks(CHUNK)
    else:
        body = storage.open(name, "rb")
        chunks = iter(lambda: body.read(CHUNK), b"")
    with body, open(target, "wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def upload_leftovers(storage) -> list[str]:
    """Names of every object under ``UPLOAD_PREFIX`` (flat: one object per attempt)."""
    if not object_store.is_object_store(storage):
        return []
    try:
        _folders, files = storage.listdir(UPLOAD_PREFIX)
    except FileNotFoundError:
        return []
    return [f"{UPLOAD_PREFIX}/{name}" for name in files]
