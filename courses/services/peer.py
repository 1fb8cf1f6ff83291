"""Peer review (E9): assigning reviewers, writing reviews, releasing them.

Assignment rules (``peer_reviews_assign``, run by beat and by the admin action):

- Nothing happens before the assignment's due date, while peer review is off, once
  the reviews are released, or after the reviews' due date.
- Only handed-in work of students still enrolled takes part, and only those students
  review. With ``include_late`` off, only attempts handed in by the due date count
  (the reviewer sees the latest of those); otherwise the latest attempt at the moment
  of assignment. A later resubmission never changes what a reviewer was given.
- The first run gives every submission exactly ``k = min(N, submitters - 1)``
  reviewers and every submitter exactly ``k`` reviews to do: the submissions are put in
  an order fixed by a hash of their ids (so neighbours in the class list are not
  always paired), and submission *i* goes to the authors of submissions *i+1 … i+k*.
  Nobody ever reviews their own work (also refused by a database constraint).
- Later runs only top up: work handed in late (while the reviews are open) gets ``k``
  reviewers, always the least loaded ones, and its author gets ``k`` reviews to do of
  the submissions with the fewest reviewers; a reviewer who left the course is
  replaced. Running again with nothing new adds nothing.
- With fewer than N + 1 submitters every submission gets as many reviewers as there
  are other submitters; the instructors are told (and the admin page says so).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import NotificationCategory, User
from accounts.services import notify
from careercopilot.queueing import send_on_commit
from careercopilot.textinput import refuse_null_characters
from careercopilot.timezones import format_in_zone

from ..models import (
    Assignment,
    CourseRole,
    Enrollment,
    PeerReview,
    PeerReviewScore,
    PeerReviewSettings,
    PeerReviewState,
    RubricCriterion,
    Submission,
    SubmissionVersion,
)

__all__ = [
    "PeerRating",
    "order_key",
    "peer_review_save",
    "peer_reviews_assign",
    "peer_reviews_release",
    "peer_reviews_released_notify_run",
    "peer_reviews_run_due",
    "peer_settings_save",
    "plan_reviews",
]


COMMENT_MAX_CHARS = 5_000


# --- Settings -----------------------------------------------------------------------------


def peer_settings_save(
    *,
    assignment: Assignment,
    enabled: bool,
    reviewers_per_submission: int,
    anonymous: bool,
    include_late: bool,
    reviews_due_at: dt.datetime | None,
    release_mode: str,
    video_comments: bool = False,
) -> PeerReviewSettings:
    """Create or change an assignment's peer review settings. Reviews already assigned
    stay; a higher N is topped up by the next run while the reviews are open."""
    with transaction.atomic():
        settings, _ = PeerReviewSettings.objects.select_for_update().get_or_create(
            assignment=assignment
        )
        settings.enabled = enabled
        settings.reviewers_per_submission = reviewers_per_submission
        settings.anonymous = anonymous
        settings.include_late = include_late
        settings.video_comments = video_comments
        settings.reviews_due_at = reviews_due_at
        settings.release_mode = release_mode
        settings.full_clean()
        settings.save()
    return settings


# --- Planning (pure) ----------------------------------------------------------------------


def order_key(assignment_id: int, submission_id: int) -> str:
    """A fixed, well-mixed order of an assignment's submissions."""
    return hashlib.sha256(f"peer:{assignment_id}:{submission_id}".encode()).hexdigest()


def plan_reviews(
    pool: list[tuple[int, int]], existing: set[tuple[int, int]], k: int
) -> list[tuple[int, int]]:
    """New (submission id, reviewer id) pairs.

    ``pool`` is the (submission id, author id) of every submission taking part, in
    their fixed order; ``existing`` the pairs assigned before. Pure and deterministic.
    """
    if k <= 0 or len(pool) < 2:
        return []
    pool_ids = {sid for sid, _ in pool}
    authors = [author for _, author in pool]
    active = set(authors)
    if not any(sid in pool_ids for sid, _ in existing):
        size = len(pool)
        return [
            (sid, pool[(i + shift) % size][1])
            for i, (sid, _) in enumerate(pool)
            for shift in range(1, k + 1)
        ]

    reviewers_of: dict[int, set[int]] = defaultdict(set)
    load: Counter[int] = Counter()
    for sid, reviewer in existing:
        reviewers_of[sid].add(reviewer)
        if sid in pool_ids and reviewer in active:
            load[reviewer] += 1
    rank = {author: i for i, author in enumerate(authors)}
    new: list[tuple[int, int]] = []

    def add(sid: int, reviewer: int) -> None:
        reviewers_of[sid].add(reviewer)
        load[reviewer] += 1
        new.append((sid, reviewer))

    # Every submission gets k active reviewers, the least loaded first.
    for sid, author in pool:
        while len(reviewers_of[sid] & active) < k:
            candidates = [a for a in authors if a != author and a not in reviewers_of[sid]]
            if not candidates:
                break
            add(sid, min(candidates, key=lambda a: (load[a], rank[a])))
    # Every submitter gets k reviews to do, of the submissions with the fewest reviewers.
    position = {sid: i for i, (sid, _) in enumerate(pool)}
    for reviewer in authors:
        while load[reviewer] < k:
            candidates = [
                sid
                for sid, author in pool
                if author != reviewer and reviewer not in reviewers_of[sid]
            ]
            if not candidates:
                break
            add(
                min(candidates, key=lambda s: (len(reviewers_of[s] & active), position[s])),
                reviewer,
            )
    return new


def shortfall_note(*, submitters: int, wanted: int) -> str:
    """What the instructor is told when the cohort is too small for N reviewers each."""
    if submitters == 0:
        return "Nobody has handed in work yet, so there is nothing to review."
    if submitters == 1:
        return "Only one student handed in work, so there is nobody to review it."
    if submitters <= wanted:
        k = submitters - 1
        return (
            f"Only {submitters} students handed in work, so each submission gets {k} "
            f"reviewer{'s' if k != 1 else ''} instead of {wanted}."
        )
    return ""


# --- Assigning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerAssignResult:
    created: int = 0
    submitters: int = 0
    per_submission: int = 0
    note: str = ""
    skipped: str = ""  # why nothing was assigned

    @property
    def message(self) -> str:
        if self.skipped:
            return self.skipped
        text = (
            f"{self.created} review{'s' if self.created != 1 else ''} assigned"
            if self.created
            else "Nothing new to assign"
        )
        text += f" ({self.submitters} submitter{'s' if self.submitters != 1 else ''}"
        text += f", {self.per_submission} reviewer{'s' if self.per_submission != 1 else ''} each)."
        return f"{text} {self.note}".strip()


def _pool(
    assignment: Assignment, settings: PeerReviewSettings
) -> list[tuple[Submission, SubmissionVersion]]:
    enrolled = Enrollment.objects.filter(
        course_id=assignment.course_id, user_id=OuterRef("student_id"), role=CourseRole.STUDENT
    )
    submissions = {
        s.pk: s
        for s in Submission.objects.filter(assignment=assignment, attempt__gt=0)
        .filter(Exists(enrolled))
        .only("id", "student_id", "assignment_id", "attempt")
    }
    versions = SubmissionVersion.objects.filter(submission_id__in=list(submissions)).only(
        "id", "submission_id", "number", "submitted_at"
    )
    if not settings.include_late:
        versions = versions.filter(submitted_at__lte=assignment.due_at)
    latest: dict[int, SubmissionVersion] = {}
    for version in versions.order_by("submission_id", "number"):
        latest[version.submission_id] = version
    pool = [(submissions[sid], version) for sid, version in latest.items()]
    pool.sort(key=lambda pair: order_key(assignment.pk, pair[0].pk))
    return pool


def _closed_reason(assignment: Assignment, settings: PeerReviewSettings | None, now) -> str:
    if settings is None or not settings.enabled:
        return "Peer review is off for this assignment."
    if not assignment.is_published:
        return "The assignment is not published."
    if now < assignment.due_at:
        return (
            "The assignment is not due yet: reviewers are assigned after the due date, "
            "once everyone has had the chance to hand in work."
        )
    if settings.is_released(now):
        return "The reviews are released, so no more reviewers are assigned."
    if settings.reviews_due_at and now >= settings.reviews_due_at:
        return "The reviews' due date has passed. Move it later to assign more reviewers."
    return ""


def peer_reviews_assign(*, assignment: Assignment, now: dt.datetime | None = None):
    """Assign reviewers for ``assignment`` (see the module's rules). Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        settings = (
            PeerReviewSettings.objects.select_for_update().filter(assignment=assignment).first()
        )
        reason = _closed_reason(assignment, settings, now)
        if reason or settings is None:
            return PeerAssignResult(skipped=reason)
        pool = _pool(assignment, settings)
        wanted = settings.reviewers_per_submission
        k = max(0, min(wanted, len(pool) - 1))
        existing = set(
            PeerReview.objects.filter(assignment=assignment).values_list(
                "submission_id", "reviewer_id"
            )
        )
        pairs = plan_reviews([(s.pk, s.student_id) for s, _ in pool], existing, k)
        by_id = {s.pk: (s, v) for s, v in pool}
        PeerReview.objects.bulk_create(
            PeerReview(
                assignment=assignment,
                submission_id=sid,
                version=by_id[sid][1],
                author_id=by_id[sid][0].student_id,
                reviewer_id=reviewer_id,
                assigned_at=now,
            )
            for sid, reviewer_id in pairs
        )
        note = shortfall_note(submitters=len(pool), wanted=wanted)
        if note and note != settings.assign_note:
            _tell_instructors(assignment, note)
        settings.assign_note = note
        if pairs and settings.assigned_at is None:
            settings.assigned_at = now
        settings.save(update_fields=["assign_note", "assigned_at", "updated_at"])
        _tell_reviewers(assignment, settings, Counter(reviewer for _, reviewer in pairs))
    return PeerAssignResult(created=len(pairs), submitters=len(pool), per_submission=k, note=note)


def _tell_reviewers(assignment, settings, new_counts: Counter) -> None:
    if not new_counts:
        return
    url = reverse("courses:peer_reviews", args=[assignment.course_id])
    for reviewer in User.objects.filter(pk__in=list(new_counts)):
        count = new_counts[reviewer.pk]
        due = (
            f" They are due {format_in_zone(settings.reviews_due_at, reviewer)}."
            if settings.reviews_due_at
            else ""
        )
        notify(
            user=reviewer,
            title=f"Peer review{'s' if count != 1 else ''} to do: {assignment.title}",
            body=(
                f"You have {count} classmate submission{'s' if count != 1 else ''} of "
                f"“{assignment.title}” to review with the rubric.{due}"
            ),
            url=url,
            category=NotificationCategory.COURSES,
        )


def _tell_instructors(assignment: Assignment, note: str) -> None:
    url = reverse("admin:courses_assignment_peer_review", args=[assignment.pk])
    for enrollment in Enrollment.objects.filter(
        course_id=assignment.course_id, role=CourseRole.INSTRUCTOR
    ).select_related("user"):
        notify(
            user=enrollment.user,
            title=f"Peer review: fewer reviewers for {assignment.title}",
            body=note,
            url=url,
            category=NotificationCategory.COURSES,
        )


def peer_reviews_run_due(*, now: dt.datetime | None = None) -> int:
    """Beat: assign reviewers for every open peer review past its due date, and release
    the reviews whose automatic release moment has come. Returns the reviews created."""
    now = now or timezone.now()
    created = 0
    due = PeerReviewSettings.objects.filter(
        enabled=True,
        released_at__isnull=True,
        assignment__published_at__isnull=False,
        assignment__due_at__lte=now,
    ).select_related("assignment")
    for settings in due:
        if settings.is_released(now):
            peer_reviews_release(assignment=settings.assignment, now=now)
        elif not settings.reviews_due_at or settings.reviews_due_at > now:
            created += peer_reviews_assign(assignment=settings.assignment, now=now).created
    return created


# --- Reviewing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerRating:
    level_id: int | None = None
    comment: str = ""


def _clean_text(text: str, label: str) -> str:
    text = refuse_null_characters((text or "").replace("\r\n", "\n").strip(), what=label.lower())
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            f"{label} is {len(text):,} characters long; the limit is {COMMENT_MAX_CHARS:,}."
        )
    return text


def peer_review_save(
    *,
    review: PeerReview,
    reviewer: User,
    ratings: dict[int, PeerRating],
    overall_comment: str,
    submit: bool = False,
    now: dt.datetime | None = None,
) -> PeerReview:
    """Save the reviewer's work; ``submit`` hands it in (every criterion rated and an
    overall comment written). A submitted review no longer changes."""
    now = now or timezone.now()
    overall = _clean_text(overall_comment, "The overall comment")
    with transaction.atomic():
        review = (
            PeerReview.objects.select_for_update(of=("self",))
            .select_related("assignment")
            .get(pk=review.pk)
        )
        if review.reviewer_id != reviewer.pk:
            raise ValidationError("This review is not yours.")
        if review.is_submitted:
            raise ValidationError("This review was handed in and can no longer change.")
        settings = PeerReviewSettings.objects.get(assignment_id=review.assignment_id)
        if settings.is_released(now):
            raise ValidationError("The reviews were released, so this one is closed.")
        rows, missing = _validated_ratings(review.assignment, ratings)
        if submit:
            problems = []
            if missing:
                problems.append("Pick a level for " + ", ".join(f"“{t}”" for t in missing) + ".")
            if not overall:
                problems.append("Write an overall comment for the author.")
            if problems:
                raise ValidationError(problems)
        for criterion_id, level, comment in rows:
            if level is None and not comment:
                PeerReviewScore.objects.filter(review=review, criterion_id=criterion_id).delete()
                continue
            PeerReviewScore.objects.update_or_create(
                review=review,
                criterion_id=criterion_id,
                defaults={
                    "level": level,
                    "points": level.points if level is not None else None,
                    "comment": comment,
                },
            )
        review.overall_comment = overall
        review.saved_at = now
        if submit:
            review.state, review.submitted_at = PeerReviewState.SUBMITTED, now
        else:
            review.state = PeerReviewState.IN_PROGRESS
        review.save(update_fields=["overall_comment", "saved_at", "state", "submitted_at"])
    return review


def _validated_ratings(assignment: Assignment, ratings: dict[int, PeerRating]):
    """(criterion id, level or None, comment) per rubric criterion, and the titles of
    the criteria left without a level."""
    if not assignment.rubric_id:
        return [], []
    rows, missing = [], []
    criteria = RubricCriterion.objects.filter(rubric_id=assignment.rubric_id).prefetch_related(
        "levels"
    )
    for criterion in criteria:
        given = ratings.get(criterion.pk, PeerRating())
        levels = {level.pk: level for level in criterion.levels.all()}
        if given.level_id is not None and given.level_id not in levels:
            raise ValidationError(f"“{criterion.title}”: pick one of its own levels.")
        level = levels.get(given.level_id) if given.level_id is not None else None
        if level is None:
            missing.append(criterion.title)
        rows.append((criterion.pk, level, _clean_text(given.comment, f"“{criterion.title}”")))
    return rows, missing


# --- Releasing ----------------------------------------------------------------------------


def peer_reviews_release(*, assignment: Assignment, now: dt.datetime | None = None) -> bool:
    """Show authors the submitted reviews of their work; each author is notified once."""
    now = now or timezone.now()
    with transaction.atomic():
        settings = (
            PeerReviewSettings.objects.select_for_update().filter(assignment=assignment).first()
        )
        if settings is None or not settings.enabled:
            raise ValidationError("Peer review is off for this assignment.")
        if settings.released_at is not None:
            return False
        settings.released_at = now
        settings.save(update_fields=["released_at", "updated_at"])
        from ..tasks import peer_reviews_released_notify

        send_on_commit(peer_reviews_released_notify, assignment.pk)
    return True


def peer_reviews_released_notify_run(*, assignment_id: int) -> int:
    """Tell each author with submitted reviews that they can read them (once)."""
    with transaction.atomic():
        settings = (
            PeerReviewSettings.objects.select_for_update(of=("self",))
            .select_related("assignment")
            .filter(
                assignment_id=assignment_id,
                released_at__isnull=False,
                release_notified_at__isnull=True,
            )
            .first()
        )
        if settings is None:
            return 0
        assignment = settings.assignment
        url = reverse("courses:peer_feedback", args=[assignment.course_id, assignment.pk])
        authors = User.objects.filter(
            pk__in=PeerReview.objects.filter(
                assignment_id=assignment_id, state=PeerReviewState.SUBMITTED
            ).values("author_id")
        )
        count = 0
        for author in authors:
            notify(
                user=author,
                title=f"Peer reviews of your work: {assignment.title}",
                body=f"Your classmates' reviews of “{assignment.title}” are ready to read.",
                url=url,
                category=NotificationCategory.COURSES,
            )
            count += 1
        settings.release_notified_at = timezone.now()
        settings.save(update_fields=["release_notified_at"])
    return count
