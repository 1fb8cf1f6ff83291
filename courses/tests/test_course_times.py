"""Course dates and times are shown in the viewer's own time zone, in the one format of the
site ("3 Dec 2026, 14:05"), on the student's pages, the instructor's home and the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from .conftest import staff_client
from .factories import make_assignment, make_course, make_instructor, make_student

pytestmark = pytest.mark.django_db

DUE = dt.datetime(
    2026, 12, 3, 5, 5, tzinfo=dt.UTC
)  # 14:05 in Tokyo, 23:05 the day before in Chicago


@pytest.fixture
def course_in_two_zones(client):
    instructor = make_instructor(email="chicago@example.com", timezone="America/Chicago")
    course = make_course(instructor)
    assignment = make_assignment(course, title="Pitch", due_at=DUE)
    student = make_student(course, email="tokyo@example.com", timezone="Asia/Tokyo")
    return instructor, course, assignment, student


def test_the_student_sees_due_times_in_their_zone_in_the_one_format(client, course_in_two_zones):
    """Guards course due times shown in UTC (or in other formats) while the tracker used the
    user's zone."""
    _, course, assignment, student = course_in_two_zones
    client.force_login(student)
    for url in (
        reverse("courses:detail", args=[course.pk]),
        reverse("courses:assignment", args=[course.pk, assignment.pk]),
    ):
        page = client.get(url).content.decode()
        assert ">3 Dec 2026, 14:05</time>" in page, url
        assert "05:05" not in page and "Asia/Tokyo" in page, url


def test_the_instructor_sees_the_same_due_time_in_their_own_zone(course_in_two_zones):
    instructor, course, assignment, _ = course_in_two_zones
    client = staff_client(instructor)
    grading = client.get(reverse("admin:courses_assignment_grading", args=[assignment.pk]))
    assert "Due 2 Dec 2026, 23:05" in grading.content.decode()
    listing = client.get(reverse("admin:courses_assignment_changelist")).content.decode()
    assert "2 Dec 2026, 23:05" in listing
