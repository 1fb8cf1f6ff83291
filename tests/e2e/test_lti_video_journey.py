"""A video assignment run inside an LMS, end to end in the browser on the production-like
site: the instructor and two students arrive by LTI 1.3 launches from a platform (its
OIDC step, signed id_token and AGS served by the local fake platform). The student records
a video with Chromium's fake camera, hands it in and reflects on it; a classmate assigned
by peer review and the instructor leave time-stamped comments, the instructor with the
comment library's key; the grade is released, and the platform's gradebook receives it."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlencode

import pytest
import requests
from playwright.sync_api import Page, expect

from lti.tests.fake_platform import INSTRUCTOR, LEARNER, FakePlatform

from .conftest import CHROMIUM, CHROMIUM_ARGS, listen_for_errors
from .journey import WORKER_TIMEOUT, accessible

pytestmark = pytest.mark.browser

CONTEXT = "ctx-video-journey"

REGISTER = """
from lti.models import Deployment, Platform
platform, _ = Platform.objects.update_or_create(
    issuer={issuer!r}, client_id={client_id!r},
    defaults=dict(name="Canvas (local)", auth_login_url={auth!r}, auth_token_url={token!r},
                  keyset_url={jwks!r}),
)
Deployment.objects.get_or_create(platform=platform, deployment_id={deployment!r})
print(platform.pk)
"""

VIDEO_ASSIGNMENT = """
import json
from datetime import timedelta
from django.utils import timezone
from courses.models import Assignment
from lti.models import LtiContext
course = LtiContext.objects.get(context_id={context!r}).course
from courses.models import LibraryComment, PeerReleaseMode
from courses.services import peer_settings_save
assignment = Assignment.objects.create(
    course=course, title="Mock interview: tell me about yourself", allow_text=True,
    allow_video=True, points_possible=20, due_at=timezone.now() + timedelta(days=3),
    published_at=timezone.now(), video_self_reflection=True,
)
peer_settings_save(
    assignment=assignment, enabled=True, reviewers_per_submission=1, anonymous=True,
    include_late=True, reviews_due_at=None, release_mode=PeerReleaseMode.MANUAL,
)
assignment.peer_review_settings.video_comments = True
assignment.peer_review_settings.save(update_fields=["video_comments"])
LibraryComment.objects.create(course=course, position=1, body="Good eye contact here.")
print(json.dumps({{"assignment": assignment.pk, "course": course.pk}}))
"""

PEER_HANDS_IN_AND_REVIEWS_ARE_ASSIGNED = """
import json
from datetime import timedelta
from accounts.models import User
from courses.models import Assignment, PeerReview, Video
from courses.services import peer_reviews_assign, submission_save_draft, submission_submit
assignment = Assignment.objects.get(pk={assignment})
peer = User.objects.get(lti_identities__sub="student-2", lti_identities__platform__issuer={issuer!r})
submission_save_draft(assignment=assignment, student=peer, text="My answer, written: I lead with...")
submission_submit(assignment=assignment, student=peer)
peer_reviews_assign(assignment=assignment, now=assignment.due_at + timedelta(minutes=1))
review = PeerReview.objects.get(assignment=assignment, reviewer=peer)
video = Video.objects.get(submission_file__submission=review.submission)
print(json.dumps({{"video": video.pk, "state": video.state, "reflected": bool(video.reflected_at)}}))
"""

COMMENTS = """
import json
from courses.models import VideoComment
rows = VideoComment.objects.filter(video_id={video}, parent=None).order_by("pk")
print(json.dumps([
    {{"role": c.role, "body": c.body, "at": c.at_seconds, "library": c.library_comment_id is not None}}
    for c in rows
]))
"""

RELEASE = """
import json
from decimal import Decimal
from accounts.models import User
from courses.models import Assignment, Enrollment, CourseRole
from courses.services import submission_grade
assignment = Assignment.objects.get(pk={assignment})
teacher = Enrollment.objects.get(course=assignment.course, role=CourseRole.INSTRUCTOR).user
student = User.objects.get(
    lti_identities__sub={student!r}, lti_identities__platform__issuer={issuer!r}
)
result = submission_grade(
    assignment=assignment, student=student, grader=teacher, criteria={{}},
    score=Decimal("17"), feedback="Clear opening; slow down in the middle.", release=True,
)
print(json.dumps({{"score": str(result.submission.score)}}))
"""


@pytest.fixture
def platform(prod_site):
    """The fake platform, trusting the tool keys the site publishes, registered on the site."""
    tool_jwks = lambda: requests.get(f"{prod_site.url}/lti/jwks/", timeout=10).json()  # noqa: E731
    with FakePlatform(tool_jwks=tool_jwks, client_id=f"canvas-{time.time_ns()}") as fake:
        # The class list its roster service answers with (a sync removes anyone missing).
        fake.members = [
            {"user_id": sub, "roles": [role], "status": "Active", "name": f"Person {sub}"}
            for sub, role in (
                ("teacher-1", INSTRUCTOR),
                ("student-1", LEARNER),
                ("student-2", LEARNER),
            )
        ]
        registration = fake.registration()
        prod_site.shell(
            REGISTER.format(
                issuer=fake.issuer,
                client_id=fake.client_id,
                auth=registration["auth_login_url"],
                token=registration["auth_token_url"],
                jwks=registration["keyset_url"],
                deployment=fake.deployment_id,
            )
        )
        yield fake


@pytest.fixture
def recording_browser(playwright):
    """Chromium with a fake camera and microphone, allowed without a prompt."""
    args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
    errors: list[str] = []

    def open_page() -> Page:
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        listen_for_errors(page, errors)
        page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield open_page
    browser.close()
    assert errors == [], errors


def lti_launch(page: Page, site_url: str, fake: FakePlatform, *, sub: str, roles, **claims):
    """What clicking the tool's link in the platform does: the OIDC login initiation, the
    platform's authorisation page, and the id_token posted back to our launch URL."""
    launch_url = f"{site_url}/lti/launch/"
    fake.launches[sub] = {
        "sub": sub,
        "roles": roles,
        "context_id": CONTEXT,
        "extra": {"https://purl.imsglobal.org/spec/lti/claim/target_link_uri": launch_url},
        **claims,
    }
    query = {
        "iss": fake.issuer,
        "client_id": fake.client_id,
        "login_hint": sub,
        "lti_message_hint": "msg",
        "target_link_uri": launch_url,
    }
    page.goto(f"{site_url}/lti/login/?{urlencode(query)}")


def video_current_time(page: Page) -> float:
    return page.evaluate("() => document.getElementById('cc-video').currentTime")


def test_a_video_assignment_launched_from_the_lms_sends_its_grade_back(
    prod_site, platform, recording_browser
):
    url = prod_site.url

    # 1. The instructor opens the tool from the course: the course is made and linked.
    teacher = recording_browser()
    lti_launch(teacher, url, platform, sub="teacher-1", roles=[INSTRUCTOR])
    expect(teacher.get_by_role("heading", name="Interview skills")).to_be_visible()
    ids = json.loads(prod_site.shell(VIDEO_ASSIGNMENT.format(context=CONTEXT)))

    # 2. A student opens the assignment's link: signed in, enrolled, on the assignment.
    student = recording_browser()
    target = {"target": f"assignment:{ids['assignment']}"}
    lti_launch(student, url, platform, sub="student-1", roles=[LEARNER], custom=target)
    expect(
        student.get_by_role("heading", name="Mock interview: tell me about yourself")
    ).to_be_visible()
    accessible(student, "assignment opened from the platform")
    peer = recording_browser()
    lti_launch(peer, url, platform, sub="student-2", roles=[LEARNER], custom=target)
    expect(
        peer.get_by_role("heading", name="Mock interview: tell me about yourself")
    ).to_be_visible()

    # 3. The student records about 3 s with the camera, uploads the take and hands it in.
    recorder = student.locator("[data-video-recorder]")
    recorder.get_by_role("button", name="Record with camera").click()
    expect(recorder.locator(".cc-recorder-elapsed")).to_have_text(
        re.compile(r"^0:0[3-9]$"), timeout=15_000
    )
    recorder.get_by_role("button", name="Stop recording").click()
    recorder.get_by_role("button", name="Upload recording").click()
    work = student.locator("#work")
    expect(work.get_by_role("link", name="Watch")).to_be_visible(timeout=WORKER_TIMEOUT)
    student.get_by_role("button", name="Submit", exact=True).click()
    expect(student.get_by_text("Attempt 1 submitted")).to_be_visible()

    # 4. A classmate hands in too; peer review pairs them, so the classmate may comment.
    assigned = json.loads(
        prod_site.shell(
            PEER_HANDS_IN_AND_REVIEWS_ARE_ASSIGNED.format(
                assignment=ids["assignment"], issuer=platform.issuer
            )
        )
    )
    assert assigned["state"] == "done" and not assigned["reflected"]
    video_url = f"{url}/courses/videos/{assigned['video']}/"

    # 5. Before staff see the video, its owner reflects on it.
    teacher.goto(video_url)
    expect(teacher.get_by_text("Waiting for the student's self-reflection")).to_be_visible()
    expect(teacher.locator("#cc-video")).to_have_count(0)
    student.reload()
    student.get_by_role("link", name="Reflect on your video").click()
    expect(student.get_by_role("heading", name="Reflect on your video")).to_be_visible()
    student.get_by_label(re.compile("^Your reflection at")).fill("I rushed my first sentence.")
    student.get_by_role("button", name="Add reflection").click()
    expect(student.locator("#video-comments")).to_contain_text("I rushed my first sentence.")
    student.get_by_role("button", name="Finish reflection").click()
    expect(student.get_by_role("heading", name="Reflect on your video")).to_have_count(0)

    # 6. The classmate comments at a moment of the video (named anonymously to its owner).
    peer.goto(video_url)
    peer.get_by_label(re.compile("^Comment at")).fill("Your second example is the strongest.")
    peer.get_by_role("button", name="Add comment").click()
    expect(peer.locator("#video-comments")).to_contain_text("the strongest")

    # 7. The instructor sees both, seeks to 1 s and presses 1: the library's comment there.
    teacher.reload()
    comments = teacher.locator("#video-comments")
    expect(comments).to_contain_text("I rushed my first sentence.")
    expect(comments).to_contain_text("Self-reflection")
    expect(comments).to_contain_text("the strongest")
    teacher.evaluate("() => { document.getElementById('cc-video').currentTime = 1; }")
    deadline = time.monotonic() + 10
    while abs(video_current_time(teacher) - 1) > 0.05:
        assert time.monotonic() < deadline, "the video never reached 1 s"
        teacher.wait_for_timeout(100)
    teacher.locator("#cc-video").focus()
    teacher.keyboard.press("1")
    expect(comments).to_contain_text("Good eye contact here.")
    accessible(teacher, "video player with feedback (instructor)")
    left = json.loads(prod_site.shell(COMMENTS.format(video=assigned["video"])))
    by_role = {row["role"]: row for row in left}
    assert set(by_role) == {"reflection", "peer", "staff"}
    assert by_role["staff"]["library"] and abs(by_role["staff"]["at"] - 1) < 0.1
    student.goto(video_url)
    expect(student.locator("#video-comments")).to_contain_text("Peer reviewer 1")

    # 8. The released grade reaches the platform's gradebook through the worker.
    released = json.loads(
        prod_site.shell(
            RELEASE.format(
                assignment=ids["assignment"], student="student-1", issuer=platform.issuer
            )
        )
    )
    assert released["score"].startswith("17")
    deadline = time.monotonic() + WORKER_TIMEOUT / 1000
    while not platform.scores:
        assert time.monotonic() < deadline, "the platform never received the grade"
        time.sleep(0.5)
    score = platform.scores[0]
    assert score["userId"] == "student-1"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (17, 20)
    assert score["gradingProgress"] == "FullyGraded"
    assert "slow down" in score["comment"]
