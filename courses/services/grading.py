"""Grading (E5): rubric scores, the late penalty, release and its notifications.

- A grade is the raw score (typed, or the rubric total once every criterion is rated),
  minus the late penalty of the latest attempt (unless waived), giving the final score.
- Saving keeps unfinished work: rubric ratings and comments are stored even before
  the grade is complete; the submission counts as graded once it has a score.
- Students see grades only after release. A released grade that is edited stays
  visible; grading a newer attempt hides it again until it is released.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone

from accounts import audit
from accounts.models import NotificationCategory, User
from accounts.services import notify
from careercopilot.queueing import send_on_commit
from careercopilot.textinput import refuse_null_characters

from .. import policy
from ..models import (
    Assignment,
    CourseRole,
    CriterionScore,
    Enrollment,
    RubricCriterion,
    Submission,
    SubmissionState,
)
from ..policy import points_text
from ..selectors.video_feedback import submissions_missing_captions
from .completion import course_completions_check

CAPTIONS_REQUIRED = (
    "Captions are required before release: this course asks for a caption track on every "
    "video, and this video has none. Add a WebVTT file in the video player, then release."
)

# Sent (submission_ids=...) when grades are released or a released grade changes: the
# LTI tool sends them on to the platform's gradebook.
__all__ = [
    "CriterionInput",
    "GradeResult",
    "grades_released_notify_run",
    "submission_grade",
    "submissions_apply_score",
    "submissions_release",
    "to_decimal",
]


grades_published = Signal()


@dataclass(frozen=True)
class CriterionInput:
    level_id: int | None = None
    points: Decimal | None = None  # typed points; None: the level's points
    comment: str = ""


@dataclass(frozen=True)
class GradeResult:
    submission: Submission
    complete: bool  # has a score now
    unrated: int  # rubric criteria without a rating


def to_decimal(value, *, field: str = "score") -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: "Enter a number."}) from None
    if not number.is_finite():
        raise ValidationError({field: "Enter a number."})
    return number


def _check_grader(assignment: Assignment, grader: User) -> None:
    if grader.is_superuser:
        return
    if not Enrollment.objects.filter(
        course_id=assignment.course_id,
        user=grader,
        role__in=[CourseRole.TA, CourseRole.INSTRUCTOR],
    ).exists():
        raise ValidationError("Only the course's teaching staff can grade it.")


def _check_student(assignment: Assignment, student: User) -> None:
    if not Enrollment.objects.filter(
        course_id=assignment.course_id, user=student, role=CourseRole.STUDENT
    ).exists():
        raise ValidationError("This person is not a student of the course.")


def _rubric_scores(assignment: Assignment, criteria: dict[int, CriterionInput]):
    """Validated (criterion, level, points, comment) rows, the total when every
    criterion is rated, and how many are unrated."""
    if not assignment.rubric_id:
        return [], None, 0
    rubric_criteria = list(
        RubricCriterion.objects.filter(rubric_id=assignment.rubric_id).prefetch_related("levels")
    )
    rows, total, unrated = [], Decimal("0"), 0
    for criterion in rubric_criteria:
        given = criteria.get(criterion.pk, CriterionInput())
        levels = {level.pk: level for level in criterion.levels.all()}
        maximum = max((level.points for level in levels.values()), default=Decimal("0"))
        if given.level_id is not None and given.level_id not in levels:
            raise ValidationError(f"“{criterion.title}”: pick one of its own levels.")
        points = given.points
        if points is None and given.level_id is not None:
            points = levels[given.level_id].points
        if points is not None and not (Decimal("0") <= points <= maximum):
            raise ValidationError(
                f"“{criterion.title}”: points must be between 0 and {points_text(maximum)}."
            )
        if points is None:
            unrated += 1
        else:
            total += points
        comment = refuse_null_characters((given.comment or "").strip(), what="the comment")
        rows.append((criterion.pk, given.level_id, points, comment))
    return rows, (total if unrated == 0 and rubric_criteria else None), unrated


def submission_grade(
    *,
    assignment: Assignment,
    student: User,
    grader: User,
    score: Decimal | None = None,
    criteria: dict[int, CriterionInput] | None = None,
    feedback: str = "",
    waive_late_penalty: bool = False,
    release: bool = False,
) -> GradeResult:
    """Record the grader's work for one student (with or without a submission)."""
    _check_grader(assignment, grader)
    _check_student(assignment, student)
    refuse_null_characters(feedback, what="the feedback")
    rows, rubric_total, unrated = _rubric_scores(assignment, criteria or {})
    raw = score if score is not None else rubric_total
    if raw is not None and not (Decimal("0") <= raw <= assignment.points_possible):
        raise ValidationError(
            {"score": f"The score must be between 0 and {points_text(assignment.points_possible)}."}
        )
    if release and submissions_missing_captions(
        Submission.objects.filter(assignment=assignment, student=student).values_list(
            "pk", flat=True
        )
    ):
        raise ValidationError(CAPTIONS_REQUIRED)
    with transaction.atomic():
        submission, _ = Submission.objects.get_or_create(assignment=assignment, student=student)
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        released_before = (submission.released_at, submission.score, submission.feedback)
        for criterion_id, level_id, points, comment in rows:
            if level_id is None and points is None and not comment:
                CriterionScore.objects.filter(
                    submission=submission, criterion_id=criterion_id
                ).delete()
                continue
            CriterionScore.objects.update_or_create(
                submission=submission,
                criterion_id=criterion_id,
                defaults={"level_id": level_id, "points": points, "comment": comment},
            )
        submission.feedback = (feedback or "").strip()
        submission.late_penalty_waived = waive_late_penalty
        if raw is not None:
            scored = policy.late_penalty(
                raw=raw,
                points_possible=assignment.points_possible,
                days=submission.days_late,
                percent_per_day=assignment.late_penalty_percent,
                floor_percent=assignment.late_penalty_floor_percent,
                waived=waive_late_penalty,
            )
            newer_attempt = (submission.graded_attempt or 0) < submission.attempt
            submission.score_raw, submission.late_penalty = scored.raw, scored.penalty
            submission.score = scored.final
            submission.graded_attempt = submission.attempt
            submission.graded_at = timezone.now()
            submission.graded_by = grader
            if newer_attempt and submission.released_at is not None:
                submission.released_at = None  # a new attempt's grade waits for release
            submission.state = (
                SubmissionState.RETURNED if submission.released_at else SubmissionState.GRADED
            )
        submission.save()
        if released_before[0] and released_before[1:] != (submission.score, submission.feedback):
            audit.record(
                audit.AuditAction.GRADE_CHANGED_AFTER_RELEASE,
                actor=grader,
                subject=student,
                obj=submission,
                score_before=released_before[1],
                score_after=submission.score,
                feedback_changed=released_before[2] != submission.feedback,
            )
            if submission.released_at is not None:
                grades_published.send(sender=Submission, submission_ids=[submission.pk])
        if submission.released_at is not None and submission.score is not None:
            course_completions_check(submission_ids=[submission.pk])  # an edited released grade
        if release and submission.score is not None:
            submissions_release(submissions=Submission.objects.filter(pk=submission.pk))
            submission.refresh_from_db()
    return GradeResult(
        submission=submission, complete=submission.score is not None, unrated=unrated
    )


def submissions_release(*, submissions: QuerySet[Submission]) -> int:
    """Release the graded ones among ``submissions``; each student is notified once."""
    with transaction.atomic():
        ids = list(
            submissions.filter(score__isnull=False, released_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        missing = submissions_missing_captions(ids)  # the course requires captions first
        ids = [pk for pk in ids if pk not in missing]
        if not ids:
            return 0
        now = timezone.now()
        Submission.objects.filter(pk__in=ids).update(
            released_at=now,
            release_notified_at=None,
            state=SubmissionState.RETURNED,
            updated_at=now,
        )
        from ..tasks import grades_released_notify

        released = Submission.objects.filter(pk__in=ids).select_related("assignment")
        audit.record_many(
            audit.AuditAction.GRADE_RELEASED, items=[(s.student_id, s) for s in released]
        )
        course_completions_check(submission_ids=ids)  # E12: a finished course adds its skills
        send_on_commit(grades_released_notify, ids)
        grades_published.send(sender=Submission, submission_ids=ids)
    return len(ids)


def submissions_apply_score(
    *, assignment: Assignment, students: Iterable[User], score: Decimal, grader: User
) -> int:
    """Give each of ``students`` the same raw score (late penalties still apply); rubric
    ratings and comments already given are kept."""
    count = 0
    with transaction.atomic():
        for student in students:
            existing = (
                Submission.objects.filter(assignment=assignment, student=student)
                .prefetch_related("criterion_scores")
                .first()
            )
            submission_grade(
                assignment=assignment,
                student=student,
                grader=grader,
                score=score,
                feedback=existing.feedback if existing else "",
                waive_late_penalty=existing.late_penalty_waived if existing else False,
                criteria=_existing_criteria(existing),
            )
            count += 1
    return count


def _existing_criteria(submission: Submission | None) -> dict[int, CriterionInput]:
    if submission is None:
        return {}
    return {
        cs.criterion_id: CriterionInput(level_id=cs.level_id, points=cs.points, comment=cs.comment)
        for cs in submission.criterion_scores.all()
    }


def grades_released_notify_run(*, submission_ids: list[int]) -> int:
    """Tell each student their grade is out (once per release)."""
    count = 0
    for submission_id in submission_ids:
        with transaction.atomic():
            submission = (
                Submission.objects.select_for_update(of=("self",))
                .select_related("assignment__course", "student")
                .filter(
                    pk=submission_id, released_at__isnull=False, release_notified_at__isnull=True
                )
                .first()
            )
            if submission is None:
                continue
            assignment = submission.assignment
            notify(
                user=submission.student,
                title=f"Grade released: {assignment.title}",
                body=(
                    f"Your grade for “{assignment.title}” in {assignment.course.title} is "
                    f"{points_text(submission.score)} / {points_text(assignment.points_possible)}."
                ),
                url=assignment.get_absolute_url(),
                category=NotificationCategory.COURSES,
            )
            submission.release_notified_at = timezone.now()
            submission.save(update_fields=["release_notified_at"])
            count += 1
    return count
