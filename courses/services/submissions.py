"""Students' work (E3): the draft, its files and videos, and submitting attempts.

- A draft (text and files) can be saved at any time, even after the cut-off.
- Submitting hands the draft in as a new, immutable attempt (``SubmissionVersion``).
  Resubmitting is allowed until the cut-off (and within ``max_attempts``). Lateness is
  computed from the submit time; a late attempt tells the instructors.
- After the cut-off, submitting is refused with a clear message and the draft is kept.
- Bursts are refused too: a student hands one assignment in at most ``LIMITS["submit"]``
  times per window (``careercopilot.ratelimit``); the draft is kept. Each attempt
  supersedes the essay suggestion still pending for an earlier one.
- An instructor gets one late notice per submission per ``LATE_NOTICE_WINDOW``: later late
  attempts update it ("3 late attempts so far") instead of sending another.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, NotificationCategory, User
from accounts.services import notify
from billing.storage import COURSE_WORK, storage_check
from careercopilot import ratelimit
from careercopilot.jobs.runner import enqueue
from careercopilot.storage import STORAGE_ERRORS, STORAGE_UNAVAILABLE
from careercopilot.timezones import format_in_zone

from .. import policy
from ..models import (
    Assignment,
    CourseRole,
    Enrollment,
    FileKind,
    ProcessingState,
    Submission,
    SubmissionFile,
    SubmissionState,
    SubmissionVersion,
)
from ..uploads import HEAD_BYTES, safe_filename, validate_document, validate_video

__all__ = [
    "SubmissionRefused",
    "submission_file_add",
    "submission_file_remove",
    "submission_save_draft",
    "submission_submit",
]


DRAFT_TEXT_MAX_CHARS = 100_000
MAX_DRAFT_FILES = 10
PREVIEWABLE = frozenset({"pdf", "docx", "txt"})
LATE_NOTICE_WINDOW = dt.timedelta(hours=24)
LATE_NOTICE_TITLE = "Late submission: "


class SubmissionRefused(ValidationError):
    """The attempt cannot be handed in; the draft is untouched."""


def _check_student(*, assignment: Assignment, student: User) -> None:
    if not assignment.is_published:
        raise ValidationError("This assignment is not open yet.")
    if not Enrollment.objects.filter(
        course_id=assignment.course_id, user=student, role=CourseRole.STUDENT
    ).exists():
        raise ValidationError("Only students of this course can hand in work.")


def _submission_for(assignment: Assignment, student: User) -> Submission:
    """The student's submission row, created if missing and locked for this transaction."""
    submission, _ = Submission.objects.get_or_create(assignment=assignment, student=student)
    return Submission.objects.select_for_update().get(pk=submission.pk)


def submission_save_draft(*, assignment: Assignment, student: User, text: str) -> Submission:
    _check_student(assignment=assignment, student=student)
    text = (text or "").replace("\r\n", "\n")
    if len(text) > DRAFT_TEXT_MAX_CHARS:
        raise ValidationError(
            f"The text is {len(text):,} characters long; the limit is {DRAFT_TEXT_MAX_CHARS:,}."
        )
    if text.strip() and not assignment.allow_text:
        raise ValidationError("This assignment does not take essay text.")
    with transaction.atomic():
        submission = _submission_for(assignment, student)
        submission.draft_text = text
        submission.draft_saved_at = timezone.now()
        submission.save(update_fields=["draft_text", "draft_saved_at", "updated_at"])
    return submission


def submission_file_add(
    *, assignment: Assignment, student: User, upload: File, filename: str, kind: str
) -> SubmissionFile:
    """Adds an uploaded document or video to the draft, after checking its content.

    Nothing is stored when the file is refused. A new video replaces the draft's video.
    """
    _check_student(assignment=assignment, student=student)
    size = upload.size
    upload.seek(0)
    if kind == FileKind.VIDEO:
        if not assignment.allow_video:
            raise ValidationError("This assignment does not take videos.")
        detected = validate_video(upload.read(HEAD_BYTES), size=size)
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        content: File = upload
        state = ProcessingState.PENDING  # the video pipeline picks it up
    else:
        if not assignment.allow_file:
            raise ValidationError("This assignment does not take file uploads.")
        data = upload.read()
        detected = validate_document(data)
        digest = hashlib.sha256(data)
        content = ContentFile(data)
        state = ProcessingState.PENDING if detected.kind in PREVIEWABLE else ProcessingState.NONE

    with transaction.atomic():
        submission = _submission_for(assignment, student)
        draft_files = submission.files.filter(in_draft=True)
        if kind == FileKind.VIDEO:
            for old in draft_files.filter(kind=FileKind.VIDEO):
                _file_drop_from_draft(old)
        elif draft_files.filter(kind=FileKind.DOCUMENT).count() >= MAX_DRAFT_FILES:
            raise ValidationError(
                f"A submission can hold {MAX_DRAFT_FILES} files. Remove one to add another."
            )
        storage_check(user=student, adding=size, area=COURSE_WORK)
        file = SubmissionFile(
            submission=submission,
            kind=kind,
            original_filename=safe_filename(filename),
            content_type=detected.content_type,
            detected=detected.kind,
            size_bytes=size,
            sha256=digest.hexdigest(),
            state=state,
        )
        try:
            file.file.save("upload", content, save=False)
        except STORAGE_ERRORS as exc:  # the submission row above rolls back with this error
            raise ValidationError(STORAGE_UNAVAILABLE) from exc
        file.save()
        submission.draft_saved_at = timezone.now()
        submission.save(update_fields=["draft_saved_at", "updated_at"])
        if kind == FileKind.VIDEO:
            from .video import video_register_for_file

            video_register_for_file(file)
        if kind == FileKind.DOCUMENT and state == ProcessingState.PENDING:
            enqueue(file)
    return file


def _file_drop_from_draft(file: SubmissionFile) -> None:
    """Out of the draft; the stored file goes too unless a submitted attempt holds it."""
    if file.versions.exists():
        file.in_draft = False
        file.save(update_fields=["in_draft"])
        return
    storage = file.file.storage
    names = [file.file.name] + [
        file.preview_page_name(page) for page in range(1, file.preview_pages + 1)
    ]
    file.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def submission_file_remove(*, file: SubmissionFile) -> None:
    with transaction.atomic():
        file = SubmissionFile.objects.select_for_update().get(pk=file.pk)
        if not file.in_draft:
            raise ValidationError("This file belongs to a submitted attempt and stays with it.")
        _file_drop_from_draft(file)


def submission_submit(*, assignment: Assignment, student: User, now=None) -> SubmissionVersion:
    """Hand the draft in as a new attempt. Raises ``SubmissionRefused`` (draft kept)."""
    now = now or timezone.now()
    _check_student(assignment=assignment, student=student)
    with transaction.atomic():
        submission = _submission_for(assignment, student)
        if policy.is_past_cutoff(at=now, cutoff_at=assignment.cutoff_at):
            raise SubmissionRefused(
                "The cut-off for this assignment was "
                f"{format_in_zone(assignment.cutoff_at, student)}, so it can no longer be "
                "submitted. Your draft is saved. Ask your instructor if you need an extension."
            )
        if assignment.max_attempts and submission.attempt >= assignment.max_attempts:
            raise SubmissionRefused(
                f"You have used all {assignment.max_attempts} attempt"
                f"{'s' if assignment.max_attempts != 1 else ''} for this assignment."
            )
        files = list(submission.files.filter(in_draft=True))
        text = submission.draft_text if assignment.allow_text else ""
        if not text.strip() and not files:
            kinds = " or ".join(assignment.submission_types)
            raise SubmissionRefused(f"There is nothing to submit yet: add {kinds} first.")
        if not ratelimit.allow(
            user_id=student.pk, action="submit", scope=f"assignment-{assignment.pk}"
        ):
            raise SubmissionRefused(
                f"You handed this assignment in {ratelimit.LIMITS['submit'][0]} times in the "
                f"last {ratelimit.window_minutes('submit')} minutes, so this attempt was not "
                "submitted. Your draft is saved: submit it again in a few minutes."
            )
        days = policy.days_late(submitted_at=now, due_at=assignment.due_at)
        version = SubmissionVersion.objects.create(
            submission=submission,
            number=submission.attempt + 1,
            submitted_at=now,
            text=text,
            is_late=days > 0,
            days_late=days,
        )
        version.files.set(files)
        submission.attempt = version.number
        submission.submitted_at = now
        submission.is_late = days > 0
        submission.days_late = days
        submission.state = SubmissionState.SUBMITTED
        submission.save(
            update_fields=["attempt", "submitted_at", "is_late", "days_late", "state", "updated_at"]
        )
        if days > 0:
            _notify_instructors_of_late_work(assignment, student, version)
        from .ai_grading import essay_suggest_after_submit  # AI essay grader (E6)

        essay_suggest_after_submit(version=version, assignment=assignment)
    return version


def _notify_instructors_of_late_work(
    assignment: Assignment, student: User, version: SubmissionVersion
) -> None:
    """Tells each instructor, merging into their notice of this submission from the last
    ``LATE_NOTICE_WINDOW`` when there is one (updated and unread again, no new email)."""
    instructors = list(
        Enrollment.objects.filter(
            course_id=assignment.course_id, role=CourseRole.INSTRUCTOR
        ).select_related("user")
    )
    url = reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk])
    title = f"{LATE_NOTICE_TITLE}{student.display_name} · {assignment.title}"
    late_attempts = SubmissionVersion.objects.filter(
        submission_id=version.submission_id, is_late=True
    ).count()
    recent = {  # the newest notice per instructor wins
        notice.user_id: notice
        for notice in Notification.objects.filter(
            user_id__in=[e.user_id for e in instructors],
            category=NotificationCategory.COURSES,
            url=url,
            title__startswith=LATE_NOTICE_TITLE,
            created_at__gte=timezone.now() - LATE_NOTICE_WINDOW,
        ).order_by("created_at", "pk")
    }
    days = f"{version.days_late} day{'s' if version.days_late != 1 else ''}"
    for enrollment in instructors:
        arrived = format_in_zone(version.submitted_at, enrollment.user)
        if late_attempts > 1:
            body = (
                f"{late_attempts} late attempts so far. The latest, attempt {version.number}, "
                f"arrived {arrived}, {days} after the due date."
            )
        else:
            body = f"Attempt {version.number} arrived {arrived}, {days} after the due date."
        notice = recent.get(enrollment.user_id)
        if notice is not None:
            Notification.objects.filter(pk=notice.pk).update(body=body, read_at=None)
            continue
        notify(
            user=enrollment.user,
            title=title,
            body=body,
            url=url,
            category=NotificationCategory.COURSES,
        )
