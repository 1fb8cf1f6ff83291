"""careercopilot/storage.py, the one seam to S3, against the S3-compatible server."""

import base64
import json
import os
import uuid

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from careercopilot import storage as object_store

pytestmark = pytest.mark.skipif(
    not os.environ.get("AWS_STORAGE_BUCKET_NAME"),
    reason="needs S3 storage (AWS_STORAGE_BUCKET_NAME); `make test` starts an S3-compatible server",
)


@pytest.fixture
def stored():
    name = default_storage.save(f"tests/{uuid.uuid4().hex}/object.bin", ContentFile(b"0123456789"))
    yield name
    default_storage.delete(name)


def test_reads_are_pinned_to_the_etag_they_name(stored):
    """Guards the ETag pin: a replaced object is refused, not read."""
    etag = object_store.head(default_storage, stored).etag
    with object_store.open_object(default_storage, stored, etag=etag, length=4) as body:
        assert body.read() == b"0123"

    default_storage.delete(stored)
    default_storage.save(stored, ContentFile(b"something else"))

    with pytest.raises(object_store.ObjectChanged):
        object_store.open_object(default_storage, stored, etag=etag)


def test_a_missing_object_is_file_not_found_for_every_call():
    missing = f"tests/{uuid.uuid4().hex}/missing.bin"
    with pytest.raises(FileNotFoundError):
        object_store.head(default_storage, missing)
    with pytest.raises(FileNotFoundError):
        object_store.copy(default_storage, missing, f"{missing}.copy")
    with pytest.raises(FileNotFoundError):
        object_store.open_object(default_storage, missing)


def test_a_presigned_post_covers_exactly_its_key_type_and_size():
    name = f"tests/{uuid.uuid4().hex}/upload.txt"
    post = object_store.presigned_post(
        default_storage, name, content_type="text/plain", max_bytes=5, expires_in=60
    )
    policy = json.loads(base64.b64decode(post["fields"]["policy"]))
    assert ["content-length-range", 1, 5] in policy["conditions"]
    assert {"Content-Type": "text/plain"} in policy["conditions"]
    assert {"key": post["fields"]["key"]} in policy["conditions"]

    sent = requests.post(
        post["url"], data=post["fields"], files={"file": ("a.txt", b"12345")}, timeout=10
    )

    assert sent.status_code in (200, 204)
    found = object_store.head(default_storage, name)
    assert (found.size, found.content_type) == (5, "text/plain")
    default_storage.delete(name)


def test_an_unreachable_bucket_raises_a_storage_error():
    from storages.backends.s3 import S3Storage

    elsewhere = S3Storage(bucket_name=f"no-such-bucket-{uuid.uuid4().hex[:8]}")
    object_store.bucket_check(default_storage)  # ours answers
    with pytest.raises(object_store.STORAGE_ERRORS):
        object_store.bucket_check(elsewhere)
