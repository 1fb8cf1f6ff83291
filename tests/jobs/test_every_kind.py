"""No job type hangs: for each kind, a row whose message was lost (still queued) or whose
worker died (running past its lease) is sent again by the one sweeper and finishes.

Tasks run eagerly here, so the sweep's message runs at once; the versions with a real
worker killed mid-task and Redis stopped are in tests/faults/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careercopilot.jobs.models import JobState
from careercopilot.jobs.sweeper import jobs_requeue_stalled

pytestmark = pytest.mark.django_db


def lose(row, *, running: bool) -> None:
    """The row as a lost message (queued 10 minutes ago) or a dead worker left it (running
    for two hours: past any lease)."""
    long_ago = timezone.now() - dt.timedelta(hours=2)
    type(row).objects.filter(pk=row.pk).update(
        state=JobState.RUNNING if running else JobState.PENDING,
        created_at=long_ago,
        started_at=long_ago if running else None,
        attempts=1 if running else 0,
    )


def swept(row) -> object:
    assert jobs_requeue_stalled() >= 1
    row.refresh_from_db()
    return row


@pytest.mark.parametrize("running", [False, True], ids=["message-lost", "worker-died"])
def test_a_tracker_export_finishes_after_the_sweep(alice, running):
    from tracker.models import ExportJob
    from tracker.tests.factories import make_application

    make_application(alice)
    export = ExportJob.objects.create(user=alice)
    lose(export, running=running)

    export = swept(export)

    assert export.state == JobState.DONE and export.row_count == 1 and export.file


# --- Courses ----------------------------------------------------------------------------------
@pytest.fixture
def course_world():
    from courses.tests.factories import make_assignment, make_course, make_rubric, make_student

    course = make_course()
    student = make_student(course)
    assignment = make_assignment(
        course, rubric=make_rubric(course), allow_file=True, allow_video=True
    )
    return {"course": course, "student": student, "assignment": assignment}


def queued_silently(django_capture_on_commit_callbacks):
    """The request's message is lost (never sent): only the row remains."""
    return django_capture_on_commit_callbacks(execute=False)


@pytest.mark.parametrize("running", [False, True], ids=["message-lost", "worker-died"])
def test_a_tutor_reply_finishes_after_the_sweep(
    course_world, running, django_capture_on_commit_callbacks
):
    from courses.services import tutor

    with queued_silently(django_capture_on_commit_callbacks):
        _thread, reply = tutor.tutor_thread_start(
            student=course_world["student"],
            course_id=course_world["course"].pk,
            assignment=course_world["assignment"],
            text="Where do I start?",
        )
    lose(reply, running=running)

    reply = swept(reply)

    assert reply.state == JobState.DONE and reply.text


@pytest.mark.parametrize("running", [False, True], ids=["message-lost", "worker-died"])
def test_an_essay_suggestion_finishes_after_the_sweep(
    course_world, running, django_capture_on_commit_callbacks
):
    from courses import services
    from courses.models import EssaySuggestion

    assignment, student = course_world["assignment"], course_world["student"]
    services.submission_save_draft(
        assignment=assignment, student=student, text="Communication turns knowledge into results."
    )
    with queued_silently(django_capture_on_commit_callbacks):
        version = services.submission_submit(assignment=assignment, student=student)
    suggestion = EssaySuggestion.objects.get(version=version)
    lose(suggestion, running=running)

    suggestion = swept(suggestion)

    assert suggestion.state == JobState.DONE and suggestion.engine


@pytest.mark.parametrize("running", [False, True], ids=["message-lost", "worker-died"])
def test_a_file_preview_finishes_after_the_sweep(
    course_world, running, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses import services
    from courses.models import FileKind

    with queued_silently(django_capture_on_commit_callbacks):
        file = services.submission_file_add(
            assignment=course_world["assignment"],
            student=course_world["student"],
            upload=SimpleUploadedFile("notes.txt", b"My notes on the brief.\n"),
            filename="notes.txt",
            kind=FileKind.DOCUMENT,
        )
    lose(file, running=running)

    file = swept(file)

    assert file.state == JobState.DONE and file.preview_text.startswith("My notes")


@pytest.mark.parametrize("running", [False, True], ids=["message-lost", "worker-died"])
def test_a_video_finishes_after_the_sweep(
    course_world, running, django_capture_on_commit_callbacks, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses import services
    from courses.models import FileKind, Video
    from courses.tests.clips import make_clip

    clip = make_clip(tmp_path / "talk.mp4", size="640x480", duration=1).read_bytes()
    with queued_silently(django_capture_on_commit_callbacks):
        file = services.submission_file_add(
            assignment=course_world["assignment"],
            student=course_world["student"],
            upload=SimpleUploadedFile("talk.mp4", clip, content_type="video/mp4"),
            filename="talk.mp4",
            kind=FileKind.VIDEO,
        )
    video = Video.objects.get(submission_file=file)
    lose(video, running=running)

    with django_capture_on_commit_callbacks(execute=True):
        video = swept(video)

    assert video.state == JobState.DONE and video.renditions.exists()
    file.refresh_from_db()
    assert file.state == JobState.DONE
