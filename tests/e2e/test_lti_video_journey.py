"""A video assignment run inside an LMS, end to end in the browser on the production-like
site: the instructor and two students arrive by LTI 1.3 launches from a platform (its
OIDC step, signed id_token and AGS served by the local fake platform), the student hands
in a video, the grade is released, and the platform's gradebook receives the score."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
import requests
from playwright.sync_api import Page, expect

from lti.tests.fake_platform import INSTRUCTOR, LEARNER, FakePlatform

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
assignment = Assignment.objects.create(
    course=course, title="Mock interview: tell me about yourself", allow_text=False,
    allow_video=True, points_possible=20, due_at=timezone.now() + timedelta(days=3),
    published_at=timezone.now(),
)
print(json.dumps({{"assignment": assignment.pk, "course": course.pk}}))
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


def test_a_video_assignment_launched_from_the_lms_sends_its_grade_back(
    prod_site, platform, new_page
):
    url = prod_site.url

    # 1. The instructor opens the tool from the course: the course is made and linked.
    teacher = new_page()
    lti_launch(teacher, url, platform, sub="teacher-1", roles=[INSTRUCTOR])
    expect(teacher.get_by_role("heading", name="Interview skills")).to_be_visible()
    ids = json.loads(prod_site.shell(VIDEO_ASSIGNMENT.format(context=CONTEXT)))

    # 2. A student opens the assignment's link: signed in, enrolled, on the assignment.
    student = new_page()
    target = {"target": f"assignment:{ids['assignment']}"}
    lti_launch(student, url, platform, sub="student-1", roles=[LEARNER], custom=target)
    expect(
        student.get_by_role("heading", name="Mock interview: tell me about yourself")
    ).to_be_visible()
    accessible(student, "assignment opened from the platform")

    # 3. The released grade reaches the platform's gradebook through the worker.
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
