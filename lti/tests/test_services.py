"""Deep linking, the roster sync (NRPS) and grade passback (AGS), end to end against the
fake platform: what it receives is what it records."""

from __future__ import annotations

import json
from decimal import Decimal

import jwt
import pytest
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import enqueue, reset_for_retry
from courses.models import CourseRole, Enrollment
from courses.services import submission_grade, submissions_release
from courses.tests.factories import hand_in, make_assignment
from lti import jobs, keys
from lti.models import GradePassback, LtiContext, LtiLineItem, RosterSync

from .conftest import launch
from .fake_platform import INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Work queued on commit runs (tasks are eager in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def course_world(fake, registered, committed):
    teacher_client = Client()
    with committed():  # its roster sync runs (the platform lists nobody yet)
        launch(teacher_client, fake, sub="t1", roles=[INSTRUCTOR])
    context = LtiContext.objects.get()
    assignment = make_assignment(
        context.course, title="Mock interview", points_possible=20, allow_video=True
    )
    student_client = Client()
    launch(student_client, fake, sub="s1", roles=[LEARNER])
    teacher = context.course.enrollments.get(role=CourseRole.INSTRUCTOR).user
    student = context.course.enrollments.get(role=CourseRole.STUDENT).user
    return {"context": context, "assignment": assignment, "teacher": teacher, "student": student}


def decode_ours(token: str) -> dict:
    header = jwt.get_unverified_header(token)
    key = next(k for k in keys.jwks()["keys"] if k["kid"] == header["kid"])
    return jwt.decode(
        token,
        RSAAlgorithm.from_jwk(json.dumps(key)),
        algorithms=["RS256"],
        audience=None,
        options={"verify_aud": False},
    )


def test_an_instructor_places_a_video_assignment_by_deep_linking(fake, course_world):
    client = Client()
    picker, _, _ = launch(
        client,
        fake,
        sub="t1",
        roles=[INSTRUCTOR],
        message_type="LtiDeepLinkingRequest",
        target="iframe",
    )
    assert picker.status_code == 200
    assignment = course_world["assignment"]
    assert b"Place video assignment: Mock interview" in picker.content
    assert b"Place course: Interview skills" in picker.content

    launch_id = picker.context["launch_id"]
    answer = client.post(f"/lti/deep-link/{launch_id}/", {"item": f"assignment:{assignment.pk}"})

    assert answer.status_code == 200
    assert answer.context["return_url"] == fake.url + "/deep-link-return"
    assert f"form-action 'self' {fake.url}" in answer["Content-Security-Policy"].replace(
        "https://checkout.stripe.com https://billing.stripe.com ", ""
    )
    claims = decode_ours(answer.context["jwt"])
    assert claims["iss"] == fake.client_id and claims["aud"] == [fake.issuer]
    item = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0]
    assert item["custom"] == {"target": f"assignment:{assignment.pk}"}
    assert item["url"] == "http://testserver/lti/launch/"
    assert item["lineItem"]["scoreMaximum"] == 20.0
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-data"

    again = client.post(f"/lti/deep-link/{launch_id}/", {"item": f"assignment:{assignment.pk}"})
    assert again.status_code == 403

    # A student following the placed link lands on the assignment.
    student = Client()
    opened, _, _ = launch(
        student, fake, sub="s1", roles=[LEARNER], custom={"target": f"assignment:{assignment.pk}"}
    )
    assert opened["Location"] == assignment.get_absolute_url()


def test_the_picker_refuses_another_courses_item(fake, course_world):
    from courses.tests.factories import make_course

    foreign = make_assignment(make_course(title="Not yours"))
    client = Client()
    picker, _, _ = launch(
        client, fake, sub="t1", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )
    answer = client.post(
        f"/lti/deep-link/{picker.context['launch_id']}/", {"item": f"assignment:{foreign.pk}"}
    )
    assert answer.status_code == 403 and b"Not in this course" in answer.content


def test_a_roster_sync_applies_the_platforms_class_list(fake, course_world, committed):
    context = course_world["context"]
    fake.members = [
        {"user_id": "t1", "roles": [INSTRUCTOR], "status": "Active", "name": "Teacher"},
        {"user_id": "s2", "roles": [LEARNER], "status": "Active", "name": "New Student"},
        {"user_id": "s3", "roles": [LEARNER], "status": "Inactive", "name": "Dropped"},
    ]  # s1 is gone from the list

    with committed():
        sync = jobs.roster_sync_request(context=context)

    sync.refresh_from_db()
    assert sync.state == JobState.DONE, sync.error
    assert (sync.added, sync.updated, sync.removed) == (1, 0, 1)
    students = Enrollment.objects.filter(course=context.course, role=CourseRole.STUDENT)
    assert [e.user.lti_identities.get().sub for e in students] == ["s2"]
    assert fake.tokens[-1]["scopes"] == [
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
    ]


def test_the_roster_sync_is_where_a_role_change_arrives(fake, course_world, committed):
    fake.members = [
        {"user_id": "t1", "roles": [INSTRUCTOR], "status": "Active"},
        {
            "user_id": "s1",
            "roles": [
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor#TeachingAssistant"
            ],
            "status": "Active",
        },
    ]
    with committed():
        sync = jobs.roster_sync_request(context=course_world["context"])
    sync.refresh_from_db()
    assert sync.updated == 1
    student = course_world["student"]
    assert Enrollment.objects.get(user=student).role == CourseRole.TA


def test_a_roster_sync_the_platform_refuses_fails_with_its_answer_and_can_be_retried(
    fake, course_world, committed
):
    fake.client_id = "renamed"  # the platform no longer knows our client: token refused
    with committed():
        sync = jobs.roster_sync_request(context=course_world["context"])
    sync.refresh_from_db()
    assert sync.state == JobState.FAILED and "HTTP 400" in sync.error
    assert sync.attempts == 1  # refused, not busy: no automatic retry

    fake.client_id = course_world["context"].platform.client_id  # fixed on the platform
    fake.members = [{"user_id": "s1", "roles": [LEARNER], "status": "Active"}]
    with committed():
        reset_for_retry(sync)
        enqueue(sync)
    sync.refresh_from_db()
    assert sync.state == JobState.DONE and RosterSync.objects.count() == 2  # launch + this


def grade_and_release(world, score, committed, feedback="Good eye contact."):
    hand_in(world["assignment"], world["student"])
    with committed():
        submission_grade(
            assignment=world["assignment"],
            student=world["student"],
            grader=world["teacher"],
            score=Decimal(score),
            feedback=feedback,
            release=True,
        )


def test_a_released_grade_arrives_in_the_platforms_gradebook(fake, course_world, committed):
    grade_and_release(course_world, 17, committed)

    assert len(fake.scores) == 1
    score = fake.scores[0]
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == ("s1", 17.0, 20.0)
    assert score["comment"] == "Good eye contact."
    assert score["gradingProgress"] == "FullyGraded"
    line = LtiLineItem.objects.get()
    assert score["line_item"] == line.url
    assert fake.line_items[line.url]["resourceId"] == f"assignment-{course_world['assignment'].pk}"
    assert GradePassback.objects.get().state == JobState.DONE


def test_a_changed_released_grade_is_sent_again(fake, course_world, committed):
    grade_and_release(course_world, 17, committed)
    with committed():
        submission_grade(
            assignment=course_world["assignment"],
            student=course_world["student"],
            grader=course_world["teacher"],
            score=Decimal(19),
            feedback="Re-marked.",
        )
    assert [(s["scoreGiven"], s["comment"]) for s in fake.scores] == [
        (17.0, "Good eye contact."),
        (19.0, "Re-marked."),
    ]
    assert len(fake.line_items) == 1  # the same column


def test_an_unreleased_grade_is_not_sent(fake, course_world, committed):
    hand_in(course_world["assignment"], course_world["student"])
    with committed():
        submission_grade(
            assignment=course_world["assignment"],
            student=course_world["student"],
            grader=course_world["teacher"],
            score=Decimal(12),
        )
    assert fake.scores == [] and not GradePassback.objects.exists()
    with committed():
        submissions_release(submissions=course_world["assignment"].submissions.all())
    assert [s["scoreGiven"] for s in fake.scores] == [12.0]


def test_a_busy_platform_gets_the_grade_after_retries(fake, course_world, committed):
    fake.fail_next = [503, 503]
    grade_and_release(course_world, 15, committed)

    passback = GradePassback.objects.get()
    assert passback.state == JobState.DONE and passback.attempts == 3
    assert [s["scoreGiven"] for s in fake.scores] == [15.0]


def test_a_platform_that_stays_down_leaves_a_failed_row_with_the_reason(
    fake, course_world, committed
):
    fake.fail_next = [503] * jobs.MAX_TRIES
    grade_and_release(course_world, 15, committed)

    passback = GradePassback.objects.get()
    assert passback.state == JobState.FAILED and "HTTP 503" in passback.error
    assert passback.attempts == jobs.MAX_TRIES and fake.scores == []


@pytest.mark.parametrize("running", [False, True], ids=["message-lost", "worker-died"])
def test_a_passback_whose_message_was_lost_is_sent_by_the_sweeper(
    fake, course_world, django_capture_on_commit_callbacks, running
):
    """No job type hangs: a queued passback whose message a broker outage lost, or one
    whose worker died, is sent again by the one sweeper and reaches the gradebook."""
    import datetime as dt

    from django.utils import timezone

    from careercopilot.jobs.sweeper import jobs_requeue_stalled

    hand_in(course_world["assignment"], course_world["student"])
    with django_capture_on_commit_callbacks(execute=False):  # the message is never sent
        submission_grade(
            assignment=course_world["assignment"],
            student=course_world["student"],
            grader=course_world["teacher"],
            score=Decimal(14),
            release=True,
        )
    long_ago = timezone.now() - dt.timedelta(hours=2)
    GradePassback.objects.update(
        state=JobState.RUNNING if running else JobState.PENDING,
        created_at=long_ago,
        started_at=long_ago if running else None,
        attempts=1 if running else 0,
    )

    assert jobs_requeue_stalled() >= 1
    assert GradePassback.objects.get().state == JobState.DONE
    assert [s["scoreGiven"] for s in fake.scores] == [14.0]
