"""Media files on the S3-compatible server: private objects, served by signed, expiring URLs."""

import os
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from storages.backends.s3 import S3Storage

pytestmark = pytest.mark.skipif(
    not os.environ.get("AWS_STORAGE_BUCKET_NAME"),
    reason="needs S3 storage (AWS_STORAGE_BUCKET_NAME); `make test` starts an S3-compatible server",
)

PAYLOAD = b"%PDF-1.7 resume bytes \x00\x01\x02 " + uuid.uuid4().bytes


@pytest.fixture
def stored_name():
    name = default_storage.save(f"tests/{uuid.uuid4().hex}/resume.pdf", ContentFile(PAYLOAD))
    yield name
    default_storage.delete(name)


def test_default_storage_is_s3_with_private_objects_and_signed_urls():
    storage = storages["default"]
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == settings.AWS_STORAGE_BUCKET_NAME
    # Files are never served by a plain public URL: objects are private, URLs are signed.
    assert storage.querystring_auth is True
    assert storage.default_acl == "private"
    assert storage.file_overwrite is False


def test_saved_file_reads_back_identical(stored_name):
    assert default_storage.exists(stored_name)
    assert default_storage.size(stored_name) == len(PAYLOAD)
    with default_storage.open(stored_name, "rb") as handle:
        assert handle.read() == PAYLOAD


def test_saving_the_same_name_twice_keeps_both_files(stored_name):
    second = default_storage.save(stored_name, ContentFile(b"another upload"))
    try:
        assert second != stored_name
        with default_storage.open(stored_name, "rb") as handle:
            assert handle.read() == PAYLOAD
    finally:
        default_storage.delete(second)


def test_signed_url_fetched_over_http_returns_the_bytes(stored_name):
    url = default_storage.url(stored_name)

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.netloc == urlsplit(os.environ["AWS_S3_ENDPOINT_URL"]).netloc
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Signature"][0]
    assert query["X-Amz-Expires"] == [str(storages["default"].querystring_expire)]

    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        assert response.status == 200
        assert response.read() == PAYLOAD
