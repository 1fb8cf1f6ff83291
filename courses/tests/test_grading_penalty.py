"""The grading screen's score breakdown (raw, late penalty, final) comes from the server,
computed by courses/policy.py alone, for the score the grader is typing."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from courses import policy, services
from courses.models import Submission

from .factories import hand_in, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_ben(course, assignment):
    """Ben handed in 26 hours late: two started days (10 % a day, floor 50 % of 20)."""
    ben = make_student(course, email="ben@example.com", name="Ben Baker")
    services.submission_save_draft(assignment=assignment, student=ben, text="Ben's essay")
    services.submission_submit(
        assignment=assignment, student=ben, now=assignment.due_at + dt.timedelta(hours=26)
    )
    return ben


def penalty_url(assignment, student) -> str:
    return reverse("admin:courses_assignment_grade_penalty", args=[assignment.pk, student.pk])


def breakdown(response) -> tuple[str, str, str]:
    html = response.content.decode()
    return tuple(
        re.search(rf"<(?:dd|strong) data-{name}>([^<]*)<", html).group(1)
        for name in ("raw", "penalty", "final")
    )


def expected(assignment, raw: str, *, waived: bool = False) -> tuple[str, str, str]:
    scored = policy.late_penalty(
        raw=D(raw),
        points_possible=assignment.points_possible,
        days=2,
        percent_per_day=assignment.late_penalty_percent,
        floor_percent=assignment.late_penalty_floor_percent,
        waived=waived,
    )
    penalty = f"−{policy.points_text(scored.penalty)}" if scored.penalty else "0"
    return policy.points_text(scored.raw), penalty, policy.points_text(scored.final)


@pytest.mark.parametrize("raw", ["18", "12.5", "11", "9", "0"])
def test_the_breakdown_of_a_late_submission_is_the_policys(
    instructor_client, assignment, late_ben, raw
):
    """Guards the single source of the penalty: the screen shows what the policy (and so
    the saved grade) gives, floor included."""
    response = instructor_client.get(
        penalty_url(assignment, late_ben), {"score": raw}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert breakdown(response) == expected(assignment, raw)


def test_the_breakdown_matches_the_grade_that_is_saved(instructor_client, assignment, late_ben):
    shown = breakdown(instructor_client.get(penalty_url(assignment, late_ben), {"score": "17"}))
    assert shown == ("17", "−4", "13")
    instructor_client.post(
        reverse("admin:courses_assignment_grade", args=[assignment.pk, late_ben.pk]),
        {"score": "17", "go": "stay"},
    )
    saved = Submission.objects.get(student=late_ben)
    assert (saved.score_raw, saved.late_penalty, saved.score) == (D("17"), D("4"), D("13"))


def test_a_waived_penalty_and_an_unreadable_score(instructor_client, assignment, late_ben):
    url = penalty_url(assignment, late_ben)
    waived = instructor_client.get(url, {"score": "17", "waive_late_penalty": "on"})
    assert breakdown(waived) == ("17", "0", "17")
    assert breakdown(instructor_client.get(url, {"score": "abc"})) == ("—", "0", "—")
    assert breakdown(instructor_client.get(url, {"score": "-3"})) == ("—", "0", "—")


def test_on_time_work_and_students_without_a_submission_have_no_penalty(
    instructor_client, course, assignment
):
    ann = make_student(course, email="ann@example.com", name="Ann Able")
    cat = make_student(course, email="cat@example.com", name="Cat Cole")
    hand_in(assignment, ann, "Ann's essay")
    for person in (ann, cat):
        response = instructor_client.get(penalty_url(assignment, person), {"score": "17"})
        assert breakdown(response) == ("17", "0", "17")


def test_the_grading_screen_asks_the_server_for_the_breakdown(
    instructor_client, assignment, late_ben
):
    """Guards against the penalty being computed in the browser again: the screen carries
    no policy numbers, only the breakdown fragment that asks the server."""
    hand_score = instructor_client.post(
        reverse("admin:courses_assignment_grade", args=[assignment.pk, late_ben.pk]),
        {"score": "15", "go": "stay"},
    )
    assert hand_score.status_code == 302
    html = instructor_client.get(
        reverse("admin:courses_assignment_grade", args=[assignment.pk, late_ben.pk])
    ).content.decode()
    assert f'hx-get="{penalty_url(assignment, late_ben)}"' in html
    assert "data-percent" not in html and "data-floor" not in html
    assert "2 days late × 10% = up to 20% of 20 points, never below 50% of the points." in html
    assert "data-penalty>−4<" in html and "data-final>11<" in html


def test_another_courses_instructor_gets_404(client, assignment, late_ben, other_world):
    client.force_login(other_world["instructor"])
    response = client.get(penalty_url(assignment, late_ben), {"score": "10"})
    assert response.status_code == 404
