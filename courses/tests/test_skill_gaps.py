"""Skill gaps to courses (E12): missing skills link to courses and assignments, and a
completed course puts its skills on the student's profile with the course as source."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, ProfileSkill, SkillSource
from accounts.skills import profile_skill_remove
from courses import services
from courses.models import CourseCompletion, Section, Skill
from courses.selectors.skills import courses_for_skills
from courses.services.completion import course_completions_check

from .factories import hand_in, make_assignment, make_course, make_instructor, make_student

pytestmark = pytest.mark.django_db


def tag(obj, *names):
    obj.skills.add(
        *[
            Skill.objects.filter(name__iexact=n).first() or Skill.objects.create(name=n)
            for n in names
        ]
    )


def by_skill(gaps):
    return {gap.skill: gap for gap in gaps}


@pytest.fixture
def js_course(instructor):
    course = make_course(instructor, title="Front-end Bootcamp", code="FE-1")
    tag(course, "JS")
    tag(make_assignment(course, title="Build a to-do app"), "Javascript")
    return course


def test_alias_links_a_missing_skill_to_a_course(js_course, alice):
    gaps = by_skill(courses_for_skills(["JavaScript", "Rust"], alice))
    [link] = gaps["JavaScript"].courses
    assert link.course == js_course and not link.enrolled
    assert link.url == reverse("courses:join")  # a join code comes from the instructor
    assert gaps["JavaScript"].assignments == []  # not in the course: no assignments
    assert not gaps["Rust"].has_links


def test_enrolled_student_sees_the_course_and_its_tagged_assignments(js_course, alice):
    services.enrollment_add(course=js_course, user=alice, role="student")
    hidden = make_assignment(js_course, title="Draft work", published=False)
    tag(hidden, "JavaScript")
    gap = by_skill(courses_for_skills(["javascript"], alice))["javascript"]
    assert gap.courses[0].enrolled and gap.courses[0].url == js_course.get_absolute_url()
    assert [a.assignment.title for a in gap.assignments] == ["Build a to-do app"]
    assert gap.assignments[0].state_label == "To do"


def test_courses_not_on_offer_are_not_shown(instructor, alice):
    archived = make_course(instructor, title="Old JS", code="OLD-1")
    make_assignment(archived)
    archived.archived_at = timezone.now()
    archived.save()
    empty = make_course(instructor, title="Coming soon", code="NEW-1")
    make_assignment(empty, published=False)  # nothing published yet
    closed = make_course(instructor, title="Closed cohort", code="CLO-1")
    make_assignment(closed)
    Section.objects.filter(course=closed).update(join_enabled=False)
    for course in (archived, empty, closed):
        tag(course, "JavaScript")
    assert not by_skill(courses_for_skills(["JavaScript"], alice))["JavaScript"].has_links
    # A closed course still shows to the people in it.
    services.enrollment_add(course=closed, user=alice, role="student")
    gap = by_skill(courses_for_skills(["JavaScript"], alice))["JavaScript"]
    assert [link.course for link in gap.courses] == [closed]


def test_only_assignments_of_my_courses_are_linked(instructor, alice):
    mine = make_course(instructor, title="Mine", code="M-1")
    theirs = make_course(instructor, title="Theirs", code="T-1")
    services.enrollment_add(course=mine, user=alice, role="student")
    tag(make_assignment(mine, title="My SQL task"), "SQL")
    tag(make_assignment(theirs, title="Their SQL task"), "SQL")
    gap = by_skill(courses_for_skills(["SQL"], alice))["SQL"]
    assert [a.assignment.title for a in gap.assignments] == ["My SQL task"]


@pytest.mark.parametrize("courses", [2, 20])
def test_links_take_three_queries_whatever_the_size(
    instructor, alice, courses, django_assert_num_queries
):
    for i in range(courses):
        course = make_course(instructor, title=f"Course {i}", code=f"C-{i}")
        tag(course, "Kubernetes", "Redis")
        tag(make_assignment(course, title=f"Task {i}"), "K8s")
        if i % 2:
            services.enrollment_add(course=course, user=alice, role="student")
    with django_assert_num_queries(3):
        gaps = courses_for_skills(["Kubernetes", "Redis", "Terraform"], alice)
    assert by_skill(gaps)["Kubernetes"].assignments


def test_the_analysis_page_links_missing_skills(
    alice, instructor, django_capture_on_commit_callbacks
):
    from resumes import services as resumes
    from resumes.tests import samples

    course = make_course(instructor, title="Cloud Native", code="CN-1")
    make_assignment(course)
    tag(course, "K8s")
    with django_capture_on_commit_callbacks(execute=True):
        version = resumes.resume_upload(
            user=alice, name="Resume", filename="cv.pdf", data=samples.text_pdf()
        )
    version.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        analysis = resumes.analysis_request(
            user=alice, version=version, job_description=samples.JOB
        )
    analysis.refresh_from_db()
    missing = [s["skill"] for s in analysis.result["missing_skills"]]
    assert "Kubernetes" in missing
    from django.test import Client

    client = Client()
    client.force_login(alice)
    html = client.get(analysis.get_absolute_url()).content.decode()
    assert 'data-testid="skill-gap-links"' in html
    assert "Cloud Native" in html and reverse("courses:join") in html


# --- Completion --------------------------------------------------------------------------


@pytest.fixture
def two_tasks(course):
    tag(course, "JS", "Public speaking")
    return [
        make_assignment(course, title="Essay", points_possible=D("20")),
        make_assignment(course, title="Pitch", points_possible=D("10")),
    ]


def grade(assignment, student, score, *, release=True):
    instructor = assignment.course.enrollments.get(role="instructor").user
    hand_in(assignment, student)
    services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D(score), release=release
    )


def test_completing_a_course_adds_its_skills_once_with_the_source(course, student, two_tasks):
    essay, pitch = two_tasks
    make_assignment(course, title="Not published", published=False)
    grade(essay, student, "15")
    assert not CourseCompletion.objects.exists()
    grade(pitch, student, "6")  # 60 %: a pass
    completion = CourseCompletion.objects.get()
    assert completion.user == student and completion.course == course
    student.refresh_from_db()
    assert student.skills == ["JavaScript", "Public speaking"]  # canonical names
    rows = {row.name: row for row in ProfileSkill.objects.filter(user=student)}
    assert set(rows) == {"JavaScript", "Public speaking"}
    row = rows["JavaScript"]
    assert row.source_kind == SkillSource.COURSE and row.source_course_id == course.pk
    assert row.source_label == "CAR-101 · Career Launch"
    assert Notification.objects.filter(user=student, title__contains="completed").count() == 1

    # Releasing again, or editing a released grade, changes nothing.
    services.submissions_release(submissions=essay.submissions.all())
    grade(pitch, student, "9")
    course_completions_check(submission_ids=list(pitch.submissions.values_list("pk", flat=True)))
    assert CourseCompletion.objects.count() == 1 and ProfileSkill.objects.count() == 2
    student.refresh_from_db()
    assert student.skills == ["JavaScript", "Public speaking"]


def test_a_failing_or_unreleased_grade_does_not_complete(course, student, two_tasks):
    essay, pitch = two_tasks
    grade(essay, student, "20")
    grade(pitch, student, "5")  # 50 %
    grade(make_assignment(course, title="Extra"), student, "20", release=False)
    assert not CourseCompletion.objects.exists()
    instructor = course.enrollments.get(role="instructor").user
    # The released grade is raised: the course is complete now (the extra one is released too).
    services.submission_grade(assignment=pitch, student=student, grader=instructor, score=D("8"))
    assert not CourseCompletion.objects.exists()
    services.submissions_release(
        submissions=course.assignments.get(title="Extra").submissions.all()
    )
    assert CourseCompletion.objects.filter(user=student).exists()


def test_a_removed_skill_is_not_added_back(course, student, two_tasks):
    student.skills = ["Javascript"]  # typed in by the student
    student.save()
    essay, pitch = two_tasks
    grade(essay, student, "20")
    grade(pitch, student, "10")
    student.refresh_from_db()
    assert student.skills == ["Javascript", "Public speaking"]  # not twice
    assert ProfileSkill.objects.get(user=student, name="JavaScript").source_kind == "course"
    assert profile_skill_remove(user=student, name="JS")
    student.refresh_from_db()
    assert student.skills == ["Public speaking"]
    CourseCompletion.objects.all().delete()  # as if completing again
    services.submission_grade(
        assignment=pitch,
        student=student,
        grader=course.enrollments.get(role="instructor").user,
        score=D("10"),
    )
    student.refresh_from_db()
    assert student.skills == ["Public speaking"]


def test_other_students_and_courses_are_untouched(course, student, two_tasks):
    classmate = make_student(course, email="mate@example.com")
    other = make_course(make_instructor(email="x@example.com"), title="Other", code="OTH")
    tag(other, "Python")
    essay, pitch = two_tasks
    grade(essay, student, "20")
    grade(pitch, student, "10")
    grade(essay, classmate, "20")
    classmate.refresh_from_db()
    assert classmate.skills == [] and not CourseCompletion.objects.filter(user=classmate).exists()
    assert "Python" not in student.__class__.objects.get(pk=student.pk).skills
