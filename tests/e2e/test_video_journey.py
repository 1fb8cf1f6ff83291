"""Video journey (E4): the student uploads a video answer with a progress bar, sees it
become ready and plays it; the instructor comments at a moment; the student sees the
comment at that moment."""

import subprocess
import time

import pytest
from playwright.sync_api import Browser, expect

from courses.tests.factories import make_assignment, make_course, make_instructor, make_student

from .test_courses_journey import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for_video_metadata(page, timeout: float = 15.0) -> None:
    """Polls from the test side: wait_for_function compiles its predicate in the page,
    which the strict CSP (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + timeout
    while page.evaluate("() => document.getElementById('cc-video').readyState") < 1:
        assert time.monotonic() < deadline, "the video's metadata never loaded"
        page.wait_for_timeout(100)


def test_video_upload_play_and_time_stamped_comment(live_server, browser: Browser, tmp_path):
    clip = tmp_path / "pitch.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
         "-i", "testsrc=size=640x480:duration=2:rate=10", "-f", "lavfi",
         "-i", "sine=duration=2", "-c:v", "libx264", "-preset", "ultrafast",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(clip)],
        check=True, timeout=60,
    )  # fmt: skip
    errors: list[str] = []
    instructor = make_instructor(email="coach@example.com", name="Casey Coach")
    course = make_course(instructor, title="Pitch lab", code="PIT-1")
    student = make_student(course, email="sam@example.com", name="Sam Student")
    assignment = make_assignment(course, title="Elevator pitch", allow_text=False, allow_video=True)

    page = signed_in_page(browser, live_server, student, errors)
    page.goto(f"{live_server.url}{assignment.get_absolute_url()}")
    form = page.locator("form[data-video-upload]")
    expect(form.locator("progress.cc-upload-progress")).to_be_hidden()
    form.locator('input[type="file"]').set_input_files(str(clip))
    form.get_by_role("button", name="Upload video").click()
    watch = page.get_by_role("link", name="Watch")
    expect(watch).to_be_visible(timeout=30_000)
    watch.click()
    video = page.locator("video#cc-video")
    expect(video).to_be_visible(timeout=30_000)
    _wait_for_video_metadata(page)
    expect(page.locator("#cc-quality option")).to_have_count(1)  # 480p source: no upscale
    player_url = page.url

    coach = signed_in_page(browser, live_server, instructor, errors)
    coach.goto(player_url)
    _wait_for_video_metadata(coach)
    coach.evaluate("document.getElementById('cc-video').currentTime = 1.2")
    expect(coach.locator("#cc-at-label")).to_have_text("0:01")
    coach.fill("#cc-comment-body", "Look at the camera here.")
    coach.get_by_role("button", name="Add comment").click()
    expect(coach.locator(".cc-video-comments")).to_contain_text("Look at the camera here.")

    page.goto(player_url)
    _wait_for_video_metadata(page)
    expect(page.locator("#cc-video-now")).to_have_text("")
    page.evaluate("document.getElementById('cc-video').currentTime = 1.5")
    expect(page.locator("#cc-video-now")).to_contain_text("Look at the camera here.")
    assert errors == []
