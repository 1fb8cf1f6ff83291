"""Course and assignment filters of the admin lists: a link per choice while there are
few, one select with its own button past ``ManyChoicesFilter.MANY`` (300 courses were
300 links), scoped to the courses the user teaches either way."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from courses.admin.scoping import ManyChoicesFilter
from courses.models import Submission

from .factories import hand_in, make_assignment, make_course, make_student

pytestmark = pytest.mark.django_db

URL = "/admin/courses/submission/"


def many_courses(instructor, count: int) -> list:
    courses = []
    for index in range(count):
        course = make_course(instructor, title=f"Course {index}", code=f"F-{index}")
        student = make_student(course, email=f"f{index}@example.com")
        hand_in(make_assignment(course, title=f"Essay {index}"), student)
        courses.append(course)
    return courses


def test_many_courses_are_one_select_that_keeps_the_other_filters(
    instructor, instructor_client, other_world
):
    """Guards the filter panel of a link (and a query string) per course."""
    courses = many_courses(instructor, ManyChoicesFilter.MANY + 1)
    page = instructor_client.get(f"{URL}?state__exact=submitted&o=2").content.decode()
    select = re.search(r'<select id="filter-course" name="course".*?</select>', page, re.S)
    assert select, "no course select"
    options = re.findall(r'<option value="(\d*)"', select.group(0))
    assert sorted(options) == sorted(["", *(str(c.pk) for c in courses)])
    assert str(other_world["course"].pk) not in options  # only the courses they teach
    assert "?course=" not in page  # no link per course
    form = page[page.index('aria-label="Filter by course"') :].split("</form>", 1)[0]
    assert '<input type="hidden" name="state__exact" value="submitted">' in form
    assert '<input type="hidden" name="o" value="2">' in form
    assert 'name="course" value' not in form.split("<select", 1)[0]  # not kept twice


def test_the_selected_course_filters_the_list(instructor, instructor_client):
    courses = many_courses(instructor, ManyChoicesFilter.MANY + 1)
    response = instructor_client.get(URL, {"course": courses[3].pk})
    shown = list(response.context["cl"].result_list)
    assert [s.assignment.course_id for s in shown] == [courses[3].pk]
    assert f'<option value="{courses[3].pk}" selected>' in response.content.decode()
    assert Submission.objects.count() == len(courses)


def test_few_courses_stay_links(instructor_client, course, student):
    hand_in(make_assignment(course), student)
    page = instructor_client.get(reverse("admin:courses_submission_changelist")).content
    page = page.decode()
    assert f"?course={course.pk}" in page
    assert 'id="filter-course"' not in page
