"""Alice's things, one of each kind a URL can name, built through the real services.

Each property builds its object the first time it is asked for, so a test pays only for
what it touches. Alice is a Premium seeker and a student of Casey's course; Bob (the
stranger) is neither enrolled there nor staff.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.core.files.base import ContentFile
from django.utils import timezone

JOB = (
    "Senior Backend Engineer at Acme. You will build Python and Django services on "
    "PostgreSQL and AWS, mentor engineers and own our REST APIs. Requirements: 5+ years "
    "of Python, Django, PostgreSQL, Docker and AWS experience; Redis and Celery a plus."
)


class AliceWorld:
    def __init__(self, alice, *, run_on_commit, stripe=None):
        self.alice = alice
        self._run_on_commit = run_on_commit  # django_capture_on_commit_callbacks(execute=True)
        self._stripe = stripe

    # --- accounts ---------------------------------------------------------------------
    @cached_property
    def notification(self):
        from accounts.tests.factories import NotificationFactory

        return NotificationFactory(user=self.alice, url="/dashboard/")

    @cached_property
    def webauthn_key(self):
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.create(
            user=self.alice,
            type=Authenticator.Type.WEBAUTHN,
            data={"name": "Alice's key", "credential": {}},
        )

    @cached_property
    def data_export(self):
        """A finished export with its ZIP stored, so the download route is reachable."""
        from accounts.privacy.exports import data_export_request

        with self._run_on_commit():
            export = data_export_request(user=self.alice)
        export.refresh_from_db()
        return export

    # --- tracker ----------------------------------------------------------------------
    @cached_property
    def application(self):
        from tracker.models import Status
        from tracker.tests.factories import make_application

        return make_application(self.alice, status=Status.APPLIED, company="AliceCorp")

    @cached_property
    def contact(self):
        from tracker.tests.factories import make_contact

        contact = make_contact(self.alice, name="Alice's recruiter")
        contact.applications.add(self.application)
        return contact

    @cached_property
    def interview(self):
        from tracker.tests.factories import make_interview

        return make_interview(self.application)

    @cached_property
    def csv_import(self):
        from tracker import services

        return services.csv_import_upload(
            user=self.alice, filename="a.csv", raw=b"Company,Position\nAcme,Dev\n"
        )

    @cached_property
    def export(self):
        from tracker import services

        with self._run_on_commit():
            job = services.export_request(user=self.alice, format="csv")
        job.refresh_from_db()
        return job

    @cached_property
    def api_token(self):
        from tracker import services

        token, _raw = services.api_token_create(user=self.alice, name="extension")
        return token

    # --- resumes ----------------------------------------------------------------------
    @cached_property
    def version(self):
        from resumes import services
        from resumes.tests import samples

        with self._run_on_commit():
            version = services.resume_upload(
                user=self.alice, name="Backend", filename="cv.pdf", data=samples.text_pdf()
            )
        version.refresh_from_db()
        return version

    def _resumes(self, call, **kwargs):
        with self._run_on_commit():
            row = call(user=self.alice, version=self.version, job_description=JOB, **kwargs)
        row.refresh_from_db()
        return row

    @cached_property
    def analysis(self):
        from resumes import services

        return self._resumes(services.analysis_request)

    @cached_property
    def letter(self):
        from resumes import services

        return self._resumes(services.letter_request)

    @cached_property
    def prep(self):
        from resumes import services

        return self._resumes(services.prep_request)

    @cached_property
    def answer(self):
        from resumes import services

        with self._run_on_commit():
            return services.practice_submit(
                prep=self.prep, question="Why us?", answer="Because I built five things here."
            )

    @cached_property
    def thread(self):
        from resumes import services

        return services.thread_create(user=self.alice)

    @cached_property
    def chat_reply(self):
        from resumes import services

        with self._run_on_commit():
            return services.message_post(thread=self.thread, content="How long is a resume?")

    @cached_property
    def built_resume(self):
        from resumes.builder import services

        document = {
            "basics": {"name": "Alice", "email": "alice@example.com"},
            "work": [
                {"name": "AliceCorp", "position": "Engineer", "highlights": ["Built APIs"]},
                {"name": "Initech", "position": "Intern", "highlights": ["Wrote tests"]},
            ],
        }
        return services.built_create(user=self.alice, name="Structured", document=document)

    @cached_property
    def builder_export(self):
        from resumes.builder import services

        with self._run_on_commit():
            job = services.export_request(
                user=self.alice, resume=self.built_resume, fmt="pdf", template="classic"
            )
        job.refresh_from_db()
        return job

    # --- billing ----------------------------------------------------------------------
    @cached_property
    def invoice_id(self) -> str:
        from django.test import Client

        from billing.plans import PRO
        from billing.tests.helpers import customer_for, post_event

        assert self._stripe is not None, "billing routes need the fake Stripe (stripe_catalog)"
        customer = customer_for(self.alice)
        sub = self._stripe.subscription_create(customer=customer, price=PRO.stripe_lookup_key)
        invoice = self._stripe.invoice_create(subscription=sub["id"], status="paid")
        with self._run_on_commit():
            post_event(Client(), self._stripe, self._stripe.event("invoice.paid", invoice))
        return invoice["id"]

    # --- courses ----------------------------------------------------------------------
    @cached_property
    def course(self):
        from courses.models import CourseRole
        from courses.services import enrollment_add
        from courses.tests.factories import make_course, make_instructor

        instructor = make_instructor(email="casey@example.com", name="Casey Coach")
        course = make_course(instructor, title="Career Launch", code="CAR-101")
        enrollment_add(course=course, user=self.alice, role=CourseRole.STUDENT)
        return course

    @cached_property
    def assignment(self):
        from courses.tests.factories import make_assignment

        return make_assignment(
            self.course, title="Your story", allow_text=True, allow_file=True, allow_video=True
        )

    @cached_property
    def submission_file(self):
        from courses import services
        from courses.models import FileKind
        from courses.tests.factories import upload

        with self._run_on_commit():
            return services.submission_file_add(
                assignment=self.assignment,
                student=self.alice,
                upload=upload("notes.txt", b"Alice's notes for the essay."),
                filename="notes.txt",
                kind=FileKind.DOCUMENT,
            )

    @cached_property
    def attachment(self):
        from courses.models import AssignmentAttachment

        attachment = AssignmentAttachment(assignment=self.assignment, original_filename="brief.txt")
        attachment.file.save("brief.txt", ContentFile(b"The brief."), save=True)
        return attachment

    @cached_property
    def post(self):
        from courses.models import CoursePost, ModerationStatus

        return CoursePost.objects.create(
            course=self.course,
            author=self.alice,
            body="Alice's post",
            status=ModerationStatus.PUBLISHED,
        )

    @cached_property
    def video(self):
        """A processed video of Alice's: one rendition and a thumbnail."""
        from courses.models import Video, VideoRendition, VideoState

        video = Video.objects.create(
            owner=self.alice,
            course=self.course,
            state=VideoState.DONE,
            duration_seconds=10.0,
            width=640,
            height=480,
            finished_at=timezone.now(),
        )
        video.thumbnail.save("thumbnail.jpg", ContentFile(b"\xff\xd8\xff\xe0thumb"), save=True)
        rendition = VideoRendition(video=video, name="480p", width=640, height=480, size_bytes=4)
        rendition.file.save(f"courses/videos/{video.uid.hex}/480p.mp4", ContentFile(b"mp4!"))
        return video

    @cached_property
    def video_comment(self):
        """Alice's own comment on her video."""
        from courses.models import CommentRole, VideoComment

        return VideoComment.objects.create(
            video=self.video, author=self.alice, at_seconds=1, body="Mine", role=CommentRole.OWNER
        )

    @cached_property
    def video_caption(self):
        """An English caption track on Alice's video."""
        from courses.models import VideoCaption

        caption = VideoCaption(video=self.video, language="en", label="English", cue_count=1)
        caption.file.save("en.vtt", ContentFile(b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n"))
        return caption

    @cached_property
    def uploading_video(self):
        """A direct upload Alice has started but not finished."""
        from courses.models import Video, VideoState

        return Video.objects.create(
            owner=self.alice,
            course=self.course,
            assignment=self.assignment,
            state=VideoState.UPLOADING,
            original_filename="answer.mp4",
            content_type="video/mp4",
            created_at=timezone.now() - dt.timedelta(minutes=1),
        )

    # --- courses: AI tutor, peer review ----------------------------------------------------
    @cached_property
    def tutor_reply(self):
        """Alice's tutor thread with its first question; the reply is answered eagerly."""
        from courses.services.tutor import tutor_thread_start

        with self._run_on_commit():
            _thread, reply = tutor_thread_start(
                student=self.alice,
                course_id=self.course.pk,
                assignment=None,
                text="How do I structure a cover letter?",
            )
        reply.refresh_from_db()
        return reply

    @cached_property
    def peer_review(self):
        """Alice reviews Paul's attempt (a PDF with its preview built) on a peer assignment."""
        from courses import services
        from courses.models import FileKind, PeerReview, PeerReviewSettings
        from courses.services.peer import peer_reviews_assign
        from courses.tests.factories import (
            make_assignment,
            make_rubric,
            make_student,
            pdf_bytes,
            upload,
        )

        due = timezone.now() - dt.timedelta(days=1)
        assignment = make_assignment(
            self.course,
            title="Pitch letter",
            rubric=make_rubric(self.course, title="Peer rubric"),
            allow_file=True,
            due_at=due,
        )
        PeerReviewSettings.objects.create(
            assignment=assignment, enabled=True, reviewers_per_submission=1
        )
        paul = make_student(self.course, email="paul@example.com", name="Paul Peer")
        for student in (paul, self.alice):
            services.submission_save_draft(
                assignment=assignment, student=student, text=f"A pitch by {student.name}."
            )
        with self._run_on_commit():
            services.submission_file_add(
                assignment=assignment,
                student=paul,
                upload=upload("pitch.pdf", pdf_bytes(1)),
                filename="pitch.pdf",
                kind=FileKind.DOCUMENT,
            )
        for student in (paul, self.alice):
            services.submission_submit(
                assignment=assignment, student=student, now=due - dt.timedelta(hours=1)
            )
        with self._run_on_commit():
            peer_reviews_assign(assignment=assignment)
        return PeerReview.objects.get(reviewer=self.alice, assignment=assignment)

    @cached_property
    def peer_file(self):
        return self.peer_review.version.files.get()
