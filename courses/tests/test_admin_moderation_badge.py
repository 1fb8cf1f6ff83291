"""The admin sidebar's count badges on the moderation queues: what waits in the courses
the staff member moderates, counted in one query, and no badge when nothing waits."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from courses.models import CourseComment, CoursePost, ModerationStatus

from .conftest import staff_client

pytestmark = pytest.mark.django_db

POSTS = "/admin/courses/coursepost/"
COMMENTS = "/admin/courses/coursecomment/"


def held(course, author, count: int, *, comments: int = 0) -> None:
    for number in range(count):
        CoursePost.objects.create(
            course=course, author=author, body=f"Held {number}", status=ModerationStatus.PENDING
        )
    post = CoursePost.objects.create(course=course, author=author, body="Fine")
    for number in range(comments):
        CourseComment.objects.create(
            post=post, author=author, body=f"Held {number}", status=ModerationStatus.PENDING
        )


def badge(page: str, link: str) -> str | None:
    """The badge text inside the sidebar link to ``link``, or None without a badge."""
    match = re.search(rf'<a href="{re.escape(link)}"[^>]*>(.*?)</a>', page, re.S)
    assert match, f"no sidebar link to {link}"
    number = re.search(r"<span[^>]*>\s*(\d+)\s*</span>", match.group(1))
    return number.group(1) if number else None


def test_the_queue_entries_count_what_the_instructor_may_moderate(
    instructor_client, course, student, other_world
):
    """Guards a sidebar that showed nothing of the held items waiting."""
    held(course, student, 2, comments=1)
    held(other_world["course"], other_world["student"], 3, comments=2)  # not theirs
    CoursePost.objects.create(
        course=course, author=student, body="Done", status=ModerationStatus.REMOVED
    )
    page = instructor_client.get(reverse("admin:courses_assignment_changelist")).content.decode()
    assert badge(page, POSTS) == "2"
    assert badge(page, COMMENTS) == "1"
    superuser = staff_client(UserFactory(roles=[Role.ADMIN]))
    page = superuser.get(reverse("admin:courses_assignment_changelist")).content.decode()
    assert badge(page, POSTS) == "5"
    assert badge(page, COMMENTS) == "3"


def test_no_badge_when_nothing_waits(instructor_client, course, student):
    CoursePost.objects.create(course=course, author=student, body="Published")
    page = instructor_client.get(reverse("admin:courses_assignment_changelist")).content.decode()
    assert badge(page, POSTS) is None
    assert badge(page, COMMENTS) is None
    assert 'href="/admin/courses/assignment/"' in page  # the other entries stay


def test_the_badges_cost_one_query_whatever_waits(instructor_client, course, student):
    """Guards a count per entry or per held item on every admin page."""
    url = reverse("admin:courses_assignment_changelist")

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert instructor_client.get(url).status_code == 200
        return [q["sql"] for q in captured]

    held(course, student, 1, comments=1)
    few = queries()
    held(course, student, 20, comments=10)
    many = queries()
    assert len(many) == len(few)
    counting = [sql for sql in many if "courses_coursecomment" in sql]
    assert len(counting) == 1 and "courses_coursepost" in counting[0]
