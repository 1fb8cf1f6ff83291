"""The student, end to end on the production-like site: join the demo course with its
code, submit an essay, upload a video answer straight to S3 (presigned POST) and watch
it once the worker has transcoded it, see the instructor's time-stamped comment, get a
released grade with a notification, and post on the course feed (a post with a link is
held for review, visible only to its author)."""

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect

from courses.tests.clips import make_clip

from .journey import (
    DEMO_TOTP_SECRET,
    WORKER_TIMEOUT,
    accessible,
    demo_login,
    sign_in,
    wait_for_email,
)

pytestmark = pytest.mark.browser

PASSWORD = "Correct-Horse-Battery-42"
COURSE = "Career Launch Bootcamp"
ESSAY_ASSIGNMENT = "Three STAR interview stories"
VIDEO_ASSIGNMENT = "60-second elevator pitch"

NEW_STUDENT = """
import json
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_email_mark_verified, user_set_roles
from courses.models import Section
user = User.objects.create_user(email={email!r}, password={password!r}, name="Noor Haddad")
user_email_mark_verified(user=user)
user_set_roles(user=user, roles=[Role.STUDENT])
section = Section.objects.get(course__code="CCL-101", name="Morning cohort")
print(json.dumps({{"join_code": section.join_code_display}}))
"""

GRADE = """
import json
from accounts.models import User
from courses import services
from courses.models import Assignment
assignment = Assignment.objects.get(course__code="CCL-101", title={title!r})
criteria = {{
    c.pk: services.CriterionInput(level_id=list(c.levels.all())[1].pk)
    for c in assignment.rubric.criteria.prefetch_related("levels")
}}
result = services.submission_grade(
    assignment=assignment,
    student=User.objects.get(email={email!r}),
    grader=User.objects.get(email="instructor@demo.careercopilot.dev"),
    criteria=criteria,
    feedback="Strong stories. Put the number first in the result.",
    release=True,
)
print(json.dumps({{"score": f"{{result.submission.score.normalize():f}}"}}))
"""


def wait_for_video_metadata(page: Page, timeout: float = 15.0) -> None:
    """Polls from the test side (the page CSP refuses wait_for_function's eval)."""
    deadline = time.monotonic() + timeout
    while page.evaluate("() => document.getElementById('cc-video').readyState") < 1:
        assert time.monotonic() < deadline, "the video's metadata never loaded"
        page.wait_for_timeout(100)


def test_student_joins_submits_essay_and_video_gets_a_grade_and_posts(
    prod_site, page: Page, new_page, console_errors, tmp_path
):
    url = prod_site.url
    email = f"noor.{int(time.time())}@example.com"
    setup = json.loads(prod_site.shell(NEW_STUDENT.format(email=email, password=PASSWORD)))
    clip = tmp_path / "pitch.mp4"
    make_clip(clip, duration=2)
    page.on("dialog", lambda dialog: dialog.accept())  # "Submit this work now?"

    # 1. Join the course with the code the instructor shared (typed in lower case).
    sign_in(page, url, email, PASSWORD, path="/courses/")
    accessible(page, "courses")
    page.get_by_label("Course code").fill(setup["join_code"].lower())
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name=COURSE)).to_be_visible()
    expect(page.get_by_text(f"Welcome to {COURSE}!")).to_be_visible()
    accessible(page, "course")
    course_url = page.url

    # 2. An essay: draft, then submit.
    page.get_by_role("link", name=ESSAY_ASSIGNMENT).click()
    expect(page.get_by_text("Not started")).to_be_visible()
    accessible(page, "essay assignment")
    page.get_by_label("Your essay").fill(
        "Situation: our quarterly report was always late. Task: fix it. Action: I automated "
        "the data pulls. Result: the report went out two days earlier, every quarter."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Attempt 1 submitted")).to_be_visible()
    essay_url = page.url

    # 3. A video answer: straight to the bucket, then transcoded by the worker.
    page.goto(course_url)
    page.get_by_role("link", name=VIDEO_ASSIGNMENT).click()
    form = page.locator("form[data-video-upload]")
    expect(form.locator("progress.cc-upload-progress")).to_be_hidden()
    form.locator('input[type="file"]').set_input_files(str(clip))
    form.get_by_role("button", name="Upload video").click()
    watch = page.locator("#work").get_by_role("link", name="Watch")
    expect(watch).to_be_visible(timeout=WORKER_TIMEOUT)
    accessible(page, "video assignment")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Attempt 1 submitted")).to_be_visible()
    page.locator("#work").get_by_role("link", name="Watch").click()
    expect(page.locator("video#cc-video")).to_be_visible(timeout=WORKER_TIMEOUT)
    wait_for_video_metadata(page)
    accessible(page, "video player")
    player_url = page.url

    # 4. The instructor comments at 0:01; the student sees it at that moment.
    coach = new_page()
    sign_in(coach, url, *demo_login("instructor"), totp_secret=DEMO_TOTP_SECRET, path="/courses/")
    coach.goto(player_url)
    wait_for_video_metadata(coach)
    coach.evaluate("document.getElementById('cc-video').currentTime = 1.2")
    expect(coach.locator("#cc-at-label")).to_have_text("0:01")
    coach.fill("#cc-comment-body", "Look at the camera here.")
    coach.get_by_role("button", name="Add comment").click()
    expect(coach.locator(".cc-video-comments")).to_contain_text("Look at the camera here.")
    page.reload()
    wait_for_video_metadata(page)
    expect(page.locator("#cc-video-now")).to_have_text("")
    page.evaluate("document.getElementById('cc-video').currentTime = 1.5")
    expect(page.locator("#cc-video-now")).to_contain_text("Look at the camera here.")

    # 5. The essay is graded and released; the student sees the grade and is notified.
    graded = json.loads(prod_site.shell(GRADE.format(title=ESSAY_ASSIGNMENT, email=email)))
    page.goto(essay_url)
    expect(page.get_by_role("heading", name="Your grade")).to_be_visible()
    expect(page.locator(".cc-grade .stat")).to_contain_text(graded["score"])
    expect(page.get_by_text("Put the number first in the result.")).to_be_visible()
    accessible(page, "graded essay")
    page.goto(f"{url}/me/notifications/")
    expect(page.get_by_text(f"Grade released: {ESSAY_ASSIGNMENT}")).to_be_visible()
    wait_for_email(prod_site, to=email, subject=f"Grade released: {ESSAY_ASSIGNMENT}")  # worker

    # 6. The course feed: a post is published; a post with a link waits for review.
    page.goto(course_url)
    page.get_by_role("link", name="Course feed").click()
    accessible(page, "feed")
    page.get_by_label("Message").fill("Who wants to practise STAR answers on Thursday?")
    page.get_by_role("button", name="Post").click()
    post = page.locator("article", has_text="Who wants to practise STAR answers")
    expect(post).to_be_visible()
    expect(post.get_by_text(re.compile("pending review", re.I))).to_have_count(0)
    # A link is normal in a career course; profanity is held for review.
    page.get_by_label("Message").fill("Great interview tips at www.example.com")
    page.get_by_role("button", name="Post").click()
    linked = page.locator("article", has_text="Great interview tips")
    expect(linked).to_be_visible()
    expect(linked.get_by_text(re.compile("pending review", re.I))).to_have_count(0)
    page.get_by_label("Message").fill("These mock interviews are shit, honestly")
    page.get_by_role("button", name="Post").click()
    held = page.locator("article", has_text="These mock interviews are")
    expect(held.get_by_text(re.compile("pending review", re.I))).to_be_visible()
    accessible(page, "feed with posts")
    assert console_errors == []
