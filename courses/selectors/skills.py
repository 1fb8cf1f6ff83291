"""Skill gaps to courses (E12): which courses and assignments teach a missing skill.

Skill tags are matched to the analysis's skill names by canonical name (see
``accounts.skills.skill_key``): a course tagged "JS" teaches the missing "JavaScript".

What a user is shown for a skill:

- courses tagged with it that are on offer: not archived, with at least one published
  assignment, and either the user is in the course or one of its sections takes new
  students (join codes are never shown; the user asks the instructor for one);
- published assignments tagged with it in the courses the user is in, with how far the
  user got with each.

Three queries whatever the number of skills, courses or assignments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from accounts.skills import skill_key

from ..models import (
    Assignment,
    Course,
    Enrollment,
    Section,
    Skill,
    Submission,
    SubmissionState,
)
from ..models.courses import TEACHING_ROLES

MAX_COURSES_PER_SKILL = 4
MAX_ASSIGNMENTS_PER_SKILL = 5

_SUBMISSION_LABELS: dict[str | None, str] = {
    None: "To do",
    SubmissionState.DRAFT: "Draft",
    SubmissionState.SUBMITTED: "Handed in",
    SubmissionState.GRADED: "Handed in",
    SubmissionState.RETURNED: "Graded",
}


@dataclass(frozen=True)
class CourseLink:
    course: Course
    role: str | None  # the user's course role; None: not in the course

    @property
    def enrolled(self) -> bool:
        return self.role is not None

    @property
    def state_label(self) -> str:
        if self.role is None:
            return "join with a code from your instructor"
        if self.role in TEACHING_ROLES:
            return "You teach it"
        return "You're in this course"

    @property
    def url(self) -> str:
        return self.course.get_absolute_url() if self.enrolled else reverse("courses:join")


@dataclass(frozen=True)
class AssignmentLink:
    assignment: Assignment
    submission_state: str | None

    @property
    def course(self) -> Course:
        return self.assignment.course

    @property
    def state_label(self) -> str:
        return _SUBMISSION_LABELS.get(self.submission_state, "To do")

    @property
    def url(self) -> str:
        return self.assignment.get_absolute_url()


@dataclass
class SkillGap:
    skill: str
    courses: list[CourseLink] = field(default_factory=list)
    assignments: list[AssignmentLink] = field(default_factory=list)

    @property
    def has_links(self) -> bool:
        return bool(self.courses or self.assignments)


def _skill_ids_by_key(keys: set[str]) -> dict[int, str]:
    """Skill tag id → the key it matched. The tag vocabulary is small (instructors curate
    it), so it is read whole and canonicalised here: aliases need the taxonomy."""
    found = {}
    for pk, name in Skill.objects.values_list("id", "name"):
        key = skill_key(name)
        if key in keys:
            found[pk] = key
    return found


def courses_for_skills(names: Iterable[str], user) -> list[SkillGap]:
    """For each skill in ``names`` (in order, duplicates dropped), the courses and
    assignments that teach it for ``user``."""
    gaps: dict[str, SkillGap] = {}
    for name in names:
        key = skill_key(name)
        if key and key not in gaps:
            gaps[key] = SkillGap(skill=" ".join(name.split()))
    if not gaps:
        return []
    matched = _skill_ids_by_key(set(gaps))
    if not matched:
        return list(gaps.values())
    user_id = getattr(user, "pk", None)

    # The stubs cannot see annotations on an auto-created through model (has_work below).
    course_tags = (
        Course.skills.through.objects.filter(skill_id__in=matched, course__archived_at__isnull=True)  # type: ignore[misc]
        .annotate(
            my_role=Subquery(
                Enrollment.objects.filter(course_id=OuterRef("course_id"), user_id=user_id).values(  # type: ignore[misc]
                    "role"
                )[:1]
            ),
            has_work=Exists(
                Assignment.objects.filter(
                    course_id=OuterRef("course_id"), published_at__isnull=False
                )
            ),
            open_to_join=Exists(
                Section.objects.filter(course_id=OuterRef("course_id"), join_enabled=True)
            ),
        )
        .filter(has_work=True)
        .filter(Q(my_role__isnull=False) | Q(open_to_join=True))
        .select_related("course")
        .order_by("course__title", "course_id")
    )
    for tag in course_tags:
        gap = gaps[matched[tag.skill_id]]
        if any(link.course.pk == tag.course_id for link in gap.courses):
            continue
        gap.courses.append(CourseLink(course=tag.course, role=tag.my_role))

    if user_id is not None:
        assignment_tags = (
            Assignment.skills.through.objects.filter(
                skill_id__in=matched,
                assignment__published_at__isnull=False,
                assignment__course__archived_at__isnull=True,
                assignment__course__enrollments__user_id=user_id,
            )
            .annotate(
                my_state=Subquery(
                    Submission.objects.filter(
                        assignment_id=OuterRef("assignment_id"), student_id=user_id
                    ).values("state")[:1]
                )
            )
            .select_related("assignment__course")
            .order_by("assignment__due_at", "assignment__position", "assignment_id")
        )
        for assignment_tag in assignment_tags:
            gap = gaps[matched[assignment_tag.skill_id]]
            if any(link.assignment.pk == assignment_tag.assignment_id for link in gap.assignments):
                continue
            gap.assignments.append(
                AssignmentLink(
                    assignment=assignment_tag.assignment, submission_state=assignment_tag.my_state
                )
            )

    for gap in gaps.values():
        # The user's own courses first, then the rest by title.
        gap.courses.sort(key=lambda link: (not link.enrolled, link.course.title.casefold()))
        del gap.courses[MAX_COURSES_PER_SKILL:]
        del gap.assignments[MAX_ASSIGNMENTS_PER_SKILL:]
    return list(gaps.values())
