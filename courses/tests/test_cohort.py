"""Cohort job-search outcomes (E11, second part): consent rules, weekly totals, privacy.

Students opt in per course on their course page; the course analytics then show weekly
totals of applications sent, interviews and offers from consenting students with activity
of their own only, counted from each consent, in bands of five, and nothing while fewer
than three such students share.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import CohortConsent, CourseRole
from courses.selectors.cohort import BAND, MIN_COHORT, band, cohort_outcomes, week_start
from courses.services.cohort import cohort_consent_give, cohort_consent_withdraw
from tracker import services as tracker
from tracker.models import Application, StatusChange

from .conftest import staff_client
from .factories import make_assignment, make_course, make_instructor, make_student

pytestmark = pytest.mark.django_db

WEEK = dt.timedelta(weeks=1)


def at(week_monday: dt.date, days: int = 0, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(week_monday + dt.timedelta(days=days), dt.time(hour))
    )


def apply(user, when: dt.datetime, company="Acme Corp", position="Data Analyst") -> Application:
    return tracker.application_create(
        user=user, data={"company": company, "position": position}, status="applied", at=when
    )


def share(user, course, when: dt.datetime):
    return CohortConsent.objects.create(course=course, user=user, consented_at=when)


@pytest.fixture
def weeks():
    """Mondays of five weeks in the past: W0 … W4 (W4 is two weeks before this week)."""
    first = week_start(timezone.now()) - 6 * WEEK
    return [first + i * WEEK for i in range(5)]


@pytest.fixture
def cohort(course, weeks):
    """Four students of the course; three share (the third from W1 Wednesday), one
    withdrew, one never agreed."""
    people = {
        name: make_student(course, email=f"{name}@example.com", name=name.title())
        for name in ("ann", "ben", "cat", "dan", "eve")
    }
    share(people["ann"], course, at(weeks[0], 0, 9))
    share(people["ben"], course, at(weeks[0], 1, 9))
    share(people["cat"], course, at(weeks[1], 2, 9))
    gone = share(people["dan"], course, at(weeks[0], 0, 9))
    gone.withdrawn_at = at(weeks[2])
    gone.save()
    return people


def test_weekly_totals_on_a_known_dataset(course, cohort, weeks):
    ann, ben, cat, dan, eve = (cohort[n] for n in ("ann", "ben", "cat", "dan", "eve"))
    apply(ann, at(weeks[0], 3))  # before three students shared: the week is left out
    first = apply(ann, at(weeks[1], 3))  # W1
    tracker.application_move(application=first, to_status="phone_screen", at=at(weeks[2], 0))
    tracker.application_move(application=first, to_status="technical", at=at(weeks[2], 3))
    tracker.application_move(application=first, to_status="offer", at=at(weeks[3], 1))
    tracker.application_move(application=first, to_status="accepted", at=at(weeks[3], 4))
    apply(ben, at(weeks[2], 1))  # W2
    apply(cat, at(weeks[1], 0))  # W1, but before Cat agreed (Wednesday): not counted
    late = apply(cat, at(weeks[1], 4))  # W1
    tracker.application_move(application=late, to_status="phone_screen", at=at(weeks[4], 1))
    apply(dan, at(weeks[2], 1))  # withdrew: not counted
    apply(eve, at(weeks[2], 1))  # never agreed: not counted
    other = make_course(title="Other", code="OTH-9")
    stranger = make_student(other, email="zed@example.com")
    share(stranger, other, at(weeks[0]))  # shares with another course only
    apply(stranger, at(weeks[2], 1))

    result = cohort_outcomes(course)

    assert result.visible and result.sharing == 3
    assert result.since == weeks[1]
    by_week = {row.week: (row.applications, row.interviews, row.offers) for row in result.weeks}
    assert by_week[weeks[1]] == (2, 0, 0)
    assert by_week[weeks[2]] == (1, 2, 0)  # phone screen and technical: two interviews
    assert by_week[weeks[3]] == (0, 0, 1)  # offer, then accepted: one offer
    assert by_week[weeks[4]] == (0, 1, 0)
    assert weeks[0] not in by_week
    assert result.weeks[-1].week == week_start(timezone.now())  # zero-filled up to now
    assert (result.applications, result.interviews, result.offers) == (3, 3, 1)
    assert result.chart_data()["applications"][:4] == [0, 0, 0, 0]  # all "fewer than 5"
    assert result.weeks_banded()[0] == (weeks[1], "fewer than 5", "fewer than 5", "fewer than 5")


def test_no_consent_means_nothing_is_counted(course, weeks):
    students = [make_student(course, email=f"s{i}@example.com") for i in range(4)]
    for student in students:
        apply(student, at(weeks[2]))
    result = cohort_outcomes(course)
    assert result.sharing == 0 and not result.visible and result.weeks == []


def test_fewer_than_the_minimum_shows_nothing(course, cohort, weeks):
    apply(cohort["ann"], at(weeks[2]))
    apply(cohort["ben"], at(weeks[2]))
    cohort_consent_withdraw(user=cohort["cat"], course=course)
    result = cohort_outcomes(course)
    assert result.sharing == MIN_COHORT - 1
    assert not result.visible and result.weeks == [] and result.applications == 0


def test_withdrawal_removes_a_student_from_every_week(course, cohort, weeks):
    extra = make_student(course, email="fay@example.com")
    share(extra, course, at(weeks[0]))
    apply(extra, at(weeks[2], 1))
    for name in ("ann", "ben", "cat"):
        apply(cohort[name], at(weeks[2], 2))
    assert cohort_outcomes(course).applications == 4
    cohort_consent_withdraw(user=extra, course=course)
    assert cohort_outcomes(course).applications == 3  # past weeks included


def test_leaving_the_course_ends_sharing(course, cohort, weeks):
    for name in ("ann", "ben", "cat"):
        apply(cohort[name], at(weeks[2]))
    course.enrollments.get(user=cohort["ann"]).delete()
    assert not CohortConsent.objects.filter(user=cohort["ann"], withdrawn_at__isnull=True).exists()
    assert cohort_outcomes(course).sharing == 2


def test_consent_history_is_kept_and_one_consent_is_active(course, student):
    first = cohort_consent_give(user=student, course=course)
    assert cohort_consent_give(user=student, course=course) == first  # no duplicate
    assert cohort_consent_withdraw(user=student, course=course) == 1
    assert cohort_consent_withdraw(user=student, course=course) == 0
    cohort_consent_give(user=student, course=course)
    rows = list(CohortConsent.objects.filter(user=student).order_by("consented_at", "id"))
    assert len(rows) == 2 and rows[0].withdrawn_at and rows[1].withdrawn_at is None


def test_only_students_can_share_and_not_after_the_course_ended(course, instructor, student):
    with pytest.raises(Exception, match="Only students"):
        cohort_consent_give(user=instructor, course=course)
    cohort_consent_give(user=student, course=course)
    course.archived_at = timezone.now()
    course.save()
    cohort_consent_withdraw(user=student, course=course)
    with pytest.raises(Exception, match="ended"):
        cohort_consent_give(user=student, course=course)


@pytest.mark.parametrize("per_student", [2, 25])
def test_outcomes_use_three_queries_whatever_the_size(
    course, weeks, per_student, django_assert_num_queries
):
    for i in range(3 if per_student == 2 else 12):
        person = make_student(course, email=f"p{i}@example.com")
        share(person, course, at(weeks[0]))
        for j in range(per_student):
            app = apply(person, at(weeks[1], j % 5))
            if j % 3 == 0:
                tracker.application_move(application=app, to_status="phone_screen", at=at(weeks[2]))
    with django_assert_num_queries(3):
        result = cohort_outcomes(course)
    assert result.applications > 0 and result.interviews > 0


def test_consenting_accounts_without_activity_do_not_reach_the_minimum(course, weeks):
    """Guards against sock puppets: two accounts that consent but track nothing of their
    own (a Saved application is not activity) do not lift one real student over the
    minimum, so her outcomes are not shown as the cohort's."""
    target = make_student(course, email="tia@example.com")
    share(target, course, at(weeks[0]))
    apply(target, at(weeks[2]), company="Initech")
    for i in range(MIN_COHORT - 1):
        puppet = make_student(course, email=f"puppet{i}@example.com")
        share(puppet, course, at(weeks[0]))
        tracker.application_create(
            user=puppet, data={"company": "X", "position": "Y"}, status="saved", at=at(weeks[1])
        )

    result = cohort_outcomes(course)

    assert result.sharing == 1 and not result.visible and result.weeks == []


def test_activity_before_agreeing_does_not_count(course, cohort, weeks):
    for name in ("ann", "ben"):
        apply(cohort[name], at(weeks[2]))
    apply(cohort["cat"], at(weeks[1], 0))  # Monday; Cat agreed on Wednesday
    assert cohort_outcomes(course).sharing == 2


def test_figures_are_bands_of_five():
    assert [band(n) for n in (0, 1, BAND - 1, BAND, 9, 10, 14, 15)] == [
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "5–9",
        "5–9",
        "10–14",
        "10–14",
        "15–19",
    ]


def test_the_page_before_and_after_a_withdrawal_tells_nothing_about_that_student(
    instructor_client, course, weeks
):
    """Guards against differencing: with exact counts, the page before and after one
    student stops sharing would give her applications, interviews and offers, week by
    week. In bands, and with the number of students counted in bands too, both pages are
    the same while her numbers keep each figure within its band."""
    people = [make_student(course, email=f"c{i}@example.com") for i in range(6)]
    for i, person in enumerate(people):
        share(person, course, at(weeks[0], i % 3))
    for person in people[:5]:  # two applications each in W1, one moving on in W2
        first = apply(person, at(weeks[1], 1))
        apply(person, at(weeks[1], 2), company="Globex")
        tracker.application_move(application=first, to_status="phone_screen", at=at(weeks[2]))
    leaver = people[5]  # one application in W1 and an offer in W3
    sent = apply(leaver, at(weeks[1], 3), company="Initech")
    tracker.application_move(application=sent, to_status="offer", at=at(weeks[3]))
    url = reverse("admin:courses_course_analytics", args=[course.pk])
    before = _cohort_section(instructor_client.get(url).content.decode())
    exact_before = cohort_outcomes(course)

    cohort_consent_withdraw(user=leaver, course=course)

    after = _cohort_section(instructor_client.get(url).content.decode())
    exact_after = cohort_outcomes(course)
    assert (exact_before.applications, exact_before.offers) == (11, 1)  # exact counts differ
    assert (exact_after.applications, exact_after.offers) == (10, 0)
    assert 'data-metric="cohort-applications">10–14<' in before
    assert after == before


# --- Pages ----------------------------------------------------------------------------------


def test_student_shares_and_stops_from_the_course_page(course, student, student_client):
    make_assignment(course)
    page = student_client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "Share your job-search results" in page and "Never shared" in page
    url = reverse("courses:outcome_sharing", args=[course.pk])
    response = student_client.post(url, {"action": "share"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Sharing since" in response.content.decode()
    assert "toast" in response["HX-Trigger"]
    assert CohortConsent.objects.filter(user=student, withdrawn_at__isnull=True).count() == 1
    listing = student_client.get(reverse("courses:list")).content.decode()
    assert "Job-search outcomes you share" in listing
    response = student_client.post(url, {"action": "withdraw"})
    assert response.status_code == 302 and response.url == url
    history = student_client.get(url).content.decode()
    assert "stopped: no longer counted" in history and "Share my outcomes" in history
    assert student_client.post(url, {"action": "nonsense"}).status_code == 400


def test_sharing_can_be_stopped_after_the_course_ended(course, student, student_client):
    cohort_consent_give(user=student, course=course)
    course.archived_at = timezone.now()
    course.save()
    url = reverse("courses:outcome_sharing", args=[course.pk])
    page = student_client.get(url).content.decode()
    assert "Stop sharing" in page
    student_client.post(url, {"action": "withdraw"})
    assert "can't start now" in student_client.get(url).content.decode()
    student_client.post(url, {"action": "share"})
    assert not CohortConsent.objects.filter(user=student, withdrawn_at__isnull=True).exists()


def test_sharing_page_is_for_the_course_students_only(course, instructor, alice, bob_client):
    url = reverse("courses:outcome_sharing", args=[course.pk])
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {"action": "share"}).status_code == 404
    teacher = Client()
    teacher.force_login(instructor)
    assert teacher.post(url, {"action": "share"}).status_code == 404
    assert not CohortConsent.objects.exists()
    page = teacher.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "Share your job-search results" not in page  # staff see no switch


def test_sharing_needs_the_csrf_token(course, student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    url = reverse("courses:outcome_sharing", args=[course.pk])
    assert client.post(url, {"action": "share"}).status_code == 403
    assert not CohortConsent.objects.exists()


def _cohort_section(html: str) -> str:
    start = html.index('data-testid="cohort-outcomes"')
    return html[start : html.index("</section>", start)]


def test_analytics_show_weekly_totals_and_never_a_person(instructor_client, course, cohort, weeks):
    apply(cohort["ann"], at(weeks[2]), company="Initech", position="Quant Wizard")
    apply(cohort["ben"], at(weeks[2]), company="Globex", position="Data Whisperer")
    apply(cohort["cat"], at(weeks[2]), company="Hooli", position="Growth Hacker")
    url = reverse("admin:courses_course_analytics", args=[course.pk])
    html = instructor_client.get(url).content.decode()
    section = _cohort_section(html)
    assert 'data-metric="cohort-applications">fewer than 5<' in section
    assert 'id="cohort-outcomes-data"' in section and "chart.umd.min.js" in html
    for secret in ("Initech", "Globex", "Hooli", "Quant Wizard", "Data Whisperer", "Ann", "Cat"):
        assert secret not in section
    assert "ann@example.com" not in section


def test_analytics_hide_a_small_cohort(instructor_client, course, student, weeks):
    share(student, course, at(weeks[0]))
    apply(student, at(weeks[2]), company="Initech")
    html = instructor_client.get(
        reverse("admin:courses_course_analytics", args=[course.pk])
    ).content.decode()
    section = _cohort_section(html)
    assert 'data-testid="cohort-hidden"' in section and "Initech" not in section
    assert 'id="cohort-outcomes-data"' not in section


def test_instructor_of_another_course_gets_404(course, cohort, no_admin_mfa):
    other = make_instructor(email="rival@example.com")
    make_course(other, title="Rival", code="RIV-1")
    client = staff_client(other)
    url = reverse("admin:courses_course_analytics", args=[course.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("students", [4, 40])
def test_analytics_page_queries_stay_constant(
    instructor_client, course, weeks, students, django_assert_max_num_queries
):
    for i in range(students):
        person = make_student(course, email=f"q{i}@example.com")
        share(person, course, at(weeks[0]))
        app = apply(person, at(weeks[1]))
        tracker.application_move(application=app, to_status="phone_screen", at=at(weeks[2]))
    services.enrollment_add(
        course=course, user=make_instructor(email="ta@example.com"), role=CourseRole.TA
    )
    assert StatusChange.objects.count() == 2 * students
    with django_assert_max_num_queries(16):  # 16th: the sidebar's moderation badge count
        response = instructor_client.get(
            reverse("admin:courses_course_analytics", args=[course.pk])
        )
    assert response.status_code == 200
    assert f'data-metric="cohort-applications">{band(students)}<' in response.content.decode()


def test_demo_data_shows_a_sharing_cohort_and_a_course_for_backend_gaps(course, instructor):
    from courses.demo import outcomes as demo_outcomes
    from courses.models import Course
    from courses.selectors.skills import courses_for_skills

    students = [make_student(course, email=f"demo{i}@example.com") for i in range(7)]
    for _ in range(2):  # idempotent
        demo_outcomes.seed(course=course, students=students, instructor=instructor, log=print)
    assert CohortConsent.objects.filter(course=course).count() == demo_outcomes.SHARING_STUDENTS
    result = cohort_outcomes(course)
    assert result.visible and result.applications > 0
    assert {s.name for s in course.skills.all()} >= {"Interviewing", "Resume writing"}
    backend = Course.objects.get(code=demo_outcomes.BACKEND_CODE)
    [gap] = courses_for_skills(["Kubernetes"], students[-1])
    assert [link.course for link in gap.courses] == [backend]
