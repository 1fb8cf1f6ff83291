"""Grading with the rubric, the late penalty, release rules and bulk scores (E5)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Notification
from courses import services
from courses.models import CourseRole, CriterionScore, Submission, SubmissionState
from courses.services import CriterionInput

from .factories import hand_in, level, make_assignment, make_rubric, make_student

pytestmark = pytest.mark.django_db


def rate(assignment, **chosen):
    """{"Structure": "Good"} → criteria input for those levels."""
    result = {}
    for criterion, title in chosen.items():
        lv = level(assignment, criterion, title)
        result[lv.criterion_id] = CriterionInput(level_id=lv.pk)
    return result


def test_rubric_levels_add_up_to_the_score(assignment, student, instructor):
    hand_in(assignment, student)
    result = services.submission_grade(
        assignment=assignment,
        student=student,
        grader=instructor,
        criteria=rate(assignment, Structure="Good", Evidence="Excellent"),
        feedback="Strong evidence.",
    )
    submission = result.submission
    assert result.complete and submission.score_raw == D("17.00") and submission.score == D("17.00")
    assert submission.state == SubmissionState.GRADED and submission.released_at is None
    assert submission.graded_by == instructor and submission.graded_attempt == 1
    assert CriterionScore.objects.filter(submission=submission).count() == 2


def test_a_partly_rated_rubric_is_kept_but_not_a_grade(assignment, student, instructor):
    hand_in(assignment, student)
    result = services.submission_grade(
        assignment=assignment,
        student=student,
        grader=instructor,
        criteria=rate(assignment, Structure="Good"),
        feedback="Halfway",
    )
    assert not result.complete and result.unrated == 1
    submission = result.submission
    assert submission.score is None and submission.state == SubmissionState.SUBMITTED
    assert submission.feedback == "Halfway"
    assert CriterionScore.objects.get(submission=submission).points == D("7")


def test_typed_points_and_score_override_the_levels(assignment, student, instructor):
    hand_in(assignment, student)
    structure = level(assignment, "Structure", "Good")
    evidence = level(assignment, "Evidence", "Good")
    result = services.submission_grade(
        assignment=assignment,
        student=student,
        grader=instructor,
        criteria={
            structure.criterion_id: CriterionInput(level_id=structure.pk, points=D("8.5")),
            evidence.criterion_id: CriterionInput(level_id=evidence.pk),
        },
    )
    assert result.submission.score_raw == D("14.50")
    overridden = services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D("19")
    )
    assert overridden.submission.score == D("19.00")


def test_invalid_ratings_are_refused(assignment, student, instructor, course):
    hand_in(assignment, student)
    structure = level(assignment, "Structure", "Good")
    evidence = level(assignment, "Evidence", "Good")
    with pytest.raises(ValidationError, match="its own levels"):
        services.submission_grade(
            assignment=assignment,
            student=student,
            grader=instructor,
            criteria={structure.criterion_id: CriterionInput(level_id=evidence.pk)},
        )
    with pytest.raises(ValidationError, match="between 0 and 10"):
        services.submission_grade(
            assignment=assignment,
            student=student,
            grader=instructor,
            criteria={structure.criterion_id: CriterionInput(points=D("11"))},
        )
    with pytest.raises(ValidationError, match="between 0 and 20"):
        services.submission_grade(
            assignment=assignment, student=student, grader=instructor, score=D("21")
        )
    foreign = make_rubric(course, title="Other")
    foreign_level = foreign.criteria.first().levels.first()
    with pytest.raises(ValidationError, match="its own levels"):
        services.submission_grade(
            assignment=assignment,
            student=student,
            grader=instructor,
            criteria={structure.criterion_id: CriterionInput(level_id=foreign_level.pk)},
        )


def test_late_penalty_and_floor_are_applied_and_can_be_waived(course, rubric, student, instructor):
    due = timezone.now() - dt.timedelta(days=3)
    assignment = make_assignment(
        course, rubric=rubric, due_at=due, late_penalty_percent=10, late_penalty_floor_percent=50
    )
    hand_in(assignment, student, now=due + dt.timedelta(days=2, hours=1))  # 3 started days
    graded = services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D("18")
    ).submission
    assert (graded.score_raw, graded.late_penalty, graded.score) == (D("18"), D("6"), D("12"))
    floored = services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D("11")
    ).submission
    assert floored.score == D("10.00") and floored.late_penalty == D("1.00")  # floor: 50 % of 20
    waived = services.submission_grade(
        assignment=assignment,
        student=student,
        grader=instructor,
        score=D("18"),
        waive_late_penalty=True,
    ).submission
    assert waived.score == D("18.00") and waived.late_penalty == D("0.00")


def test_only_the_courses_teaching_staff_grade(assignment, student, alice, other_world):
    hand_in(assignment, student)
    for outsider in (alice, other_world["instructor"], student):
        with pytest.raises(ValidationError, match="teaching staff"):
            services.submission_grade(
                assignment=assignment, student=student, grader=outsider, score=D("5")
            )
    with pytest.raises(ValidationError, match="not a student"):
        services.submission_grade(
            assignment=assignment,
            student=other_world["student"],
            grader=assignment.course.enrollments.get(role=CourseRole.INSTRUCTOR).user,
            score=D("5"),
        )


def test_grades_are_hidden_until_released_then_the_student_is_told_once(
    assignment, student, instructor, django_capture_on_commit_callbacks
):
    hand_in(assignment, student)
    services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D("15")
    )
    assert not Notification.objects.filter(user=student, title__startswith="Grade").exists()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.submissions_release(submissions=assignment.submissions.all())
    assert count == 1
    submission = assignment.submissions.get(student=student)
    assert submission.state == SubmissionState.RETURNED and submission.released_at
    note = Notification.objects.get(user=student, title__startswith="Grade released")
    assert "15 / 20" in note.body and note.url == assignment.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.submissions_release(submissions=assignment.submissions.all()) == 0
    services.grades_released_notify_run(submission_ids=[submission.pk])  # a redelivered task
    assert Notification.objects.filter(user=student, title__startswith="Grade").count() == 1


def test_ungraded_work_is_never_released(assignment, student):
    hand_in(assignment, student)
    assert services.submissions_release(submissions=assignment.submissions.all()) == 0


def test_editing_a_released_grade_stays_visible_but_a_new_attempt_waits(
    assignment, student, instructor
):
    hand_in(assignment, student)
    services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D("12"), release=True
    )
    services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D("13")
    )
    submission = assignment.submissions.get(student=student)
    assert submission.released_at and submission.score == D("13")  # a correction shows at once

    hand_in(assignment, student, "Improved")
    submission.refresh_from_db()
    assert submission.needs_grading and submission.released_at  # the old grade stays visible
    services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=D("18")
    )
    submission.refresh_from_db()
    assert submission.released_at is None and submission.state == SubmissionState.GRADED
    assert submission.graded_attempt == 2


def test_bulk_score_keeps_rubric_work_and_applies_penalties(
    course, rubric, instructor, django_capture_on_commit_callbacks
):
    due = timezone.now() - dt.timedelta(days=1)
    assignment = make_assignment(course, rubric=rubric, due_at=due, late_penalty_percent=10)
    on_time, late, absent = (make_student(course) for _ in range(3))
    hand_in(assignment, on_time, now=due - dt.timedelta(hours=1))
    hand_in(assignment, late, now=due + dt.timedelta(hours=1))
    structure = level(assignment, "Structure", "Good")
    services.submission_grade(
        assignment=assignment,
        student=on_time,
        grader=instructor,
        feedback="Keep this",
        criteria={structure.criterion_id: CriterionInput(level_id=structure.pk)},
    )
    count = services.submissions_apply_score(
        assignment=assignment, students=[on_time, late, absent], score=D("16"), grader=instructor
    )
    assert count == 3
    scores = dict(Submission.objects.values_list("student_id", "score"))
    assert scores == {on_time.pk: D("16.00"), late.pk: D("14.00"), absent.pk: D("16.00")}
    kept = Submission.objects.get(student=on_time)
    assert kept.feedback == "Keep this" and kept.criterion_scores.get().level_id == structure.pk
