"""The instructor's home: per course they teach, what needs them now.

A fixed number of queries whatever the number of courses: work to grade per assignment
(oldest first), late and missing work, posts and comments held by moderation, peer reviews
not done yet, upcoming due dates and recent feed activity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import user_has_mfa, user_roles

from ..models import (
    Assignment,
    Course,
    CourseComment,
    CoursePost,
    CourseRole,
    Enrollment,
    ModerationStatus,
    PeerReview,
    PeerReviewState,
    Submission,
    SubmissionState,
)
from ..models.courses import TEACHING_ROLES
from .access import can_teach

SHOWN = 5  # items of each kind per course; the counts cover all


@dataclass
class ToGrade:
    assignment_id: int
    title: str
    count: int
    oldest: dt.datetime


@dataclass
class CourseWork:
    course: Course
    role: str
    students: int = 0
    to_grade: list[ToGrade] = field(default_factory=list)
    late: int = 0
    missing: int = 0
    held: list = field(default_factory=list)
    held_count: int = 0
    peer_pending: int = 0
    upcoming: list[Assignment] = field(default_factory=list)
    recent_posts: list[CoursePost] = field(default_factory=list)

    @property
    def to_grade_count(self) -> int:
        return sum(row.count for row in self.to_grade)

    @property
    def needs_attention(self) -> bool:
        return bool(self.to_grade or self.held_count or self.peer_pending)


def teaching_enrollments(user):
    return (
        Enrollment.objects.filter(
            user_id=user.pk, role__in=TEACHING_ROLES, course__archived_at__isnull=True
        )
        .select_related("course")
        .order_by("course__title", "course_id")
    )


def teaches_any_course(user) -> bool:
    return getattr(user, "pk", None) is not None and teaching_enrollments(user).exists()


def lands_on_teaching_home(user) -> bool:
    """Instructors who do not search for jobs land on their teaching home. Teaching pages
    need two-factor authentication: without it they keep the dashboard, open to all."""
    roles = user_roles(user)
    if Role.INSTRUCTOR not in roles or Role.SEEKER in roles:
        return False
    return teaches_any_course(user) and user_has_mfa(user)


def held_count(user) -> int:
    """Posts and comments held by moderation in the courses ``user`` teaches."""
    ids = teaching_enrollments(user).values("course_id")
    pending = ModerationStatus.PENDING
    return (
        CoursePost.objects.filter(course_id__in=ids, status=pending).count()
        + CourseComment.objects.filter(post__course_id__in=ids, status=pending).count()
    )


def get_held_item_for_staff(user, kind: str, pk: int):
    """A post or comment of a course ``user`` teaches; 404 for anyone else."""
    item: CoursePost | CourseComment
    if kind == "post":
        item = get_object_or_404(CoursePost.objects.select_related("course", "author"), pk=pk)
        course_id = item.course_id
    elif kind == "comment":
        item = get_object_or_404(
            CourseComment.objects.select_related("post__course", "author"), pk=pk
        )
        course_id = item.post.course_id
    else:
        raise Http404
    if not can_teach(user, course_id):
        raise Http404
    return item


def teaching_overview(user, *, now: dt.datetime | None = None) -> list[CourseWork]:
    now = now or timezone.now()
    works = {
        e.course_id: CourseWork(course=e.course, role=e.get_role_display())
        for e in teaching_enrollments(user)
    }
    ids = list(works)
    if not ids:
        return []
    for row in (
        Enrollment.objects.filter(course_id__in=ids, role=CourseRole.STUDENT)
        .values("course_id")
        .annotate(n=Count("id"))
    ):
        works[row["course_id"]].students = row["n"]
    _to_grade(works, ids)
    _missing(works, ids, now)
    _held(works, ids)
    for row in (
        PeerReview.objects.filter(assignment__course_id__in=ids)
        .exclude(state=PeerReviewState.SUBMITTED)
        .values("assignment__course_id")
        .annotate(n=Count("id"))
    ):
        works[row["assignment__course_id"]].peer_pending = row["n"]
    for assignment in Assignment.objects.filter(
        course_id__in=ids, published_at__isnull=False, due_at__gte=now
    ).order_by("due_at")[: SHOWN * len(ids)]:
        shown = works[assignment.course_id].upcoming
        if len(shown) < SHOWN:
            shown.append(assignment)
    for post in (
        CoursePost.objects.filter(course_id__in=ids, status=ModerationStatus.PUBLISHED)
        .select_related("author")
        .order_by("-created_at", "-id")[: SHOWN * len(ids)]
    ):
        recent = works[post.course_id].recent_posts
        if len(recent) < 3:
            recent.append(post)
    return list(works.values())


def _to_grade(works: dict[int, CourseWork], ids: list[int]) -> None:
    rows = (
        Submission.objects.filter(assignment__course_id__in=ids, state=SubmissionState.SUBMITTED)
        .values("assignment_id", "assignment__title", "assignment__course_id")
        .annotate(
            n=Count("id"),
            oldest=Min("submitted_at"),
            late=Count("id", filter=Q(is_late=True)),
        )
        .order_by("oldest", "assignment_id")
    )
    for row in rows:
        work = works[row["assignment__course_id"]]
        work.to_grade.append(
            ToGrade(row["assignment_id"], row["assignment__title"], row["n"], row["oldest"])
        )
        work.late += row["late"]


def _missing(works: dict[int, CourseWork], ids: list[int], now: dt.datetime) -> None:
    """Students without a hand-in for each published assignment past its due date."""
    past_due = (
        Assignment.objects.filter(course_id__in=ids, published_at__isnull=False, due_at__lt=now)
        .values("id", "course_id")
        .annotate(handed_in=Count("submissions", filter=Q(submissions__attempt__gt=0)))
    )
    for row in past_due:
        work = works[row["course_id"]]
        work.missing += max(work.students - row["handed_in"], 0)


def _held(works: dict[int, CourseWork], ids: list[int]) -> None:
    pending = ModerationStatus.PENDING
    posts = CoursePost.objects.filter(course_id__in=ids, status=pending)
    comments = CourseComment.objects.filter(post__course_id__in=ids, status=pending)
    for row in posts.values("course_id").annotate(n=Count("id")):
        works[row["course_id"]].held_count += row["n"]
    for row in comments.values("post__course_id").annotate(n=Count("id")):
        works[row["post__course_id"]].held_count += row["n"]
    items: list[CoursePost | CourseComment] = [
        *posts.select_related("author").order_by("created_at")[: SHOWN * len(ids)],
        *comments.select_related("author", "post").order_by("created_at")[: SHOWN * len(ids)],
    ]
    for item in sorted(items, key=lambda item: item.created_at):
        course_id = item.course_id if isinstance(item, CoursePost) else item.post.course_id
        held = works[course_id].held
        if len(held) < SHOWN:
            item.kind = "post" if isinstance(item, CoursePost) else "comment"  # type: ignore[union-attr]  # shown by the page
            held.append(item)
