"""The demo course: the demo instructor has real grading to do, in every state (F6)."""

import pytest

from accounts.demo import seed_users
from courses import demo
from courses.models import (
    Course,
    CourseRole,
    ProcessingState,
    Submission,
    SubmissionFile,
    SubmissionState,
)
from courses.selectors.grading import grading_rows

pytestmark = pytest.mark.django_db


def test_demo_course_has_every_state_and_is_idempotent():
    users = seed_users()
    demo.seed(users=users, log=lambda line: None)
    demo.seed(users=users, log=lambda line: None)  # a second run adds nothing

    course = Course.objects.get(code=demo.COURSE_CODE)
    assert course.sections.count() == 2
    assert course.enrollments.filter(role=CourseRole.STUDENT).count() == 12
    assert course.enrollments.get(user=users["instructor"]).role == CourseRole.INSTRUCTOR
    assert course.enrollments.get(user=users["student"]).role == CourseRole.STUDENT
    assignments = list(course.assignments.order_by("due_at"))
    assert len(assignments) == 4 and all(a.rubric_id and a.is_published for a in assignments)
    assert all(a.skills.exists() for a in assignments)

    submissions = Submission.objects.filter(assignment__course=course)
    states = set(submissions.values_list("state", flat=True))
    assert states == {
        SubmissionState.DRAFT,
        SubmissionState.SUBMITTED,
        SubmissionState.GRADED,
        SubmissionState.RETURNED,
    }
    assert submissions.filter(is_late=True).exists()
    assert SubmissionFile.objects.filter(state=ProcessingState.PENDING).exists()
    statuses = {row.status for a in assignments for row in grading_rows(a)}
    assert {"needs-grading", "graded", "returned", "missing", "not-submitted"} <= statuses
    mine = submissions.filter(student=users["student"])
    assert mine.filter(released_at__isnull=False).exists()  # a grade to look at
    assert mine.filter(state=SubmissionState.DRAFT).exists()  # and work in progress
