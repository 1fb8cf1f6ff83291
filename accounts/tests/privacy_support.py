"""A user who holds something of every kind, for the export and deletion tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Notification
from courses import services as course_services
from courses.models import CoursePost, PeerReview, Submission, Video, VideoComment
from courses.tests.factories import (
    hand_in,
    make_assignment,
    make_course,
    make_instructor,
    make_student,
    pdf_bytes,
    upload,
)
from resumes.services.uploads import resume_upload
from tracker.models import ApiToken
from tracker.tests.factories import make_application, make_contact

RESUME_PDF = pdf_bytes(pages=1, text="Jane Example. Skills: Python, SQL. Analyst 2019-2024.")
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + b"video" * 50
ESSAY = "My essay about the career I want, written by me."


@dataclass
class Holder:
    user: object
    instructor: object
    classmate: object
    submission: Submission
    resume_bytes: bytes


def make_holder(user) -> Holder:
    """``user`` gets applications, a resume file, a graded essay with a file, a feed post,
    a peer review and a comment on a classmate's video."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, verified=True, primary=True)
    application = make_application(user, company="Acme", position="Data Analyst")
    make_contact(user, name="Recruiter Rita")
    Notification.objects.create(user=user, title="Welcome")
    ApiToken.objects.create(user=user, name="laptop", token_hash="f" * 64, hint="abcd")
    resume_upload(user=user, name="Main resume", filename="jane.pdf", data=RESUME_PDF)
    application.refresh_from_db()

    instructor = make_instructor()
    course = make_course(instructor)
    course_services.enrollment_add(course=course, user=user, role="student")
    classmate = make_student(course)
    assignment = make_assignment(course, allow_file=True)
    course_services.submission_file_add(
        assignment=assignment,
        student=user,
        upload=upload("notes.pdf", pdf_bytes(pages=1, text="My notes")),
        filename="notes.pdf",
        kind="document",
    )
    hand_in(assignment, user, text=ESSAY)
    course_services.submission_grade(
        assignment=assignment,
        student=user,
        grader=instructor,
        score=Decimal("17"),
        feedback="Clear and honest.",
        release=True,
    )
    hand_in(assignment, classmate, text="The classmate's essay.")
    CoursePost.objects.create(course=course, author=user, body="Hello class, I am Jane.")
    classmate_submission = Submission.objects.get(assignment=assignment, student=classmate)
    PeerReview.objects.create(
        assignment=assignment,
        submission=classmate_submission,
        version=classmate_submission.versions.order_by("-number").first(),
        author=classmate,
        reviewer=user,
        state="submitted",
        overall_comment="Strong opening.",
        submitted_at=timezone.now(),
    )
    own_video = Video(owner=user, course=course, original_filename="intro.mp4", state="ready")
    own_video.source.save("intro.mp4", ContentFile(VIDEO_BYTES), save=True)
    classmate_video = Video.objects.create(owner=classmate, course=course, state="ready")
    VideoComment.objects.create(
        video=classmate_video, author=user, at_seconds=1.0, body="Nice pace."
    )
    submission = Submission.objects.get(assignment=assignment, student=user)
    return Holder(user, instructor, classmate, submission, RESUME_PDF)
