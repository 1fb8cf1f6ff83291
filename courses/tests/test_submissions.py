"""Drafts, attempts, lateness, the cut-off and uploads checked by content (E3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import services
from courses.models import (
    FileKind,
    ProcessingState,
    SubmissionFile,
    SubmissionState,
    SubmissionVersion,
)

from .factories import (
    docx_bytes,
    hand_in,
    make_assignment,
    make_student,
    mp4_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def test_draft_then_submit_keeps_every_attempt(assignment, student):
    services.submission_save_draft(assignment=assignment, student=student, text="First try")
    submission = assignment.submissions.get(student=student)
    assert submission.state == SubmissionState.DRAFT and submission.attempt == 0

    first = services.submission_submit(assignment=assignment, student=student)
    services.submission_save_draft(assignment=assignment, student=student, text="Second try")
    second = services.submission_submit(assignment=assignment, student=student)

    assert [v.text for v in SubmissionVersion.objects.order_by("number")] == [
        "First try",
        "Second try",
    ]
    assert (first.number, second.number) == (1, 2)
    submission.refresh_from_db()
    assert submission.attempt == 2 and submission.state == SubmissionState.SUBMITTED
    assert submission.draft_text == "Second try"  # the draft stays editable


def test_lateness_comes_from_the_submit_time(course, student):
    due = timezone.now() - dt.timedelta(hours=30)
    assignment = make_assignment(course, due_at=due)
    version = hand_in(assignment, student, now=due + dt.timedelta(hours=25))
    assert version.is_late and version.days_late == 2
    on_time = hand_in(assignment, student, now=due - dt.timedelta(minutes=1))
    assert not on_time.is_late
    submission = assignment.submissions.get(student=student)
    assert submission.is_late is False and submission.days_late == 0  # the latest attempt counts


def test_after_the_cutoff_submitting_is_refused_and_the_draft_is_kept(course, student):
    assignment = make_assignment(
        course, due_in=-dt.timedelta(days=2), cutoff_after=dt.timedelta(days=1)
    )
    services.submission_save_draft(assignment=assignment, student=student, text="Too late?")
    with pytest.raises(services.SubmissionRefused) as excinfo:
        services.submission_submit(assignment=assignment, student=student)
    assert "can no longer be submitted" in excinfo.value.messages[0]
    assert "draft is saved" in excinfo.value.messages[0]
    submission = assignment.submissions.get(student=student)
    assert submission.draft_text == "Too late?" and submission.attempt == 0
    assert not SubmissionVersion.objects.exists()


def test_resubmission_is_allowed_until_the_cutoff_only(course, student):
    due = timezone.now() + dt.timedelta(hours=1)
    assignment = make_assignment(course, due_at=due, cutoff_after=dt.timedelta(days=1))
    hand_in(assignment, student, now=due - dt.timedelta(minutes=5))
    hand_in(assignment, student, now=due + dt.timedelta(hours=23))
    with pytest.raises(services.SubmissionRefused):
        hand_in(assignment, student, now=due + dt.timedelta(days=1, seconds=1))
    assert SubmissionVersion.objects.count() == 2


def test_max_attempts_and_empty_submissions_are_refused(course, student):
    assignment = make_assignment(course, max_attempts=1)
    with pytest.raises(services.SubmissionRefused, match="nothing to submit"):
        services.submission_submit(assignment=assignment, student=student)
    hand_in(assignment, student)
    with pytest.raises(services.SubmissionRefused, match="all 1 attempt"):
        hand_in(assignment, student, "again")


def test_only_enrolled_students_hand_in_published_work(course, student, instructor, alice):
    draft = make_assignment(course, published=False)
    with pytest.raises(ValidationError, match="not open"):
        services.submission_save_draft(assignment=draft, student=student, text="x")
    published = make_assignment(course)
    for outsider in (alice, instructor):
        with pytest.raises(ValidationError, match="Only students"):
            services.submission_save_draft(assignment=published, student=outsider, text="x")


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("essay.pdf", pdf_bytes(), "pdf"),
        ("notes.txt", "Plain notes – with UTF-8 ✓".encode(), "txt"),
        ("chart.png", png_bytes(), "png"),
        ("essay.docx", docx_bytes(), "docx"),
        ("misnamed.txt", pdf_bytes(1), "pdf"),  # the content decides, not the name
    ],
)
def test_documents_are_recognised_by_their_content(course, student, name, data, kind):
    assignment = make_assignment(course, allow_file=True)
    file = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload(name, data),
        filename=name,
        kind=FileKind.DOCUMENT,
    )
    assert file.detected == kind and file.in_draft and file.size_bytes == len(data)
    assert file.original_filename == name


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not a PDF"),
        ("empty.pdf", b"", "empty"),
        ("broken.pdf", b"%PDF-1.7 garbage", "damaged"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 100, "damaged"),
        ("clip.pdf", mp4_bytes(), "video"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(course, student, name, data, message):
    assignment = make_assignment(course, allow_file=True)
    with pytest.raises(ValidationError) as excinfo:
        services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload(name, data),
            filename=name,
            kind=FileKind.DOCUMENT,
        )
    assert message.lower() in " ".join(excinfo.value.messages).lower()
    assert not SubmissionFile.objects.exists()


def test_file_size_limit(course, student, settings):
    settings.COURSES_FILE_MAX_BYTES = 1000
    assignment = make_assignment(course, allow_file=True)
    with pytest.raises(ValidationError, match="the limit is"):
        services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("big.txt", b"a" * 1001),
            filename="big.txt",
            kind=FileKind.DOCUMENT,
        )


def test_a_video_is_stored_and_awaits_processing(course, student):
    assignment = make_assignment(course, allow_text=False, allow_video=True)
    first = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("pitch.mp4", mp4_bytes()),
        filename="pitch.mp4",
        kind=FileKind.VIDEO,
    )
    assert first.state == ProcessingState.PENDING
    assert first.get_state_display() == "Awaiting processing"
    assert first.content_type == "video/mp4"
    second = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("take2.mov", mp4_bytes()),
        filename="take2.mov",
        kind=FileKind.VIDEO,
    )
    assert list(SubmissionFile.objects.values_list("pk", flat=True)) == [second.pk]
    version = services.submission_submit(assignment=assignment, student=student)
    assert list(version.files.all()) == [second]
    with pytest.raises(ValidationError, match="not an MP4"):
        services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("x.mp4", pdf_bytes(1)),
            filename="x.mp4",
            kind=FileKind.VIDEO,
        )


def test_kinds_the_assignment_does_not_take_are_refused(course, student):
    assignment = make_assignment(course, allow_text=True, allow_file=False)
    with pytest.raises(ValidationError, match="does not take file"):
        services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("a.txt", b"hi"),
            filename="a.txt",
            kind=FileKind.DOCUMENT,
        )


def test_files_of_a_submitted_attempt_stay_with_it(course, student):
    assignment = make_assignment(course, allow_file=True)
    file = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("a.txt", b"hello"),
        filename="a.txt",
        kind=FileKind.DOCUMENT,
    )
    version = services.submission_submit(assignment=assignment, student=student)
    services.submission_file_remove(file=file)  # out of the draft, kept by attempt 1
    file.refresh_from_db()
    assert not file.in_draft and list(version.files.all()) == [file]
    assert file.file.storage.exists(file.file.name)
    with pytest.raises(ValidationError):
        services.submission_file_remove(file=file)


def test_a_draft_only_file_is_deleted_with_its_stored_copy(
    course, student, django_capture_on_commit_callbacks
):
    assignment = make_assignment(course, allow_file=True)
    file = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("a.txt", b"hello"),
        filename="a.txt",
        kind=FileKind.DOCUMENT,
    )
    name, storage = file.file.name, file.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_file_remove(file=file)
    assert not SubmissionFile.objects.exists()
    assert not storage.exists(name)


def test_previews_are_built_for_pdf_and_word_files(
    course, student, django_capture_on_commit_callbacks
):
    assignment = make_assignment(course, allow_file=True)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("a.pdf", pdf_bytes(3)),
            filename="a.pdf",
            kind=FileKind.DOCUMENT,
        )
        word = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("b.docx", docx_bytes("Hi there")),
            filename="b.docx",
            kind=FileKind.DOCUMENT,
        )
    pdf.refresh_from_db()
    word.refresh_from_db()
    assert pdf.state == ProcessingState.DONE and pdf.preview_pages == 3
    assert pdf.file.storage.exists(pdf.preview_page_name(3))
    assert word.state == ProcessingState.DONE and word.preview_text == "Hi there"
    services.file_preview_build_run(file_id=pdf.pk)  # idempotent: a ready file is left alone


def test_a_preview_failure_is_recorded(course, student):
    assignment = make_assignment(course, allow_file=True)
    file = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("a.pdf", pdf_bytes(1)),
        filename="a.pdf",
        kind=FileKind.DOCUMENT,
    )
    file.file.storage.delete(file.file.name)  # the stored file vanished
    services.file_preview_build_run(file_id=file.pk)
    file.refresh_from_db()
    assert file.state == ProcessingState.FAILED
    assert "looks damaged or incomplete" in file.error


def test_other_students_work_is_separate(course, assignment, student):
    other = make_student(course)
    hand_in(assignment, student, "mine")
    hand_in(assignment, other, "theirs")
    assert assignment.submissions.count() == 2
    assert assignment.submissions.get(student=other).versions.get().text == "theirs"


def test_a_download_is_named_after_the_kind_found_in_its_content(course, student):
    from django.urls import reverse

    from courses.downloads import filename_for_kind

    from .conftest import staff_client

    assignment = make_assignment(course, allow_file=True)
    file = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("comment.html", b"My notes on the <b>posting</b>, in plain words.\n"),
        filename="comment.html",
        kind=FileKind.DOCUMENT,
    )
    assert file.detected == "txt"

    client = staff_client(student)
    response = client.get(reverse("courses:file_download", args=[file.pk]))
    assert response.status_code in (200, 302)
    disposition = response.get("Content-Disposition") or response.url
    assert "comment.txt" in disposition and "comment.html" not in disposition
    assert filename_for_kind("photo.JPEG", "jpg") == "photo.JPEG"
    assert filename_for_kind("report", "pdf") == "report.pdf"
    assert filename_for_kind("essay.pdf.exe", "pdf") == "essay.pdf.pdf"
