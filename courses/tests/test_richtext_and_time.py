"""Rich text is sanitised on save and at render; dates are UTC, shown in the reader's zone."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from courses.richtext import plain_text, render, sanitise

from .factories import make_assignment, make_course, make_student

pytestmark = pytest.mark.django_db

EVIL = (
    '<p onclick="steal()">Read <a href="javascript:alert(1)">this</a> and '
    '<a href="https://example.com/guide">that</a>.</p>'
    "<script>alert('x')</script><img src=x onerror=alert(1)>"
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>'
    "<ul><li><strong>Bold</strong> point</li></ul>"
)


def test_scripts_handlers_and_bad_urls_are_stripped_but_formatting_kept():
    clean = sanitise(EVIL)
    for bad in (
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "<iframe",
        "<img",
        "<style",
        "alert",
    ):
        assert bad not in clean
    assert (
        '<a href="https://example.com/guide" rel="noopener noreferrer nofollow">that</a>' in clean
    )
    assert "<ul><li><strong>Bold</strong> point</li></ul>" in clean
    assert plain_text(EVIL).startswith("Read this and that.")


def test_instructions_are_sanitised_when_saved_and_rendered(course, student_client):
    assignment = make_assignment(course, instructions=EVIL)
    assignment.refresh_from_db()
    assert "<script" not in assignment.instructions and "onerror" not in assignment.instructions
    course.description = "<p>Hi</p><script>alert(1)</script>"
    course.save()
    course.refresh_from_db()
    assert course.description == "<p>Hi</p>"
    # Even a value written around the model (a raw update) is cleaned when rendered.
    type(assignment).objects.filter(pk=assignment.pk).update(instructions=EVIL)
    html = student_client.get(
        reverse("courses:assignment", args=[course.pk, assignment.pk])
    ).content
    assert b"<script>alert" not in html and b"onerror" not in html and b"javascript:" not in html
    assert str(render(EVIL)).count("<a ") == 2


def test_due_dates_are_stored_in_utc_and_shown_in_each_students_zone_across_dst(client):
    """Weekly 17:00 deadlines in New York: the first before the DST change (8 March 2026),
    the second after. Stored in UTC (22:00, then 21:00); a New York student sees 17:00 both
    times, a Berlin student sees 23:00 then 22:00 (Europe changes on 29 March)."""
    new_york = zoneinfo.ZoneInfo("America/New_York")
    course = make_course()
    before = make_assignment(
        course, title="Week 1", due_at=dt.datetime(2026, 3, 6, 17, 0, tzinfo=new_york)
    )
    after = make_assignment(
        course, title="Week 2", due_at=dt.datetime(2026, 3, 13, 17, 0, tzinfo=new_york)
    )
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.due_at.utcoffset() == dt.timedelta(0)
    assert (before.due_at.hour, after.due_at.hour) == (22, 21)

    ny_student = make_student(course, timezone="America/New_York")
    berlin_student = make_student(course, timezone="Europe/Berlin")
    client.force_login(ny_student)
    page = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert ">6 Mar 2026, 17:00<" in page and ">13 Mar 2026, 17:00<" in page
    client.force_login(berlin_student)
    page = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert ">6 Mar 2026, 23:00<" in page and ">13 Mar 2026, 22:00<" in page
    detail = client.get(reverse("courses:assignment", args=[course.pk, after.pk])).content.decode()
    assert ">13 Mar 2026, 22:00<" in detail and "(Europe/Berlin)" in detail


def test_the_admin_reads_due_dates_in_the_instructors_zone(no_admin_mfa, client, instructor):
    from courses.models import Assignment

    instructor.timezone = "America/New_York"
    instructor.save()
    course = make_course(instructor)
    client.force_login(instructor)
    response = client.post(
        reverse("admin:courses_assignment_add"),
        {
            "course": course.pk,
            "title": "Mock interview",
            "instructions": "<p>Record it</p>",
            "points_possible": "10",
            "allow_text": "on",
            "due_at_0": "2026-03-13",
            "due_at_1": "17:00:00",
            "late_penalty_percent": "0",
            "late_penalty_floor_percent": "0",
            "position": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = Assignment.objects.get(title="Mock interview")
    assert assignment.due_at == dt.datetime(2026, 3, 13, 21, 0, tzinfo=dt.UTC)
