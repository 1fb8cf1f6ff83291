"""The one seam to the object store: S3 through django-storages and its boto3 client.

Files are saved, opened and deleted through Django's storage API. What that API has no
call for goes through here, on the storage's own client (one client, one configuration):
the bucket check, presigned POSTs, HEAD, server-side copies and reads pinned to an ETag.
``STORAGE_ERRORS`` is what the store raises when it is unreachable or failing: upload
services catch it inside their transaction, so the rows roll back and the user reads
``STORAGE_UNAVAILABLE`` instead of an error page.
"""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, BotoCoreError, ClientError)
STORAGE_UNAVAILABLE = (
    "We could not store your file: our file storage is not answering right now. "
    "Nothing was saved; please try again in a few minutes."
)
MISSING = ("404", "NoSuchKey", "NotFound")


class ObjectChanged(Exception):
    """The object is no longer the one with the ETag that was asked for."""


@dataclass(frozen=True)
class StoredObject:
    etag: str
    size: int
    content_type: str


def is_object_store(storage) -> bool:
    """True for S3 storage; False for local disk (only Django's storage API applies)."""
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


def presigned_post(
    storage, name: str, *, content_type: str, max_bytes: int, expires_in: int
) -> dict:
    """A POST policy (url, fields) for exactly ``name``, this type and 1..max_bytes bytes."""
    return _client(storage).generate_presigned_post(
        Bucket=storage.bucket_name,
        Key=_key(storage, name),
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=expires_in,
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


def open_object(storage, name: str, *, etag: str = "", length: int | None = None):
    """The object's body (a stream with ``read`` and ``iter_chunks``), or its first
    ``length`` bytes' worth; with ``etag``, only that object (else ObjectChanged).
    FileNotFoundError when it is not there."""
    params = {"Bucket": storage.bucket_name, "Key": _key(storage, name)}
    if etag:
        params["IfMatch"] = etag
    if length is not None:
        params["Range"] = f"bytes=0-{length - 1}"
    try:
        return _client(storage).get_object(**params)["Body"]
    except ClientError as exc:
        if _code(exc) == "PreconditionFailed":
            raise ObjectChanged(name) from exc
        if _code(exc) in MISSING:
            raise FileNotFoundError(name) from exc
        raise
