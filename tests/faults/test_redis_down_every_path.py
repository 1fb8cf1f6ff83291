"""Redis (the broker) is down while every kind of background work is asked for: no request
fails, each row is kept, and once Redis is back the jobs sweeper sends what was lost and a
real worker finishes all of it.

The paths: a resume upload and a match analysis, a tracker export, a data export, a stored
email (a course invitation), a notification email, a tutor question, an essay hand-in (its
suggestion), a document and a video upload (preview, processing), publishing an assignment
and releasing a grade (their notifications), and a Stripe webhook.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataExport, Notification, NotificationCategory, OutboundEmail
from accounts.services import notify
from billing.models import WebhookEvent
from billing.plans import PRO
from billing.tests.helpers import customer_for, post_event
from careercopilot.celery import app
from careercopilot.jobs.models import JobState
from careercopilot.jobs.sweeper import jobs_requeue_stalled
from courses import services as course_services
from courses.models import (
    CourseRole,
    EssaySuggestion,
    FileKind,
    Submission,
    SubmissionFile,
    TutorMessage,
    Video,
)
from courses.tests import factories as course_factories
from courses.tests.clips import make_clip
from resumes import services as resume_services
from resumes.models import MatchAnalysis, ResumeVersion
from resumes.tests import samples
from tests.faults.support import Worker
from tests.support.processes import wait_until
from tracker.models import ExportJob
from tracker.tests.factories import make_application

from .conftest import premium

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(alice, stripe_env, tmp_path):
    """Everything the requests below need, made while Redis is up (tasks in-process)."""
    from billing.services.catalog import plans_sync

    plans_sync()
    app.conf.task_always_eager = True
    premium(alice)
    alice.email_categories = [NotificationCategory.TRACKER, NotificationCategory.COURSES]
    alice.save()
    version = resume_services.resume_upload(
        user=alice, name="Backend", filename="cv.pdf", data=samples.text_pdf()
    )
    make_application(alice)
    course = course_factories.make_course()
    course_services.enrollment_add(course=course, user=alice, role=CourseRole.STUDENT)
    rubric = course_factories.make_rubric(course)
    assignment = course_factories.make_assignment(
        course, rubric=rubric, allow_file=True, allow_video=True
    )
    graded = course_factories.make_assignment(course, title="Graded")
    course_factories.hand_in(graded, alice)
    Submission.objects.filter(assignment=graded).update(score=15)
    unpublished = course_factories.make_assignment(course, title="Next week", published=False)
    subscription = stripe_env.subscription_create(
        customer=customer_for(alice), price=PRO.stripe_lookup_key
    )
    app.conf.task_always_eager = False
    return {
        "version": version,
        "course": course,
        "assignment": assignment,
        "graded": graded,
        "unpublished": unpublished,
        "event": stripe_env.event("customer.subscription.created", subscription),
        "clip": make_clip(tmp_path / "talk.mp4", size="640x480", duration=1).read_bytes(),
    }


def ask_everything_while_redis_is_down(client: Client, alice, world, stripe) -> None:
    course, assignment = world["course"], world["assignment"]
    notes = SimpleUploadedFile("notes.txt", b"My notes on the brief.\n")
    video = SimpleUploadedFile("talk.mp4", world["clip"], content_type="video/mp4")
    analysis = {"version": world["version"].pk, "job_description": samples.JOB}
    requests = [
        ("resumes:resume_list", [], {"file": SimpleUploadedFile("cv.pdf", samples.text_pdf())}),
        ("resumes:analysis_new", [], analysis),
        ("tracker:export_create", [], {"format": "csv"}),
        ("accounts:data_export_create", [], {}),
        ("courses:tutor_new", [course.pk], {"text": "Where do I start?"}),
        ("courses:file_upload", [course.pk, assignment.pk], {"file": notes}),
        ("courses:file_upload", [course.pk, assignment.pk], {"kind": "video", "file": video}),
        ("courses:submit", [course.pk, assignment.pk], {"text": "Soft skills matter most."}),
    ]
    for name, args, data in requests:
        url = reverse(name, args=args)
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    invited = course_services.enrollments_add_by_email(course=course, emails=["new@example.com"])
    assert invited.invited == ["new@example.com"]  # an invitation email (stored, then sent)
    assert post_event(Client(), stripe, world["event"]).status_code == 200
    # Service calls that requests and tasks make: none raises while the broker is down.
    notify(user=alice, title="Follow up with Acme", category=NotificationCategory.TRACKER)
    course_services.assignment_publish(assignment=world["unpublished"])
    course_services.submissions_release(
        submissions=Submission.objects.filter(assignment=world["graded"])
    )


def outstanding(alice, world) -> list[str]:
    """What has not finished yet (empty once everything is done)."""
    left = []
    checks = {
        "resume text": ResumeVersion.objects.exclude(state=JobState.DONE),
        "analysis": MatchAnalysis.objects.exclude(state=JobState.DONE),
        "tracker export": ExportJob.objects.exclude(state=JobState.DONE),
        "data export": DataExport.objects.exclude(state=JobState.DONE),
        "tutor reply": TutorMessage.objects.filter(role="assistant").exclude(state=JobState.DONE),
        "essay suggestion": EssaySuggestion.objects.exclude(state=JobState.DONE),
        "file preview or video file": SubmissionFile.objects.filter(
            state__in=[JobState.PENDING, JobState.RUNNING]
        ),
        "video": Video.objects.exclude(state=JobState.DONE),
        "invitation email": OutboundEmail.objects.all(),
        "notification emails": Notification.objects.filter(email_pending=True),
        "webhook event": WebhookEvent.objects.exclude(status=WebhookEvent.Status.DONE),
    }
    for name, rows in checks.items():
        if rows.exists():
            left.append(name)
    world["unpublished"].refresh_from_db()
    if world["unpublished"].publish_notified_at is None:
        left.append("assignment announcement")
    if Submission.objects.filter(assignment=world["graded"], release_notified_at=None).exists():
        left.append("grade announcement")
    return left


def test_every_enqueue_path_survives_redis_down_and_finishes_once_it_is_back(
    redis_everywhere,  # noqa: F811 - fixture
    stripe_env,
    world,
    alice,
    tmp_path,
):
    client = Client()
    client.force_login(alice)
    redis_everywhere.stop()

    ask_everything_while_redis_is_down(client, alice, world, stripe_env)

    kept = outstanding(alice, world)
    assert "analysis" in kept and "webhook event" in kept and "video" in kept  # rows kept

    redis_everywhere.start()  # the same port: Redis is back, empty (its queue was lost)
    # Webhook events wait out a retry's backoff before the sweeper takes them as lost.
    WebhookEvent.objects.update(received_at=timezone.now() - dt.timedelta(minutes=11))
    worker = Worker(broker_url=redis_everywhere.url, log_path=tmp_path / "worker.log").start()
    try:
        assert jobs_requeue_stalled() >= len(kept)  # what beat runs every minute
        try:
            wait_until(
                lambda: not outstanding(alice, world),
                timeout=180,
                interval=0.5,
                what="every piece of work to finish",
            )
        except TimeoutError as exc:
            left = outstanding(alice, world)
            raise AssertionError(f"{exc}: {left}\nworker log:\n{worker.log()[-6000:]}") from None
    finally:
        worker.stop()

    assert MatchAnalysis.objects.get().score is not None
    assert Video.objects.get().renditions.exists()
    assert SubmissionFile.objects.get(kind=FileKind.DOCUMENT).preview_text.startswith("My notes")
