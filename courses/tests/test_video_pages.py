"""The video page says what the video is and leads back to it (the assignment, the
grading screen or the feed post); the feed plays a ready video in place; a video being
processed shows its stages from its job row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import CoursePost, Video, VideoRendition, VideoState

from .conftest import staff_client
from .factories import make_assignment

pytestmark = pytest.mark.django_db


def a_video(course, owner, **fields) -> Video:
    return Video.objects.create(owner=owner, course=course, **fields)


def test_the_video_page_is_titled_by_its_assignment_and_leads_back_to_it(
    course, student, student_client, instructor
):
    """Guards the page titled "Video" with no way back."""
    assignment = make_assignment(course, title="Elevator pitch", allow_video=True)
    video = a_video(course, student, assignment=assignment, state=VideoState.PENDING)
    page = student_client.get(reverse("courses:video", args=[video.pk])).content.decode()
    assert "<h1>Elevator pitch: video by" in page
    assert reverse("courses:assignment", args=[course.pk, assignment.pk]) in page
    grading = reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk])
    staff_page = staff_client(instructor).get(reverse("courses:video", args=[video.pk]))
    assert grading in staff_page.content.decode()


def test_a_feed_video_leads_back_to_its_post_and_plays_in_the_feed(course, student, student_client):
    """Guards the feed without an inline player."""
    video = a_video(course, student, state=VideoState.DONE, duration_seconds=3)
    VideoRendition.objects.create(
        video=video,
        name="480p",
        file="courses/videos/x/480p.mp4",
        width=854,
        height=480,
        size_bytes=1000,
    )
    post = CoursePost.objects.create(course=course, author=student, body="My pitch", video=video)
    page = student_client.get(reverse("courses:video", args=[video.pk])).content.decode()
    assert "<h1>Video post by" in page
    assert reverse("courses:feed", args=[course.pk]) + f"#post-{post.pk}" in page
    feed = student_client.get(reverse("courses:feed", args=[course.pk])).content.decode()
    assert "<video controls" in feed
    assert reverse("courses:video_stream", args=[video.pk, "480p"]) in feed


@pytest.mark.parametrize(
    ("fields", "current"),
    [
        ({"state": VideoState.PENDING}, "Uploaded"),
        ({"state": VideoState.RUNNING}, "Checking the video"),
        (
            {"state": VideoState.RUNNING, "duration_seconds": 3, "height": 720, "progress": 30},
            "Making the 720p version",
        ),
        (
            {"state": VideoState.RUNNING, "duration_seconds": 3, "height": 720, "progress": 60},
            "Making the 480p version",
        ),
        (
            {"state": VideoState.RUNNING, "duration_seconds": 3, "height": 720, "progress": 90},
            "Making the thumbnail",
        ),
    ],
)
def test_processing_shows_the_current_stage_from_the_job_row(
    course, student, student_client, fields, current
):
    """Guards the bare "Processing" shown for every stage."""
    video = a_video(course, student, **fields)
    page = student_client.get(reverse("courses:video_status", args=[video.pk])).content.decode()
    marked = page.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert current in marked
    assert f'value="{video.progress}"' in page


def test_the_assignment_page_follows_a_video_being_processed_until_it_is_ready(
    course, student, student_client, clips_dir, django_capture_on_commit_callbacks
):
    """Guards the cause of "Processing" shown for minutes: the assignment page (and the
    grading screen and the feed) showed the state once and never asked again, so a video
    ready in seconds looked stuck until the page was reloaded."""
    from courses import services
    from courses.models import FileKind

    from .factories import upload

    assignment = make_assignment(course, allow_video=True)
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not run yet
        file = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("pitch.mp4", (clips_dir / "vga.mp4").read_bytes(), "video/mp4"),
            filename="pitch.mp4",
            kind=FileKind.VIDEO,
        )
    video = file.video
    url = reverse("courses:assignment", args=[course.pk, assignment.pk])
    page = student_client.get(url).content.decode()
    state_url = reverse("courses:video_state", args=[video.pk])
    assert f'hx-get="{state_url}" hx-trigger="every 2s"' in page
    polled = student_client.get(state_url).content.decode()
    assert "Uploaded · 0 %" in polled and "hx-get" in polled
    Video.objects.filter(pk=video.pk).update(state=VideoState.DONE, progress=100)
    ready = student_client.get(state_url).content.decode()
    assert "Ready" in ready and "hx-get" not in ready  # polling stops
