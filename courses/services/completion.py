"""Course completion (E12): a finished course puts its skills on the student's profile.

Completion: the student (still a student of the course) has, for every published
assignment of the course, a released grade of at least ``COMPLETION_PASS_PERCENT`` of
its points after any late penalty; a course without published assignments is never
complete. Checked when grades are released, or when a released grade is edited
(``courses.services.grading`` calls ``course_completions_check``). Each student
completes a course once: the ``CourseCompletion`` row is written then, the course's
skills are added to their profile with the course as the source, and they are told.

A constant number of queries for the whole batch, plus a few per completion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import NotificationCategory, SkillSource
from accounts.services import notify
from accounts.skills import profile_skills_add

from ..models import (
    COMPLETION_PASS_PERCENT,
    Assignment,
    Course,
    CourseCompletion,
    CourseRole,
    Enrollment,
    Submission,
)

__all__ = [
    "course_completions_check",
]


def _passed() -> Q:
    return Q(assignment__points_possible=0) | Q(
        score__gte=F("assignment__points_possible") * (COMPLETION_PASS_PERCENT / 100)
    )


def course_completions_check(*, submission_ids: Iterable[int]) -> list[CourseCompletion]:
    """Record the completions that the grades of ``submission_ids`` made happen."""
    pairs = set(
        Submission.objects.filter(pk__in=list(submission_ids)).values_list(
            "student_id", "assignment__course_id"
        )
    )
    if not pairs:
        return []
    students = {student for student, _ in pairs}
    courses = {course for _, course in pairs}
    published = dict(
        Assignment.objects.filter(course_id__in=courses, published_at__isnull=False)
        .order_by()
        .values_list("course_id")
        .annotate(n=Count("pk"))
    )
    passed = {
        (row["student_id"], row["assignment__course_id"]): row["n"]
        for row in Submission.objects.filter(
            student_id__in=students,
            assignment__course_id__in=courses,
            assignment__published_at__isnull=False,
            released_at__isnull=False,
            score__isnull=False,
        )
        .filter(_passed())
        .order_by()
        .values("student_id", "assignment__course_id")
        .annotate(n=Count("pk"))
    }
    students_of = set(
        Enrollment.objects.filter(
            user_id__in=students, course_id__in=courses, role=CourseRole.STUDENT
        ).values_list("user_id", "course_id")
    )
    done = set(
        CourseCompletion.objects.filter(user_id__in=students, course_id__in=courses).values_list(
            "user_id", "course_id"
        )
    )
    complete = sorted(
        (student, course)
        for student, course in pairs
        if (student, course) in students_of
        and (student, course) not in done
        and published.get(course, 0) > 0
        and passed.get((student, course), 0) >= published[course]
    )
    if not complete:
        return []
    by_course: dict[int, list[int]] = defaultdict(list)
    for student, course in complete:
        by_course[course].append(student)
    recorded = []
    for finished in Course.objects.filter(pk__in=by_course).prefetch_related("skills"):
        for student_id in by_course[finished.pk]:
            completion = course_complete(course=finished, user_id=student_id)
            if completion is not None:
                recorded.append(completion)
    return recorded


def course_complete(*, course: Course, user_id: int) -> CourseCompletion | None:
    """Record that the student completed ``course`` (once) and add its skills to their
    profile. Returns None when it was already recorded."""
    now = timezone.now()
    try:
        with transaction.atomic():
            completion = CourseCompletion.objects.create(
                course=course, user_id=user_id, completed_at=now
            )
            user = completion.user
            label = f"{course.code} · {course.title}" if course.code else course.title
            added = profile_skills_add(
                user=user,
                names=[skill.name for skill in course.skills.all()],
                kind=SkillSource.COURSE,
                label=label,
                course_id=course.pk,
                at=now,
            )
    except IntegrityError:  # recorded by a parallel release
        return None
    names = ", ".join(row.name for row in added)
    notify(
        user=user,
        title=f"You completed {course.title}",
        body=(
            f"Added to your profile: {names}." if names else "Well done on finishing the course."
        ),
        url=reverse("accounts:profile") + "#skills" if names else course.get_absolute_url(),
        category=NotificationCategory.COURSES,
    )
    return completion
