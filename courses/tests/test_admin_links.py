"""Every admin link an instructor is shown on their courses' pages leads somewhere they may
go: a person on an enrolment, a moderated post or an invitation is shown by name and email,
not as a link to the user admin (which answers 403 to an instructor)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from courses.models import CourseInvitation, CoursePost, ModerationStatus

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/admin/[^"#?]*)')


def admin_links(html: str) -> set[str]:
    return set(HREF.findall(html))


def forbidden_links(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        link
        for link in sorted(admin_links(response.content.decode()))
        if client.get(link).status_code == 403
    ]


def test_the_instructors_own_enrolment_page_links_nowhere_forbidden(
    instructor_client, course, instructor, student
):
    """Guards the enrolment page whose person linked to the user admin (403)."""
    for enrollment in course.enrollments.filter(user__in=[instructor, student]):
        url = reverse("admin:courses_enrollment_change", args=[enrollment.pk])
        assert forbidden_links(instructor_client, url) == []
        page = instructor_client.get(url).content.decode()
        assert enrollment.user.email in page
        assert f"/admin/accounts/user/{enrollment.user_id}/" not in page


def test_a_held_post_and_an_invitation_name_their_people_without_a_forbidden_link(
    instructor_client, course, instructor, student
):
    """Guards the moderation page's author and reviewer and the invitation's inviter."""
    post = CoursePost.objects.create(
        course=course,
        author=student,
        body="Held for review",
        status=ModerationStatus.REMOVED,
        reviewed_by=instructor,
    )
    invitation = CourseInvitation.objects.create(
        course=course, email="new@example.com", invited_by=instructor
    )
    for url in (
        reverse("admin:courses_coursepost_change", args=[post.pk]),
        reverse("admin:courses_courseinvitation_change", args=[invitation.pk]),
    ):
        assert forbidden_links(instructor_client, url) == []
    page = instructor_client.get(reverse("admin:courses_coursepost_change", args=[post.pk]))
    assert student.email in page.content.decode()
