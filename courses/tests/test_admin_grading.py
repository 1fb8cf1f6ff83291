"""The grading list and screen, gradebook + CSV and analytics, as an instructor uses them."""

import csv
import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from courses import services
from courses.models import (
    CourseRole,
    CriterionScore,
    Enrollment,
    FileKind,
    Submission,
    SubmissionState,
)

from .factories import hand_in, level, make_assignment, make_student, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def grade_url(assignment, student, **query):
    url = reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def three(course, assignment):
    """Ann submitted on time, Ben late, Cat not at all (names sort A, B, C)."""
    ann = make_student(course, email="ann@example.com", name="Ann Able")
    ben = make_student(course, email="ben@example.com", name="Ben Baker")
    cat = make_student(course, email="cat@example.com", name="Cat Cole")
    hand_in(assignment, ann, "Ann's essay")
    services.submission_save_draft(assignment=assignment, student=ben, text="Ben's essay")
    services.submission_submit(
        assignment=assignment, student=ben, now=assignment.due_at + dt.timedelta(hours=2)
    )
    return ann, ben, cat


def test_grading_list_filters(instructor_client, assignment, three):
    ann, ben, cat = three
    url = reverse("admin:courses_assignment_grading", args=[assignment.pk])
    html = instructor_client.get(url).content.decode()
    for person in (ann, ben, cat):
        assert person.name in html
    late = instructor_client.get(url + "?filter=late").content.decode()
    assert "Ben Baker" in late and "Ann Able" not in late
    missing = instructor_client.get(url + "?filter=missing").content.decode()
    assert "Cat Cole" in missing and "Ann Able" not in missing
    ungraded = instructor_client.get(url + "?filter=ungraded").content.decode()
    assert "Ann Able" in ungraded and "Ben Baker" in ungraded and "Cat Cole" not in ungraded


def test_grading_screen_shows_the_work_and_grades_it_with_the_rubric(
    instructor_client, assignment, three
):
    ann = three[0]
    page = instructor_client.get(grade_url(assignment, ann))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ann&#x27;s essay" in html and "Structure" in html and "Excellent" in html
    structure = level(assignment, "Structure", "Excellent")
    evidence = level(assignment, "Evidence", "Good")
    response = instructor_client.post(
        grade_url(assignment, ann),
        {
            f"criterion-{structure.criterion_id}-level": structure.pk,
            f"criterion-{structure.criterion_id}-points": "10",
            f"criterion-{structure.criterion_id}-comment": "Great hook",
            f"criterion-{evidence.criterion_id}-level": evidence.pk,
            f"criterion-{evidence.criterion_id}-points": "6",
            "score": "",
            "feedback": "Well argued.",
            "go": "stay",
        },
    )
    assert response.status_code == 302
    submission = Submission.objects.get(student=ann)
    assert submission.score == D("16.00") and submission.feedback == "Well argued."
    assert CriterionScore.objects.get(criterion=structure.criterion).comment == "Great hook"
    after = instructor_client.get(grade_url(assignment, ann)).content.decode()
    assert f'value="{structure.pk}" data-points="10.00" checked' in after


def test_previous_and_next_save_the_work_first_and_keep_the_filter(
    instructor_client, assignment, three
):
    ann, ben, cat = three
    response = instructor_client.post(
        grade_url(assignment, ann, filter="ungraded"),
        {"score": "12", "feedback": "ok", "go": "next", "filter": "ungraded"},
    )
    # Saved, and on to Ben (the next one needing grading), still in the filter.
    assert response.status_code == 302
    assert response.url == grade_url(assignment, ben, filter="ungraded")
    assert Submission.objects.get(student=ann).score == D("12.00")
    back = instructor_client.post(
        grade_url(assignment, ben, filter="ungraded"),
        {"score": "14", "go": "prev", "filter": "ungraded"},
    )
    # Ann is graded now, so no one needing grading is before Ben: back to the list.
    assert back.url.startswith(reverse("admin:courses_assignment_grading", args=[assignment.pk]))
    ben_sub = Submission.objects.get(student=ben)
    assert (ben_sub.score_raw, ben_sub.late_penalty, ben_sub.score) == (D("14"), D("2"), D("12"))


def test_moving_on_without_changes_writes_nothing(instructor_client, assignment, three):
    cat = three[2]
    response = instructor_client.post(
        grade_url(assignment, cat), {"score": "", "feedback": "", "go": "next"}
    )
    assert response.status_code == 302
    assert not Submission.objects.filter(student=cat).exists()


def test_a_bad_score_keeps_everything_typed(instructor_client, assignment, three):
    ann = three[0]
    structure = level(assignment, "Structure", "Good")
    response = instructor_client.post(
        grade_url(assignment, ann),
        {
            f"criterion-{structure.criterion_id}-level": structure.pk,
            f"criterion-{structure.criterion_id}-points": "7",
            f"criterion-{structure.criterion_id}-comment": "Keep me",
            "score": "99",
            "feedback": "Typed feedback",
            "go": "next",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "between 0 and 20" in html
    assert "Typed feedback" in html and "Keep me" in html and 'value="99"' in html
    assert Submission.objects.get(student=ann).score is None


def test_grading_a_missing_student_and_releasing_from_the_screen(
    instructor_client, assignment, three, django_capture_on_commit_callbacks
):
    cat = three[2]
    with django_capture_on_commit_callbacks(execute=True):
        instructor_client.post(
            grade_url(assignment, cat),
            {"score": "0", "feedback": "Nothing handed in.", "release": "on", "go": "stay"},
        )
    submission = Submission.objects.get(student=cat)
    assert submission.score == D("0") and submission.state == SubmissionState.RETURNED
    assert Notification.objects.filter(user=cat, title__startswith="Grade released").exists()


def test_bulk_score_then_bulk_release(
    instructor_client, assignment, three, django_capture_on_commit_callbacks
):
    ann, ben, cat = three
    url = reverse("admin:courses_assignment_grading", args=[assignment.pk])
    instructor_client.post(url, {"action": "score", "score": "15", "students": [ann.pk, ben.pk]})
    scores = dict(Submission.objects.values_list("student_id", "score"))
    assert scores[ann.pk] == D("15.00") and scores[ben.pk] == D("13.00")  # Ben: 1 day late
    with django_capture_on_commit_callbacks(execute=True):
        response = instructor_client.post(
            url, {"action": "release", "students": [ann.pk, cat.pk]}, follow=True
        )
    assert "1 grade(s) released (1 had no grade to release)" in response.content.decode()
    assert Submission.objects.get(student=ann).released_at is not None
    assert Submission.objects.get(student=ben).released_at is None
    with django_capture_on_commit_callbacks(execute=True):
        instructor_client.post(url, {"action": "release_all"})
    assert Submission.objects.get(student=ben).released_at is not None
    assert Notification.objects.filter(title__startswith="Grade released").count() == 2
    bad = instructor_client.post(
        url, {"action": "score", "score": "x", "students": [ann.pk]}, follow=True
    )
    assert "Enter a number" in bad.content.decode()


def test_staff_see_file_previews_through_the_admin(
    instructor_client, course, student, django_capture_on_commit_callbacks
):
    assignment = make_assignment(course, allow_file=True, allow_video=True)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=upload("cv.pdf", pdf_bytes(2)),
            filename="cv.pdf",
            kind=FileKind.DOCUMENT,
        )
    from .factories import mp4_bytes

    video = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("pitch.mp4", mp4_bytes()),
        filename="pitch.mp4",
        kind=FileKind.VIDEO,
    )
    services.submission_submit(assignment=assignment, student=student)
    html = instructor_client.get(grade_url(assignment, student)).content.decode()
    assert reverse("admin:courses_submission_file_preview", args=[pdf.pk, 2]) in html
    assert "Uploaded · 0 %" in html and "pitch.mp4" in html  # the video's stage, polled
    page = instructor_client.get(reverse("admin:courses_submission_file_preview", args=[pdf.pk, 1]))
    assert page.status_code in (200, 302)
    assert (
        instructor_client.get(
            reverse("admin:courses_submission_file_preview", args=[pdf.pk, 3])
        ).status_code
        == 404
    )
    status = instructor_client.get(reverse("admin:courses_submission_file_status", args=[video.pk]))
    assert status.status_code == 200 and "Uploaded · 0 %" in status.content.decode()


def populate(course, *, students: int, assignments: int):
    """Many students and graded submissions, written in bulk."""
    section = course.sections.first()
    users = User.objects.bulk_create(
        User(email=f"s{course.pk}-{i}@example.com", name=f"Student {i:04d}")
        for i in range(students)
    )
    Enrollment.objects.bulk_create(
        Enrollment(course=course, user=u, section=section, role=CourseRole.STUDENT) for u in users
    )
    items = [
        make_assignment(course, title=f"Task {i}", due_in=-dt.timedelta(days=i + 1))
        for i in range(assignments)
    ]
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(
            assignment=a,
            student=u,
            attempt=1,
            submitted_at=now,
            state=SubmissionState.RETURNED,
            score_raw=D(10 + (i + j) % 10),
            late_penalty=D(0),
            score=D(10 + (i + j) % 10),
            graded_attempt=1,
            graded_at=now,
            released_at=now,
            is_late=bool((i + j) % 3 == 0),
        )
        for i, u in enumerate(users)
        for j, a in enumerate(items)
        if (i + j) % 5
    )
    return items


@pytest.mark.parametrize("students", [10, 300])
def test_gradebook_grading_list_and_analytics_use_a_constant_number_of_queries(
    instructor_client, course, students, django_assert_max_num_queries
):
    items = populate(course, students=students, assignments=4)
    for url, limit in (
        (reverse("admin:courses_course_gradebook", args=[course.pk]), 16),
        (reverse("admin:courses_course_gradebook_csv", args=[course.pk]), 12),
        (reverse("admin:courses_assignment_grading", args=[items[0].pk]), 14),
        (reverse("admin:courses_course_analytics", args=[course.pk]), 18),
        (reverse("admin:courses_submission_changelist") + f"?course={course.pk}", 20),
    ):
        with django_assert_max_num_queries(limit):
            response = instructor_client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
    student = Enrollment.objects.filter(course=course, role=CourseRole.STUDENT).first().user
    with django_assert_max_num_queries(22):
        assert instructor_client.get(grade_url(items[0], student)).status_code == 200


def test_gradebook_totals_and_csv(instructor_client, course, assignment, three):
    ann, ben, cat = three
    instructor = course.enrollments.get(role=CourseRole.INSTRUCTOR).user
    second = make_assignment(course, title='=HYPERLINK("evil")', points_possible=D("10"))
    services.submission_grade(assignment=assignment, student=ann, grader=instructor, score=D("18"))
    services.submission_grade(assignment=second, student=ann, grader=instructor, score=D("5"))
    services.submission_grade(assignment=assignment, student=ben, grader=instructor, score=D("20"))
    cat.name = "=cmd|' /C calc'!A0"
    cat.save()
    html = instructor_client.get(
        reverse("admin:courses_course_gradebook", args=[course.pk])
    ).content.decode()
    assert "Ann Able" in html and "23" in html
    response = instructor_client.get(
        reverse("admin:courses_course_gradebook_csv", args=[course.pk])
    )
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:3] == ["Student", "Email", "Section"]
    assert header[3] == "Write your story (20)" and header[4].startswith("'=HYPERLINK")
    by_email = {row[1]: row for row in rows[1:]}
    ann_row = by_email["ann@example.com"]
    assert ann_row[3:] == ["18", "5", "23", "30", "76.7", "76.7"]
    ben_row = by_email["ben@example.com"]
    assert ben_row[3] == "18"  # 20 − 10 % of 20 for one day late
    assert by_email["cat@example.com"][0].startswith("'=")  # no formula injection


def test_analytics_numbers(instructor_client, course, assignment, three):
    ann, ben, cat = three
    instructor = course.enrollments.get(role=CourseRole.INSTRUCTOR).user
    services.submission_grade(assignment=assignment, student=ann, grader=instructor, score=D("19"))
    services.submission_grade(assignment=assignment, student=ben, grader=instructor, score=D("13"))
    from courses.selectors.analytics import course_analytics

    stats = course_analytics(course)
    row = stats.assignments[0]
    assert (row.students, row.submitted, row.late, row.graded) == (3, 2, 1, 2)
    assert row.submission_rate == D("66.7") and row.late_share == D("50.0")
    assert row.average_percent == D("75.0")  # 19 and 13 − 2 (late) of 20: 95 % and 55 %
    assert [band.count for band in stats.bands] == [1, 0, 0, 0, 1]
    per = {s.enrollment.user.email: s for s in stats.per_student}
    assert per["ben@example.com"].late == 1 and per["ann@example.com"].average_percent == D("95.0")
    html = instructor_client.get(
        reverse("admin:courses_course_analytics", args=[course.pk])
    ).content.decode()
    assert 'data-metric="late-share">50.0 %' in html


def test_enrol_by_email_page(instructor_client, course, alice):
    url = reverse("admin:courses_course_enrol", args=[course.pk])
    assert instructor_client.get(url).status_code == 200
    response = instructor_client.post(
        url,
        {"emails": "alice@example.com\nfresh@example.com", "role": "student", "section": ""},
        follow=True,
    )
    assert "1 enrolled, 1 invited" in response.content.decode()
    assert course.enrollments.filter(user=alice).exists()


def test_rubric_with_nested_criteria_and_levels_is_created_in_the_admin(instructor_client, course):
    data = {
        "course": course.pk,
        "title": "Pitch rubric",
        "description": "",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-position": "0",
        "criteria-0-title": "Delivery",
        "criteria-0-description": "",
        "criteria-0-levels-TOTAL_FORMS": "2",
        "criteria-0-levels-INITIAL_FORMS": "0",
        "criteria-0-levels-0-position": "0",
        "criteria-0-levels-0-title": "Confident",
        "criteria-0-levels-0-points": "5",
        "criteria-0-levels-0-description": "",
        "criteria-0-levels-1-position": "1",
        "criteria-0-levels-1-title": "Hesitant",
        "criteria-0-levels-1-points": "2",
        "criteria-0-levels-1-description": "",
    }
    response = instructor_client.post(reverse("admin:courses_rubric_add"), data)
    assert response.status_code == 302, response.content.decode()[:4000]
    from courses.models import Rubric

    rubric = Rubric.objects.get(title="Pitch rubric")
    levels = list(rubric.criteria.get().levels.values_list("title", "points"))
    assert levels == [("Confident", D("5")), ("Hesitant", D("2"))]
    page = instructor_client.get(reverse("admin:courses_rubric_change", args=[rubric.pk]))
    assert page.status_code == 200 and "Confident" in page.content.decode()


def test_publishing_from_the_assignment_form_notifies_students(
    instructor_client, course, rubric, student, django_capture_on_commit_callbacks
):
    data = {
        "course": course.pk,
        "title": "LinkedIn headline",
        "instructions": "<p>Write <strong>three</strong> options.</p><script>x()</script>",
        "publish": "on",
        "points_possible": "10",
        "rubric": rubric.pk,
        "allow_text": "on",
        "due_at_0": "2030-05-01",
        "due_at_1": "17:00:00",
        "late_penalty_percent": "5",
        "late_penalty_floor_percent": "40",
        "position": "0",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-file": upload("brief.pdf", pdf_bytes(1)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = instructor_client.post(reverse("admin:courses_assignment_add"), data)
    assert response.status_code == 302, response.content.decode()[:4000]
    from courses.models import Assignment

    assignment = Assignment.objects.get(title="LinkedIn headline")
    assert assignment.is_published and "<script" not in assignment.instructions
    attachment = assignment.attachments.get()
    assert (
        attachment.original_filename == "brief.pdf" and attachment.content_type == "application/pdf"
    )
    assert (
        Notification.objects.filter(user=student, title__contains="LinkedIn headline").count() == 1
    )
    bad = dict(data, title="Bad attachment")
    bad["attachments-0-file"] = upload("brief.pdf", b"\x00\x01 not a pdf")
    response = instructor_client.post(reverse("admin:courses_assignment_add"), bad)
    assert response.status_code == 200 and "not a PDF" in response.content.decode()


def test_admin_pages_render(instructor_client, course, assignment, three):
    for url in (
        reverse("admin:courses_course_changelist"),
        reverse("admin:courses_course_change", args=[course.pk]),
        reverse("admin:courses_course_add"),
        reverse("admin:courses_assignment_changelist"),
        reverse("admin:courses_assignment_change", args=[assignment.pk]),
        reverse("admin:courses_rubric_changelist"),
        reverse("admin:courses_rubric_add"),
        reverse("admin:courses_enrollment_changelist"),
        reverse("admin:courses_section_changelist"),
        reverse("admin:courses_courseinvitation_changelist"),
        reverse("admin:courses_submission_changelist"),
        reverse("admin:courses_skill_changelist"),
    ):
        assert instructor_client.get(url).status_code == 200, url
    submission = Submission.objects.filter(assignment=assignment).first()
    change = instructor_client.get(reverse("admin:courses_submission_change", args=[submission.pk]))
    assert change.status_code == 302 and "/grading/" in change.url


def test_creating_a_course_in_the_admin_makes_the_creator_its_instructor(
    instructor_client, instructor
):
    response = instructor_client.post(
        reverse("admin:courses_course_add"),
        {
            "title": "Interview Lab",
            "code": "INT-200",
            "description": "<p>Practice</p>",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from courses.models import Course

    course = Course.objects.get(code="INT-200")
    assert course.enrollments.get(user=instructor).role == CourseRole.INSTRUCTOR
    assert course.sections.count() == 1
