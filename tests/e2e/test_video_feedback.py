"""Video feedback in the browser, on a processed elevator pitch of the demo course: the
instructor adds a caption track that the player shows, seeks with a timeline marker
(mouse and keyboard), comments and replies with the keyboard only, and posts a library
comment with its key."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Page, expect

from .journey import (
    DEMO_TOTP_SECRET,
    WORKER_TIMEOUT,
    accessible,
    demo_login,
    sign_in,
)

pytestmark = pytest.mark.browser

# The first elevator pitch of the demo course the worker has processed since the seed,
# with one staff comment at 1 s so the timeline has a marker.
READY_VIDEO = """
import json
from accounts.models import User
from courses.models import CommentRole, Video, VideoComment, VideoState
videos = Video.objects.filter(course__code="CCL-101").order_by("pk")
video = videos.filter(state=VideoState.DONE).first() or videos.first()
coach = User.objects.get(email="instructor@demo.careercopilot.dev")
if video.is_ready and not video.comments.filter(body="Smile here.").exists():
    VideoComment.objects.create(
        video=video, author=coach, role=CommentRole.STAFF, at_seconds=1.0, body="Smile here."
    )
print(json.dumps({"pk": video.pk, "ready": video.is_ready, "state": video.state,
                  "duration": video.duration_seconds}))
"""

LINKED = """
import json
from courses.models import VideoComment
rows = VideoComment.objects.filter(video_id={pk}, library_comment__isnull=False)
print(json.dumps([c.library_comment.body for c in rows]))
"""


def ready_video(prod_site) -> dict:
    deadline = time.monotonic() + 5 * WORKER_TIMEOUT / 1000  # four demo videos queue first
    while True:
        info = json.loads(prod_site.shell(READY_VIDEO))
        if info["ready"]:
            return info
        assert time.monotonic() < deadline, f"the demo video is still {info['state']}"
        time.sleep(2)


def wait_for_metadata(page: Page) -> None:
    page.wait_for_function("() => document.getElementById('cc-video').readyState >= 1")


def current_time(page: Page) -> float:
    return page.evaluate("() => document.getElementById('cc-video').currentTime")


def test_markers_seek_comments_and_replies_by_keyboard_and_captions_show(
    prod_site, new_page, console_errors
):
    url = prod_site.url
    info = ready_video(prod_site)
    player = f"/courses/videos/{info['pk']}/"
    end = min(info["duration"], 2.0)

    # The instructor adds captions; the player shows them as a track.
    coach = new_page()
    sign_in(coach, url, *demo_login("instructor"), totp_secret=DEMO_TOTP_SECRET, path=player)
    wait_for_metadata(coach)
    vtt = f"WEBVTT\n\n00:00.000 --> 00:0{end:.3f}\nHi, I'm <b>Sam</b> &amp; I analyse data\n"
    coach.set_input_files(
        "#cc-caption-file",
        files=[{"name": "pitch.vtt", "mimeType": "text/vtt", "buffer": vtt.encode()}],
    )
    coach.fill("#cc-caption-language", "en")
    coach.fill("#cc-caption-label", "English")
    coach.get_by_role("button", name="Upload captions").click()
    expect(coach.get_by_text("Captions “English” added (1 cue)")).to_be_visible()
    track = coach.locator("video#cc-video track[kind=captions]")
    expect(track).to_have_attribute("srclang", "en")
    coach.wait_for_function(
        "() => { const t = document.querySelector('#cc-video track').track;"
        " t.mode = 'showing'; return t.cues && t.cues.length === 1; }"
    )
    cue = coach.evaluate(
        "() => { const c = document.querySelector('#cc-video track').track.cues[0];"
        " return [c.text, c.getCueAsHTML().textContent]; }"
    )
    assert cue == ["Hi, I'm Sam &amp; I analyse data", "Hi, I'm Sam & I analyse data"]  # no tag
    wait_for_metadata(coach)

    # A marker per comment on the timeline; clicking one seeks there.
    marker = coach.get_by_role("button", name="Comment at 0:01 by Marcus Lee")
    expect(marker).to_have_count(1)
    assert current_time(coach) == 0
    marker.click()
    coach.wait_for_function(
        "() => Math.abs(document.getElementById('cc-video').currentTime - 1) < 0.05"
    )
    # ... and with the keyboard: back to 0, then Enter on the focused marker.
    coach.evaluate("() => { document.getElementById('cc-video').currentTime = 0; }")
    coach.wait_for_function("() => document.getElementById('cc-video').currentTime === 0")
    marker.focus()
    coach.keyboard.press("Enter")
    coach.wait_for_function(
        "() => Math.abs(document.getElementById('cc-video').currentTime - 1) < 0.05"
    )

    # A comment with the keyboard only: type in the box, Tab to the button, Enter.
    coach.locator("#cc-comment-body").focus()
    coach.keyboard.type("Pause before your name.")
    coach.keyboard.press("Tab")
    coach.keyboard.press("Enter")
    comments = coach.locator("#video-comments")
    expect(comments).to_contain_text("Pause before your name.")
    # Pinned where the marker took the video, though the box had the focus when it got there.
    expect(coach.get_by_role("button", name="Comment at 0:01 by Marcus Lee")).to_have_count(2)

    # A reply the same way: Enter opens "Reply", Tab into the box, type, Tab, Enter.
    thread = comments.locator("li.cc-thread", has_text="Pause before your name.")
    thread.locator("summary", has_text="Reply").focus()
    coach.keyboard.press("Enter")
    coach.keyboard.press("Tab")
    coach.keyboard.type("And breathe.")
    coach.keyboard.press("Tab")
    coach.keyboard.press("Enter")
    replies = coach.locator("li.cc-thread", has_text="Pause before your name.").locator(
        ".cc-replies"
    )
    expect(replies).to_contain_text("And breathe.")
    accessible(coach, "video player (instructor)")

    # The comment library: key 1 posts its first comment at the current moment, linked.
    first = coach.locator("button[data-library-key='1']")
    body = first.get_attribute("data-library-body")
    coach.get_by_role("button", name="Comment at 0:01 by Marcus Lee").first.focus()
    coach.keyboard.press("1")
    expect(comments.locator("li.cc-thread", has_text=body)).to_contain_text("0:01")
    linked = prod_site.shell(LINKED.format(pk=info["pk"]))
    assert json.loads(linked) == [body]

    # After a reload: the reply under its comment, the markers placed along the bar.
    coach.reload()
    expect(coach.locator("li.cc-thread", has_text="Pause before your name.")).to_contain_text(
        "And breathe."
    )
    left = coach.evaluate(
        "() => document.querySelector('#cc-markers .cc-marker[aria-label*=\"0:01\"]').style.left"
    )
    assert left.endswith("%") and float(left[:-1]) > 0
    assert console_errors == []
