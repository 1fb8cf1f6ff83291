"""Who may reach what: the one home of course scoping.

- Students (and anyone enrolled) reach their courses' pages; anything else is a 404.
- Teaching staff (course role TA or instructor) reach their courses in the admin.
  Instructors manage the course itself (settings, sections, people); TAs grade and
  manage assignments but cannot change the course or its people.
- Superusers reach everything.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import (
    Assignment,
    AssignmentAttachment,
    Course,
    CourseRole,
    Enrollment,
    Submission,
    SubmissionFile,
)
from ..models.courses import TEACHING_ROLES


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def taught_course_ids(user, *, instructor_only: bool = False) -> QuerySet:
    """Ids of the courses ``user`` teaches, as a subquery (all courses for superusers)."""
    if _is_superuser(user):
        return Course.objects.values("id")
    roles: list[str] = [CourseRole.INSTRUCTOR] if instructor_only else list(TEACHING_ROLES)
    return Enrollment.objects.filter(user_id=user.pk, role__in=roles).values("course_id")


def teaching_courses(user, *, instructor_only: bool = False) -> QuerySet[Course]:
    return Course.objects.filter(id__in=taught_course_ids(user, instructor_only=instructor_only))


def course_role(user, course_id: int) -> str | None:
    if getattr(user, "pk", None) is None:
        return None
    return (
        Enrollment.objects.filter(user_id=user.pk, course_id=course_id)
        .values_list("role", flat=True)
        .first()
    )


def can_teach(user, course_id: int) -> bool:
    return _is_superuser(user) or course_role(user, course_id) in TEACHING_ROLES


def can_manage_course(user, course_id: int) -> bool:
    """Course settings, sections and people: instructors (and superusers) only."""
    return _is_superuser(user) or course_role(user, course_id) == CourseRole.INSTRUCTOR


# --- Staff lookups (admin) -----------------------------------------------------------------


def get_course_for_staff(user, pk, *, instructor_only: bool = False) -> Course:
    return get_object_or_404(
        Course, pk=pk, id__in=taught_course_ids(user, instructor_only=instructor_only)
    )


def get_assignment_for_staff(user, pk) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("course", "rubric"),
        pk=pk,
        course_id__in=taught_course_ids(user),
    )


def get_submission_file_for_staff(user, pk) -> SubmissionFile:
    return get_object_or_404(
        SubmissionFile.objects.select_related("submission__assignment"),
        pk=pk,
        submission__assignment__course_id__in=taught_course_ids(user),
    )


def get_attachment_for_staff(user, pk) -> AssignmentAttachment:
    return get_object_or_404(
        AssignmentAttachment, pk=pk, assignment__course_id__in=taught_course_ids(user)
    )


# --- Student lookups (site pages) -----------------------------------------------------------


def get_enrollment_for_user(user, course_id) -> Enrollment:
    """The user's enrolment in course ``course_id``; 404 when not enrolled."""
    return get_object_or_404(
        Enrollment.objects.select_related("course", "section"),
        course_id=course_id,
        user=user,
        course__archived_at__isnull=True,
    )


def visible_assignments(course_id: int) -> QuerySet[Assignment]:
    return Assignment.objects.filter(course_id=course_id, published_at__isnull=False)


def get_assignment_for_student(user, course_id, pk) -> tuple[Enrollment, Assignment]:
    enrollment = get_enrollment_for_user(user, course_id)
    assignment = get_object_or_404(
        visible_assignments(enrollment.course_id).select_related("rubric"), pk=pk
    )
    assignment.course = enrollment.course
    return enrollment, assignment


def get_submission_for_student(user, assignment: Assignment) -> Submission | None:
    return Submission.objects.filter(assignment=assignment, student=user).first()


def get_submission_file_for_owner(user, pk) -> SubmissionFile:
    """A student's own uploaded file; 404 for everyone else's (and after unenrolment)."""
    file = get_object_or_404(
        SubmissionFile.objects.select_related("submission__assignment"),
        pk=pk,
        submission__student=user,
    )
    if not Enrollment.objects.filter(
        user=user, course_id=file.submission.assignment.course_id
    ).exists():
        raise Http404
    return file


def get_attachment_for_student(user, pk) -> AssignmentAttachment:
    return get_object_or_404(
        AssignmentAttachment,
        pk=pk,
        assignment__published_at__isnull=False,
        assignment__course__enrollments__user=user,
    )
