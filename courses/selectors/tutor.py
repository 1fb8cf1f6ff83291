"""AI tutor (E7) lookups: a student's own threads, and usage counts for instructors.

Threads are private to their student. Every page reaches a thread or message through
``get_tutor_thread_for_student`` / ``get_tutor_message_for_student``: anyone else,
teaching staff and superusers included, gets a 404. Instructors see only counts
(``tutor_usage``), never a word of what was asked or answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Course, CourseRole, Enrollment, TutorMessage, TutorThread
from .access import get_enrollment_for_user

STUDENT_ROLE = TutorMessage.Role.STUDENT


def get_student_enrollment(user, course_id) -> Enrollment:
    """The user's enrolment as a student in an active course; 404 otherwise."""
    enrollment = get_enrollment_for_user(user, course_id)
    if enrollment.role != CourseRole.STUDENT:
        raise Http404
    return enrollment


def _own_threads(user) -> QuerySet[TutorThread]:
    return TutorThread.objects.filter(
        student_id=user.pk,
        course__archived_at__isnull=True,
        course__enrollments__user_id=user.pk,
        course__enrollments__role=CourseRole.STUDENT,
    )


def get_tutor_thread_for_student(user, pk) -> TutorThread:
    return get_object_or_404(_own_threads(user).select_related("course", "assignment"), pk=pk)


def get_tutor_message_for_student(user, pk) -> TutorMessage:
    message = get_object_or_404(
        TutorMessage.objects.select_related("thread"),
        pk=pk,
        thread__in=_own_threads(user).values("id"),
    )
    return message


def student_threads(user, course_id: int) -> QuerySet[TutorThread]:
    """The student's threads in one course, newest first, with their question counts."""
    return (
        TutorThread.objects.filter(student_id=user.pk, course_id=course_id)
        .select_related("assignment")
        .annotate(n_questions=Count("messages", filter=Q(messages__role=STUDENT_ROLE)))
        .order_by("-updated_at", "-id")
    )


# --- Instructor analytics: counts only -----------------------------------------------------
@dataclass
class StudentTutorUsage:
    enrollment: Enrollment
    threads: int
    questions: int
    last_asked: datetime | None


@dataclass
class TutorUsage:
    students_using: int
    threads: int
    questions: int
    per_student: list[StudentTutorUsage]


def tutor_usage(course: Course) -> TutorUsage:
    """Per current student: how many tutor threads and questions, and when they last asked.

    One query: an aggregate over the students' thread and message rows.
    """
    in_course = Q(user__tutor_threads__course=course)
    asked = in_course & Q(user__tutor_threads__messages__role=STUDENT_ROLE)
    rows = (
        Enrollment.objects.filter(course=course, role=CourseRole.STUDENT)
        .select_related("user", "section")
        .annotate(
            n_threads=Count("user__tutor_threads", filter=in_course, distinct=True),
            n_questions=Count("user__tutor_threads__messages", filter=asked),
            last_asked=Max("user__tutor_threads__messages__created_at", filter=asked),
        )
        .order_by("user__name", "user__email")
    )
    per_student = [
        StudentTutorUsage(
            enrollment=e, threads=e.n_threads, questions=e.n_questions, last_asked=e.last_asked
        )
        for e in rows
    ]
    return TutorUsage(
        students_using=sum(1 for s in per_student if s.threads),
        threads=sum(s.threads for s in per_student),
        questions=sum(s.questions for s in per_student),
        per_student=per_student,
    )
