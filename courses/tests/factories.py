"""Builders for courses tests: courses with sections, people, rubrics, assignments and work."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from courses import services
from courses.models import (
    Assignment,
    Course,
    CourseRole,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Section,
)

DEFAULT_CRITERIA = (
    ("Structure", (("Excellent", 10), ("Good", 7), ("Needs work", 3))),
    ("Evidence", (("Excellent", 10), ("Good", 6), ("Missing", 0))),
)


def make_instructor(email: str | None = None, **kwargs):
    if email:
        kwargs["email"] = email
    return UserFactory(roles=[Role.INSTRUCTOR], **kwargs)


def make_course(
    instructor=None, *, title="Career Launch", code="CAR-101", sections=("A",)
) -> Course:
    instructor = instructor or make_instructor()
    course = services.course_create(
        created_by=instructor, title=title, code=code, section_name=sections[0]
    )
    for name in sections[1:]:
        Section.objects.create(course=course, name=name)
    return course


def make_student(course: Course, *, section: Section | None = None, **kwargs):
    user = UserFactory(**kwargs)
    services.enrollment_add(course=course, user=user, role=CourseRole.STUDENT, section=section)
    return user


def make_rubric(course: Course, criteria=DEFAULT_CRITERIA, title="Essay rubric") -> Rubric:
    rubric = Rubric.objects.create(course=course, title=title)
    for position, (name, levels) in enumerate(criteria):
        criterion = RubricCriterion.objects.create(rubric=rubric, position=position, title=name)
        for level_position, (label, points) in enumerate(levels):
            RubricLevel.objects.create(
                criterion=criterion, position=level_position, title=label, points=Decimal(points)
            )
    return rubric


def make_assignment(
    course: Course,
    *,
    title="Write your story",
    published=True,
    due_in=dt.timedelta(days=3),
    due_at=None,
    cutoff_after=None,
    **fields,
) -> Assignment:
    due_at = due_at or timezone.now() + due_in
    fields.setdefault("points_possible", Decimal("20"))
    assignment = Assignment.objects.create(
        course=course,
        title=title,
        due_at=due_at,
        cutoff_at=due_at + cutoff_after if cutoff_after is not None else None,
        published_at=timezone.now() if published else None,
        publish_notified_at=timezone.now() if published else None,
        **fields,
    )
    return assignment


def hand_in(assignment: Assignment, student, text="My essay.", *, now=None):
    services.submission_save_draft(assignment=assignment, student=student, text=text)
    return services.submission_submit(assignment=assignment, student=student, now=now)


def level(assignment: Assignment, criterion_title: str, level_title: str) -> RubricLevel:
    return RubricLevel.objects.get(
        criterion__rubric=assignment.rubric, criterion__title=criterion_title, title=level_title
    )


# --- Files ------------------------------------------------------------------------------------


def pdf_bytes(pages: int = 2, text: str = "Hello from a PDF") -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), f"{text} — page {number + 1}")
    data = doc.tobytes()
    doc.close()
    return data


def png_bytes(size=(40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bytes(text: str = "A Word essay paragraph.") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mp4_bytes(size: int = 4096) -> bytes:
    head = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    return head + b"\x00" * max(0, size - len(head))


def upload(name: str, data: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
