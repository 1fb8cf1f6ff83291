"""The instructor's home: their courses with what needs them (work to grade oldest first,
late and missing work, held posts with approve and remove, pending peer reviews, due
dates, feed activity), their landing page after sign-in, and the moderation queue's
per-row decisions and counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditAction, AuditEvent
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from courses.models import CourseComment, CoursePost, ModerationStatus

from .conftest import staff_client
from .factories import hand_in, make_assignment, make_course, make_student

pytestmark = pytest.mark.django_db

HOME = "/courses/teaching/"


def held_post(course, author, body="Buy cheap essays now"):
    return CoursePost.objects.create(
        course=course,
        author=author,
        body=body,
        status=ModerationStatus.PENDING,
        flag_reasons=["spam"],
    )


def test_the_home_lists_work_to_grade_oldest_first_with_late_and_missing(
    instructor_client, course, assignment, student
):
    """Guards the instructor's home: grading work, oldest first, each linking to its grading."""
    older = make_assignment(course, title="Older essay", due_in=dt.timedelta(days=-5))
    other = make_student(course, email="two@example.com")
    hand_in(older, student, now=timezone.now() - dt.timedelta(days=1))
    hand_in(assignment, student)
    page = instructor_client.get(HOME).content.decode()
    assert page.index("Older essay") < page.index(assignment.title)
    assert reverse("admin:courses_assignment_grading", args=[older.pk]) in page
    assert "2</span>" in page  # two to grade
    assert "1 late, 1 missing" in page  # handed in 4 days late; ``other`` never did
    assert other.pk


def test_the_home_shows_held_posts_with_approve_and_remove_one_click_away(
    instructor_client, course, student
):
    """Guards moderation from the home: the held post, why, and the two buttons."""
    post = held_post(course, student)
    page = instructor_client.get(HOME).content.decode()
    assert "Buy cheap essays now" in page
    assert reverse("courses:held_decide", args=["post", post.pk, "approve"]) in page
    assert reverse("courses:held_decide", args=["post", post.pk, "remove"]) in page
    assert "1 held for review" in page


def test_approving_a_held_post_publishes_it_and_writes_the_audit_log(
    instructor_client, instructor, course, student
):
    post = held_post(course, student)
    url = reverse("courses:held_decide", args=["post", post.pk, "approve"])
    assert instructor_client.get(url).status_code == 405  # a mutation is a POST
    response = instructor_client.post(url, {"next": HOME})
    assert response.status_code == 302 and response.url == HOME
    post.refresh_from_db()
    assert post.status == ModerationStatus.PUBLISHED and post.reviewed_by == instructor
    event = AuditEvent.objects.get(action=AuditAction.MODERATION_DECISION)
    assert event.actor == instructor and event.detail["decision"] == "approved"


def test_removing_a_held_comment_from_the_admin_row_returns_to_the_queue(
    instructor_client, course, student
):
    post = CoursePost.objects.create(course=course, author=student, body="Hello")
    comment = CourseComment.objects.create(
        post=post, author=student, body="Nasty words", status=ModerationStatus.PENDING
    )
    queue = reverse("admin:courses_coursecomment_changelist")
    url = reverse("courses:held_decide", args=["comment", comment.pk, "remove"])
    response = instructor_client.post(f"{url}?next={queue}")
    assert response.status_code == 302 and response.url == queue
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.REMOVED


def test_another_instructor_gets_404_and_the_post_stays_held(course, student, other_world):
    post = held_post(course, student)
    stranger = staff_client(other_world["instructor"])
    for decision in ("approve", "remove"):
        url = reverse("courses:held_decide", args=["post", post.pk, decision])
        assert stranger.post(url).status_code == 404
    post.refresh_from_db()
    assert post.status == ModerationStatus.PENDING
    assert not AuditEvent.objects.filter(action=AuditAction.MODERATION_DECISION).exists()


def test_an_offsite_next_is_ignored(instructor_client, course, student):
    post = held_post(course, student)
    url = reverse("courses:held_decide", args=["post", post.pk, "approve"])
    response = instructor_client.post(url, {"next": "https://evil.example/"})
    assert response.url == HOME


def test_instructors_land_on_their_home_and_seekers_on_the_dashboard(
    instructor, instructor_client, course
):
    """Guards the instructor's dashboard that showed job-seeker widgets and no grading."""
    # Teaching pages need two-factor authentication; without it the dashboard stays.
    assert instructor_client.get(reverse("dashboard")).status_code == 200
    response = staff_client(instructor, with_totp=True).get(reverse("dashboard"))
    assert response.status_code == 302 and response.url == HOME
    seeker = staff_client(UserFactory(roles=[Role.SEEKER]))
    assert seeker.get(HOME).status_code == 404  # teaches nothing
    assert seeker.get(reverse("courses:list")).status_code == 200


def test_the_navigation_shows_the_held_count(instructor_client, course, student):
    held_post(course, student)
    held_post(course, student, body="Second")
    page = instructor_client.get(reverse("courses:list")).content.decode()
    assert 'href="/courses/teaching/"' in page
    assert '<span class="badge" title="Held for review">2' in page


def test_the_courses_page_puts_teaching_first_without_the_empty_learner_message(
    instructor_client, course
):
    """Guards "You are not in a course yet" shown above "Teaching"."""
    page = instructor_client.get(reverse("courses:list")).content.decode()
    assert "Teaching" in page
    assert "You are not in a course yet" not in page


def test_the_admin_queue_has_row_buttons_and_the_held_count(instructor_client, course, student):
    """Guards the queue whose decisions sat only in the bulk dropdown."""
    post = held_post(course, student)
    page = instructor_client.get(reverse("admin:courses_coursepost_changelist")).content
    page = page.decode()
    assert "1 held for review" in page
    approve = reverse("courses:held_decide", args=["post", post.pk, "approve"])
    assert f'formaction="{approve}?next=/admin/courses/coursepost/"' in page


def test_the_home_runs_as_many_queries_for_three_courses_as_for_one(instructor, course, student):
    client = staff_client(instructor)
    held_post(course, student)
    hand_in(make_assignment(course), student)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)

    client.get(HOME)
    one = count()
    for index in range(2):
        more = make_course(instructor, title=f"More {index}", code=f"M-{index}")
        pupil = make_student(more, email=f"m{index}@example.com")
        held_post(more, pupil)
        hand_in(make_assignment(more), pupil)
    assert count() == one
