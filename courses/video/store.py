"""The object store as the video pipeline uses it: the one place that speaks S3.

Every call goes through the storage's own client (django-storages), so there is one
client and one configuration. With local storage, only ``download`` applies.

Direct uploads land on a per-attempt key under ``UPLOAD_PREFIX``, the only key their
presigned POST covers. ``/complete`` copies that object to the video's own key and drops
the upload key, so the policy (valid for ``PRESIGN_SECONDS``) can no longer change what
the video uses; ``upload_leftovers`` finds what a replayed policy wrote afterwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from botocore.exceptions import ClientError

from .ffmpeg import VideoError

PRESIGN_SECONDS = 15 * 60
UPLOAD_PREFIX = "courses/video-uploads"
CHUNK = 1024 * 1024
MISSING = ("404", "NoSuchKey", "NotFound")


class SourceChanged(VideoError):
    """The stored object is not the one that was checked when it was registered."""


SOURCE_CHANGED = (
    "The uploaded video changed after it was checked, so it was not processed. "
    "Upload the video again."
)


@dataclass(frozen=True)
class StoredObject:
    etag: str
    size: int
    content_type: str


def is_object_store(storage) -> bool:
    return hasattr(storage, "bucket_name")


def _client(storage):
    return storage.connection.meta.client


def _key(storage, name: str) -> str:
    return storage._normalize_name(name)


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def bucket_check(storage) -> None:
    """Raises a storage error when the bucket does not answer (signing needs no network)."""
    _client(storage).head_bucket(Bucket=storage.bucket_name)


def presigned_post(storage, name: str, *, content_type: str, max_bytes: int) -> dict:
    """A POST policy for exactly ``name``, this content type and 1..max_bytes bytes."""
    return _client(storage).generate_presigned_post(
        Bucket=storage.bucket_name,
        Key=_key(storage, name),
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=PRESIGN_SECONDS,
    )


def head(storage, name: str) -> StoredObject:
    """The object's ETag, size and type; FileNotFoundError when it is not there."""
    try:
        found = _client(storage).head_object(Bucket=storage.bucket_name, Key=_key(storage, name))
    except ClientError as exc:
        if _code(exc) in MISSING:
            raise FileNotFoundError(name) from exc
        raise
    return StoredObject(
        etag=found.get("ETag", ""),
        size=int(found.get("ContentLength", 0)),
        content_type=found.get("ContentType", ""),
    )


def copy(storage, source: str, target: str) -> None:
    """A server-side copy (the bytes never pass through us); FileNotFoundError if missing."""
    bucket = storage.bucket_name
    try:
        _client(storage).copy_object(
            Bucket=bucket,
            Key=_key(storage, target),
            CopySource={"Bucket": bucket, "Key": _key(storage, source)},
        )
    except ClientError as exc:
        if _code(exc) in MISSING:
            raise FileNotFoundError(source) from exc
        raise


def read_head(storage, name: str, *, etag: str, length: int) -> bytes:
    """The first ``length`` bytes of exactly the object with this ETag."""
    try:
        got = _client(storage).get_object(
            Bucket=storage.bucket_name,
            Key=_key(storage, name),
            Range=f"bytes=0-{length - 1}",
            IfMatch=etag,
        )
    except ClientError as exc:
        if _code(exc) == "PreconditionFailed":
            raise SourceChanged(SOURCE_CHANGED) from exc
        raise
    with got["Body"] as body:
        return body.read(length)


def download(storage, name: str, target: Path, *, etag: str = "") -> tuple[int, str]:
    """Copies the object to ``target``; returns its (size, sha256).

    With an ETag (object store), the store itself refuses anything else than that object.
    """
    digest, size = hashlib.sha256(), 0
    if is_object_store(storage):
        params = {"Bucket": storage.bucket_name, "Key": _key(storage, name)}
        if etag:
            params["IfMatch"] = etag
        try:
            body = _client(storage).get_object(**params)["Body"]
        except ClientError as exc:
            if _code(exc) == "PreconditionFailed":
                raise SourceChanged(SOURCE_CHANGED) from exc
            if _code(exc) in MISSING:
                raise FileNotFoundError(name) from exc
            raise
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
    if not is_object_store(storage):
        return []
    try:
        _folders, files = storage.listdir(UPLOAD_PREFIX)
    except FileNotFoundError:
        return []
    return [f"{UPLOAD_PREFIX}/{name}" for name in files]
