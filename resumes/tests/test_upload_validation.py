"""Bad input at upload (C1): every file is made in the test, refused with a clear message,
and nothing is stored."""

import pytest
from django.urls import reverse

from resumes.models import Resume, ResumeVersion

from . import samples

pytestmark = pytest.mark.django_db

URL = reverse("resumes:resume_list")


def upload(client, data: bytes, filename: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(URL, {"file": SimpleUploadedFile(filename, data), "name": "Mine"})


def assert_refused(response, message: str):
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Resume.objects.exists()
    assert not ResumeVersion.objects.exists()


@pytest.mark.parametrize(
    ("make", "filename", "message"),
    [
        (lambda: b"GIF89a this is not a resume" * 10, "resume.pdf", "not a PDF, DOCX, PNG or JPEG"),
        (lambda: b"<html><body>hello</body></html>", "resume.pdf", "checked by its content"),
        (samples.encrypted_pdf, "locked.pdf", "password-protected"),
        (lambda: samples.text_pdf(pages=21), "long.pdf", "21 pages; resumes can have at most 20"),
        (samples.pixel_bomb_png, "huge.png", "too many pixels"),
        (samples.zip_bomb_docx, "bomb.docx", "possible zip bomb"),
        (lambda: b"", "empty.pdf", "empty"),
    ],
    ids=["renamed-gif", "renamed-html", "encrypted", "21-pages", "pixel-bomb", "zip-bomb", "empty"],
)
def test_bad_file_is_refused_with_a_clear_message_and_nothing_saved(
    alice_client, make, filename, message
):
    assert_refused(upload(alice_client, make(), filename), message)


def test_an_11_mb_file_is_refused(alice_client):
    data = samples.text_pdf() + b"\n%" + b"0" * (11 * 1024 * 1024)
    assert_refused(upload(alice_client, data, "big.pdf"), "the limit is 10 MB")


def test_a_zip_that_is_not_a_word_file_is_refused(alice_client):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert_refused(upload(alice_client, out.getvalue(), "resume.docx"), "not a Word document")


def test_the_type_comes_from_the_content_not_the_name(
    alice_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(alice_client, samples.docx_file(), "resume.pdf")
    assert response.status_code == 302
    version = ResumeVersion.objects.get()
    assert version.file_kind == "docx"
    assert version.original_filename == "resume.pdf"
    assert version.file.name.endswith(".docx")
