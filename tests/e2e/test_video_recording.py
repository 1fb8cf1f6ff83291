"""Recording a video answer in the browser, on the production-like site, with Chromium's
fake camera, microphone and screen: a student shares the screen and discards that take,
records with the camera (by keyboard, on a phone-sized screen), watches the take, records
again until the length limit stops it, uploads the recording through the same direct S3
upload as a chosen file, and hands it in; the worker transcodes the WebM the browser made.
Without permission, or without a camera, the page says so."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect

from .conftest import CHROMIUM, CHROMIUM_ARGS, listen_for_errors
from .journey import WORKER_TIMEOUT, accessible, active_element, sign_in, tab_until
from .test_layouts import PHONE, SMALL_TARGETS, TOUCH_TARGET, WIDER_THAN_THE_SCREEN

pytestmark = pytest.mark.browser

PASSWORD = "Correct-Horse-Battery-42"
VIDEO_ASSIGNMENT = "60-second elevator pitch"
FAKE_DEVICES = "--use-fake-device-for-media-stream"
FAKE_PROMPTS = "--use-fake-ui-for-media-stream"  # accepts camera, microphone and screen

NEW_STUDENT = """
import json
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_email_mark_verified, user_set_roles
from courses.models import Assignment, Section
from courses.services import enrollment_join_by_code
user = User.objects.create_user(email={email!r}, password={password!r}, name="Rae Recorder")
user_email_mark_verified(user=user)
user_set_roles(user=user, roles=[Role.STUDENT])
section = Section.objects.get(course__code="CCL-101", name="Morning cohort")
enrollment_join_by_code(user=user, code=section.join_code)
assignment = Assignment.objects.get(course=section.course, title={title!r})
print(json.dumps({{"path": assignment.get_absolute_url()}}))
"""

RECORDED = """
import json
from courses.models import Video
videos = Video.objects.filter(owner__email={email!r})
video = videos.get(submission_file__isnull=False)
file = video.submission_file
storage = video.source.storage
print(json.dumps({{
    "videos": videos.count(),
    "state": video.state,
    "error": video.error,
    "content_type": video.content_type,
    "duration": video.duration_seconds,
    "size": [video.width, video.height],
    "renditions": {{r.name: storage.exists(r.file.name) for r in video.renditions.all()}},
    "thumbnail": bool(video.thumbnail) and storage.exists(video.thumbnail.name),
    "source_kept": storage.exists(video.source.name),
    "detected": file.detected,
    "file_state": file.state,
    "filename": file.original_filename,
    "submitted_attempts": list(file.versions.values_list("number", flat=True)),
}}))
"""


@pytest.fixture
def launch(playwright):
    """Chromium with the given extra flags, closed after the test."""
    browsers = []

    def open_browser(*flags: str):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *flags]
        )
        browsers.append(browser)
        return browser

    yield open_browser
    for browser in browsers:
        browser.close()


def new_student(prod_site) -> tuple[str, str]:
    email = f"rae.{time.time_ns()}@example.com"
    out = prod_site.shell(
        NEW_STUDENT.format(email=email, password=PASSWORD, title=VIDEO_ASSIGNMENT)
    )
    return email, json.loads(out)["path"]


def open_assignment(
    browser, prod_site, errors: list[str], *, viewport=None, **context
) -> tuple[Page, str]:
    """A new student signed in on the video assignment; the page and their email."""
    email, path = new_student(prod_site)
    context = browser.new_context(viewport=viewport or {"width": 1366, "height": 900}, **context)
    page = context.new_page()
    listen_for_errors(page, errors)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, prod_site.url, email, PASSWORD, path=path)
    page.reload()  # without the "signed in" toast, which slides in from the side
    return page, email


def fits_a_phone(page: Page, what: str) -> None:
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == [], what
    assert page.evaluate(SMALL_TARGETS, TOUCH_TARGET) == [], what


def test_student_records_retakes_uploads_and_hands_in_a_video(prod_site, launch):
    """Guards recording in the browser end to end: preview, re-take, the length limit, the
    shared upload path (a failed upload keeps the take), and processing of a real
    MediaRecorder WebM."""
    errors: list[str] = []
    browser = launch(FAKE_DEVICES, FAKE_PROMPTS)
    page, email = open_assignment(browser, prod_site, errors, viewport=PHONE)
    recorder = page.locator("[data-video-recorder]")
    status = recorder.locator(".cc-recorder-status")
    elapsed = recorder.locator(".cc-recorder-elapsed")
    live = recorder.locator("video.cc-recorder-live")
    take = recorder.locator("video.cc-recorder-take")
    expect(recorder).to_be_visible()
    expect(recorder).to_contain_text("Up to 15 minutes")
    accessible(page, "recorder, idle")
    fits_a_phone(page, "recorder, idle")

    # 1. The screen (headless, the window itself): recorded, watched, discarded.
    screen = recorder.get_by_role("button", name="Record screen")
    expect(screen).to_be_visible()
    screen.click()
    expect(status).to_contain_text("Recording")
    shared = wait_for_metadata(page, "video.cc-recorder-live")
    assert (shared["width"], shared["height"]) != (640, 480)  # not the fake camera
    expect(elapsed).to_have_text(re.compile(r"^0:0[1-9]$"), timeout=10_000)
    recorder.get_by_role("button", name="Stop recording").click()
    expect(take).to_be_visible()
    watched = wait_for_metadata(page, "video.cc-recorder-take")
    assert (watched["width"], watched["height"]) == (shared["width"], shared["height"])
    recorder.get_by_role("button", name="Discard").click()
    expect(status).to_have_text("Recording discarded.")
    expect(take).to_be_hidden()
    assert active_element(page)["text"] == "Record with camera"

    # 2. The camera, by keyboard: the live preview and the timer run; Stop has the focus.
    page.goto(page.url)
    focused = tab_until(page, lambda el: el["text"] == "Record with camera", limit=120)
    assert focused["tag"] == "button"
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Recording. Press Stop recording when you are done")
    expect(live).to_be_visible()
    expect(recorder.locator(".cc-recorder-clock")).to_contain_text("of 15:00")
    assert wait_for_metadata(page, "video.cc-recorder-live")["width"] > 0  # the camera shows
    fits_a_phone(page, "recorder, recording")
    expect(elapsed).to_have_text(re.compile(r"^0:0[3-9]$"), timeout=15_000)  # about 3 s
    assert active_element(page)["text"] == "Stop recording"
    page.keyboard.press("Enter")
    expect(status).to_contain_text(
        re.compile(r"Recording stopped at 0:0[3-9]\. Watch it, then upload it")
    )
    expect(live).to_be_hidden()
    expect(take).to_be_visible()
    first = wait_for_metadata(page, "video.cc-recorder-take")
    assert first["src"].startswith("blob:") and first["width"] == 640
    assert active_element(page)["text"] == "Upload recording"
    accessible(page, "recorder, review")
    fits_a_phone(page, "recorder, review")

    # 3. Record again, until the length limit stops it (the limit made 4 s for the test).
    page.evaluate("document.querySelector('[data-video-recorder]').dataset.maxSeconds = '4'")
    recorder.get_by_role("button", name="Record again").click()
    expect(status).to_contain_text("it stops by itself at 0:04")
    expect(status).to_contain_text("Recording stopped at the 0:04 limit.", timeout=15_000)
    second = wait_for_metadata(page, "video.cc-recorder-take")
    assert second["src"] != first["src"]  # the new take replaced the first

    # 4. The connection drops during the upload: said so, and the take is kept.
    to_bucket = lambda url: prod_site.bucket in url  # noqa: E731
    page.route(to_bucket, lambda route: route.abort())
    upload = recorder.get_by_role("button", name="Upload recording")
    upload.click()
    expect(page.locator(".cc-upload-message")).to_have_text(
        "The upload failed. Check your connection and try again."
    )
    expect(take).to_be_visible()
    expect(upload).to_be_enabled()
    page.unroute(to_bucket)
    errors.remove("Failed to load resource: net::ERR_FAILED")  # the dropped request

    # 5. Upload it again: the direct upload, then the worker transcodes it.
    upload.click()
    work = page.locator("#work")
    expect(work.get_by_role("link", name=re.compile(r"^recording-.+\.webm$"))).to_be_visible(
        timeout=30_000
    )
    expect(work.get_by_role("link", name="Watch")).to_be_visible(timeout=WORKER_TIMEOUT)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Attempt 1 submitted")).to_be_visible()
    assert errors == []

    recorded = json.loads(prod_site.shell(RECORDED.format(email=email)))
    assert recorded["state"] == "done", recorded["error"]
    assert recorded["videos"] == 1  # the upload that failed was dropped
    assert recorded["content_type"] == "video/webm" and recorded["detected"] == "webm"
    assert 1 < recorded["duration"] < 4  # measured from the packets; under the limit
    assert recorded["size"] == [640, 480]
    assert recorded["renditions"] == {"480p": True}
    assert recorded["thumbnail"] and recorded["source_kept"]
    assert recorded["file_state"] == "done"
    assert recorded["filename"].startswith("recording-") and recorded["filename"].endswith(".webm")
    assert recorded["submitted_attempts"] == [1]


def test_blocked_camera_and_no_camera_are_explained(prod_site, launch):
    """Guards the messages when the camera is refused, or when there is none."""
    errors: list[str] = []
    refused, _ = open_assignment(launch(FAKE_DEVICES), prod_site, errors)  # no permission given
    refused.get_by_role("button", name="Record with camera").click()
    status = refused.locator(".cc-recorder-status")
    expect(status).to_contain_text("The camera and microphone are blocked for this site.")
    expect(refused.get_by_role("button", name="Record with camera")).to_be_focused()
    expect(refused.locator(".cc-recorder-stage")).to_be_hidden()

    no_camera, _ = open_assignment(
        launch(), prod_site, errors, permissions=["camera", "microphone"]
    )  # no fake devices: this machine has no camera
    no_camera.get_by_role("button", name="Record with camera").click()
    expect(no_camera.locator(".cc-recorder-status")).to_contain_text(
        "No camera was found on this device."
    )
    assert errors == []


def wait_for_metadata(page: Page, selector: str, timeout: float = 15.0) -> dict:
    """The video's size and source once it has loaded (polled here: the CSP has no eval)."""
    deadline = time.monotonic() + timeout
    while True:
        info = page.evaluate(
            """(selector) => {
                const v = document.querySelector(selector);
                return {
                    ready: v.readyState, width: v.videoWidth, height: v.videoHeight,
                    src: v.currentSrc,
                };
            }""",
            selector,
        )
        if info["ready"] >= 1 and info["width"]:
            return info
        assert time.monotonic() < deadline, f"{selector} never loaded: {info}"
        page.wait_for_timeout(100)
