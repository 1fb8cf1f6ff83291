"""Demo data for skill gaps to courses (E12) and cohort outcomes (E11, second part).

Called by ``courses.demo.seed`` after the demo course exists:

- the demo course is tagged with the skills it teaches;
- a second, small course on cloud-native backend work (tagged "K8s", an alias of
  Kubernetes, plus Redis, Terraform and FastAPI) is open to join, so an analysis of a
  backend job that asks for Kubernetes or Redis links to it;
- the demo student and five classmates share their job-search outcomes with the demo
  course since eight weeks ago, each with a generated job tracker, so the instructor's
  analytics show the cohort's weekly applications, interviews and offers.

Idempotent: every step checks what exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils import timezone

from accounts.models import User

from .. import services
from ..models import Assignment, CohortConsent, Course, Skill

COURSE_SKILLS = ("Interviewing", "Resume writing", "Cover letters", "Storytelling", "Communication")
BACKEND_CODE = "CNB-201"
BACKEND_SKILLS = ("K8s", "Redis", "Terraform", "FastAPI")
SHARING_STUDENTS = 6  # the demo student and five classmates
SHARING_SINCE = dt.timedelta(weeks=8)


def _skills(names: Sequence[str]) -> list[Skill]:
    found = []
    for name in names:
        found.append(
            Skill.objects.filter(name__iexact=name).first() or Skill.objects.create(name=name)
        )
    return found


def _backend_course(instructor: User, log: Callable[[str], None]) -> None:
    if Course.objects.filter(code=BACKEND_CODE).exists():
        return
    course = services.course_create(
        created_by=instructor,
        title="Cloud-Native Backend Foundations",
        code=BACKEND_CODE,
        description="<p>Four weeks of hands-on backend work: containers on Kubernetes, caching "
        "with Redis, infrastructure as code with Terraform, and APIs in FastAPI.</p>",
        section_name="Open cohort",
    )
    course.skills.set(_skills(BACKEND_SKILLS))
    now = timezone.now().replace(second=0, microsecond=0)
    assignment = Assignment.objects.create(
        course=course,
        title="Deploy a service to Kubernetes with a Redis cache",
        instructions="<p>Deploy the starter API to a local Kubernetes cluster, add a Redis "
        "cache in front of its slowest endpoint, and write up what changed.</p>",
        due_at=now + dt.timedelta(days=14),
        points_possible=Decimal("20"),
        published_at=now,
        publish_notified_at=now,
    )
    assignment.skills.set(_skills(("Kubernetes", "Redis")))
    log(f"course {BACKEND_CODE}: tagged {', '.join(BACKEND_SKILLS)}, open to join")


def _sharing_cohort(course: Course, students: Sequence[User], log: Callable[[str], None]) -> None:
    from tracker.demo import seed_demo_applications

    since = timezone.now() - SHARING_SINCE
    sharing = list(students[:SHARING_STUDENTS])
    for index, student in enumerate(sharing):
        seed_demo_applications(user=student, count=18 + 3 * index, seed=1000 + index)
        if not CohortConsent.objects.filter(course=course, user=student).exists():
            CohortConsent.objects.create(
                course=course, user=student, consented_at=since + dt.timedelta(days=index)
            )
    log(f"cohort outcomes: {len(sharing)} students of {course.code} share their job search")


def seed(*, course: Course, students: Sequence[User], instructor: User, log) -> None:
    course.skills.add(*_skills(COURSE_SKILLS))
    _backend_course(instructor, log)
    _sharing_cohort(course, students, log)
