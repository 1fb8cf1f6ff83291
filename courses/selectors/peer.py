"""Reads for peer review (E9): scoped lookups, the students' pages and the instructor's
overview with the agreement between peer and instructor scores.

Scoping: a reviewer reaches only the reviews given to them (and the files of exactly
the attempt under review), while still a student of the course; an author reads only
the reviews of their own work, once released. With anonymous peer review the reads for
students never load the other side's user row, so no page can show it.
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import User

from ..models import (
    Assignment,
    CourseRole,
    CriterionScore,
    Enrollment,
    PeerReview,
    PeerReviewScore,
    PeerReviewSettings,
    PeerReviewState,
    RubricCriterion,
    Submission,
    SubmissionFile,
)
from ..services.peer import order_key
from .peer_agreement import LevelAgreement, level_agreement, mean, mean_absolute_difference, pearson

# --- Scoped lookups -----------------------------------------------------------------------


def _student_in_course(user) -> Exists:
    return Exists(
        Enrollment.objects.filter(
            user_id=user.pk,
            course_id=OuterRef("assignment__course_id"),
            role=CourseRole.STUDENT,
            course__archived_at__isnull=True,
        )
    )


def get_peer_review_for_reviewer(user, pk) -> PeerReview:
    """A review given to ``user``; 404 for anyone else, and once they left the course."""
    review = get_object_or_404(
        PeerReview.objects.select_related(
            "assignment__course",
            "assignment__rubric",
            "assignment__peer_review_settings",
            "version",
        ).filter(_student_in_course(user)),
        pk=pk,
        reviewer_id=user.pk,
        assignment__published_at__isnull=False,
        assignment__peer_review_settings__enabled=True,
    )
    review.label = reviewer_side_label(review)
    return review


def get_peer_review_file(user, pk, file_pk) -> tuple[PeerReview, SubmissionFile]:
    """A file of exactly the attempt under review, for its reviewer only."""
    review = get_peer_review_for_reviewer(user, pk)
    file = get_object_or_404(SubmissionFile, pk=file_pk, versions=review.version_id)
    return review, file


def peer_settings_for_student(assignment: Assignment) -> PeerReviewSettings | None:
    settings = PeerReviewSettings.objects.filter(assignment=assignment, enabled=True).first()
    return settings


# --- Labels -------------------------------------------------------------------------------


def _letter(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < len(letters) else f"{index + 1}"


def reviewer_side_label(review: PeerReview) -> str:
    """How the reviewer sees the work: the author's name, or "Submission A" when
    anonymous (A, B, … in the order of their reviews for this assignment)."""
    settings = review.assignment.peer_review_settings
    if not settings.anonymous:
        return review.author.display_name
    ids = list(
        PeerReview.objects.filter(
            assignment_id=review.assignment_id, reviewer_id=review.reviewer_id
        ).values_list("pk", flat=True)
    )
    ids.sort(key=lambda pk: order_key(review.assignment_id, pk))
    return f"Submission {_letter(ids.index(review.pk))}"


# --- The reviewer's pages -----------------------------------------------------------------


def reviews_to_do(user, course_id: int, *, assignment_id: int | None = None) -> list[PeerReview]:
    """The reviews given to ``user`` in a course (or one assignment), newest assignment
    first, each with a ``label``; author rows are loaded only for assignments that are
    not anonymous. At most two queries."""
    given = PeerReview.objects.filter(
        reviewer_id=user.pk,
        assignment__course_id=course_id,
        assignment__published_at__isnull=False,
        assignment__peer_review_settings__enabled=True,
    )
    if assignment_id is not None:
        given = given.filter(assignment_id=assignment_id)
    reviews = list(
        given.select_related("assignment__peer_review_settings").order_by(
            "-assignment__due_at", "assignment_id", "id"
        )
    )
    named = [r.author_id for r in reviews if not r.assignment.peer_review_settings.anonymous]
    names = {}
    if named:
        from accounts.models import User

        names = {u.pk: u.display_name for u in User.objects.filter(pk__in=named)}
    by_assignment: dict[int, list[PeerReview]] = defaultdict(list)
    for review in reviews:
        by_assignment[review.assignment_id].append(review)
    for assignment_id, group in by_assignment.items():
        group.sort(key=lambda r: order_key(assignment_id, r.pk))
        for index, review in enumerate(group):
            anonymous = review.assignment.peer_review_settings.anonymous
            review.label = (
                f"Submission {_letter(index)}" if anonymous else names.get(review.author_id, "")
            )
    return reviews


def my_feedback_summary(user, course_id: int) -> list[PeerReviewSettings]:
    """Per assignment where ``user``'s work is under review: how many reviews are in
    and whether they are released. One query."""
    mine = Q(assignment__peer_reviews__author_id=user.pk)
    return list(
        PeerReviewSettings.objects.filter(
            enabled=True,
            assignment__course_id=course_id,
            assignment__published_at__isnull=False,
        )
        .annotate(
            n_assigned=Count("assignment__peer_reviews", filter=mine),
            n_received=Count(
                "assignment__peer_reviews",
                filter=mine & Q(assignment__peer_reviews__state=PeerReviewState.SUBMITTED),
            ),
        )
        .filter(n_assigned__gt=0)
        .select_related("assignment")
        .order_by("-assignment__due_at", "assignment_id")
    )


def review_form_rows(review: PeerReview, posted: dict | None = None) -> list[dict]:
    """The rubric with the reviewer's saved (or just posted) level and comment."""
    if not review.assignment.rubric_id:
        return []
    saved = {s.criterion_id: s for s in PeerReviewScore.objects.filter(review=review)}
    rows = []
    for criterion in RubricCriterion.objects.filter(
        rubric_id=review.assignment.rubric_id
    ).prefetch_related("levels"):
        stored = saved.get(criterion.pk)
        if posted is not None:
            level = posted.get(f"criterion-{criterion.pk}-level", "")
            comment = posted.get(f"criterion-{criterion.pk}-comment", "")
        else:
            level = str(stored.level_id) if stored and stored.level_id else ""
            comment = stored.comment if stored else ""
        levels = list(criterion.levels.all())
        rows.append(
            {
                "criterion": criterion,
                "levels": levels,
                "max_points": max((lv.points for lv in levels), default=Decimal("0")),
                "level": level,
                "comment": comment,
            }
        )
    return rows


# --- The author's page --------------------------------------------------------------------


@dataclass
class ReceivedReview:
    label: str
    overall_comment: str
    ratings: list[tuple[RubricCriterion, PeerReviewScore | None]]
    total: Decimal | None


@dataclass
class ReceivedFeedback:
    released: bool
    anonymous: bool
    assigned: int
    reviews: list[ReceivedReview] = field(default_factory=list)
    criteria: list[dict] = field(default_factory=list)  # per criterion: cells and mean
    mean_total: Decimal | None = None
    max_total: Decimal | None = None  # the rubric's highest possible total


def feedback_for_author(user, assignment: Assignment, settings: PeerReviewSettings):
    """The submitted reviews of ``user``'s work, once released. Anonymous: labelled
    "Reviewer 1, 2, …" in an order that says nothing about who or when."""
    released = settings.is_released(timezone.now())
    assigned = PeerReview.objects.filter(assignment=assignment, author_id=user.pk).count()
    feedback = ReceivedFeedback(released=released, anonymous=settings.anonymous, assigned=assigned)
    if not released:
        return feedback
    submitted = PeerReview.objects.filter(
        assignment=assignment, author_id=user.pk, state=PeerReviewState.SUBMITTED
    ).prefetch_related(Prefetch("scores", PeerReviewScore.objects.select_related("level")))
    if not settings.anonymous:
        submitted = submitted.select_related("reviewer")
    reviews = sorted(submitted, key=lambda r: order_key(assignment.pk, r.pk))
    criteria = (
        list(
            RubricCriterion.objects.filter(rubric_id=assignment.rubric_id).prefetch_related(
                "levels"
            )
        )
        if assignment.rubric_id
        else []
    )
    feedback.max_total = sum(
        (max((lv.points for lv in c.levels.all()), default=Decimal("0")) for c in criteria),
        Decimal("0"),
    )
    for index, review in enumerate(reviews, start=1):
        scores = {s.criterion_id: s for s in review.scores.all()}
        feedback.reviews.append(
            ReceivedReview(
                label=f"Reviewer {index}" if settings.anonymous else review.reviewer.display_name,
                overall_comment=review.overall_comment,
                ratings=[(c, scores.get(c.pk)) for c in criteria],
                total=_total(scores, criteria),
            )
        )
    for position, criterion in enumerate(criteria):
        cells = [r.ratings[position][1] for r in feedback.reviews]
        feedback.criteria.append(
            {
                "criterion": criterion,
                "cells": cells,
                "mean": mean(s.points for s in cells if s is not None and s.points is not None),
            }
        )
    feedback.mean_total = mean(r.total for r in feedback.reviews if r.total is not None)
    return feedback


def _total(scores: Mapping[int, object], criteria: list[RubricCriterion]) -> Decimal | None:
    """The rubric total when every criterion has points; otherwise None."""
    if not criteria:
        return None
    points = [getattr(scores.get(c.pk), "points", None) for c in criteria]
    if any(p is None for p in points):
        return None
    return sum((p for p in points if p is not None), Decimal("0"))


# --- The instructor's overview ------------------------------------------------------------


@dataclass
class SubmissionRow:
    submission: Submission
    reviews: list[PeerReview]
    peer_mean: Decimal | None
    instructor_total: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.peer_mean is None or self.instructor_total is None:
            return None
        return self.peer_mean - self.instructor_total

    @property
    def done(self) -> int:
        return sum(1 for r in self.reviews if r.is_submitted)


@dataclass
class ReviewerRow:
    reviewer: User
    assigned: int = 0
    submitted: int = 0
    differences: list[Decimal] = field(default_factory=list)

    @property
    def bias(self) -> Decimal | None:
        return mean(self.differences)


@dataclass
class CriterionRow:
    criterion: RubricCriterion
    agreement: LevelAgreement
    peer_mean: Decimal | None
    instructor_mean: Decimal | None


@dataclass
class PeerOverview:
    settings: PeerReviewSettings | None
    rows: list[SubmissionRow]
    reviewers: list[ReviewerRow]
    criteria: list[CriterionRow]
    total_reviews: int
    submitted_reviews: int
    compared: int  # submissions with both a peer mean and an instructor total
    mean_abs_difference: Decimal | None
    correlation: float | None

    @property
    def completion_percent(self) -> int | None:
        if not self.total_reviews:
            return None
        return round(100 * self.submitted_reviews / self.total_reviews)


def peer_overview(assignment: Assignment) -> PeerOverview:
    """Everything on the instructor's peer review page, in a fixed number of queries."""
    settings = PeerReviewSettings.objects.filter(assignment=assignment).first()
    criteria = (
        list(
            RubricCriterion.objects.filter(rubric_id=assignment.rubric_id).prefetch_related(
                "levels"
            )
        )
        if assignment.rubric_id
        else []
    )
    level_index = {level.pk: index for c in criteria for index, level in enumerate(c.levels.all())}
    submissions = list(
        Submission.objects.filter(assignment=assignment, attempt__gt=0)
        .select_related("student")
        .prefetch_related(Prefetch("criterion_scores", CriterionScore.objects.all()))
        .order_by("student__name", "student__email")
    )
    reviews = list(
        PeerReview.objects.filter(assignment=assignment)
        .select_related("reviewer")
        .prefetch_related("scores")
        .order_by("reviewer__name", "reviewer__email", "id")
    )
    by_submission: dict[int, list[PeerReview]] = defaultdict(list)
    for review in reviews:
        review.scores_by_criterion = {s.criterion_id: s for s in review.scores.all()}
        review.total = _total(review.scores_by_criterion, criteria)
        by_submission[review.submission_id].append(review)

    rows, pairs, instructor_of = [], [], {}
    instructor_levels: dict[tuple[int, int], CriterionScore] = {}
    for submission in submissions:
        scores = {cs.criterion_id: cs for cs in submission.criterion_scores.all()}
        for criterion_id, cs in scores.items():
            instructor_levels[(submission.pk, criterion_id)] = cs
        instructor = _total(scores, criteria) if criteria else None
        if instructor is None and submission.score_raw is not None:
            instructor = submission.score_raw
        instructor_of[submission.pk] = instructor
        mine = by_submission.get(submission.pk, [])
        peer = mean(r.total for r in mine if r.is_submitted and r.total is not None)
        rows.append(SubmissionRow(submission, mine, peer, instructor))
        if peer is not None and instructor is not None:
            pairs.append((peer, instructor))

    reviewer_rows: dict[int, ReviewerRow] = {}
    level_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    peer_points: dict[int, list[Decimal]] = defaultdict(list)
    for review in reviews:
        row = reviewer_rows.setdefault(review.reviewer_id, ReviewerRow(review.reviewer))
        row.assigned += 1
        if not review.is_submitted:
            continue
        row.submitted += 1
        instructor = instructor_of.get(review.submission_id)
        if review.total is not None and instructor is not None:
            row.differences.append(review.total - instructor)
        for criterion_id, score in review.scores_by_criterion.items():
            if score.points is not None:
                peer_points[criterion_id].append(score.points)
            theirs = instructor_levels.get((review.submission_id, criterion_id))
            if score.level_id in level_index and theirs and theirs.level_id in level_index:
                level_pairs[criterion_id].append(
                    (level_index[score.level_id], level_index[theirs.level_id])
                )
    # The instructor's side of the per-criterion means: the same (peer-reviewed) work.
    reviewed = {r.submission_id for r in reviews if r.is_submitted}
    instructor_points: dict[int, list[Decimal]] = defaultdict(list)
    for (submission_id, criterion_id), cs in instructor_levels.items():
        if cs.points is not None and submission_id in reviewed:
            instructor_points[criterion_id].append(cs.points)

    return PeerOverview(
        settings=settings,
        rows=rows,
        reviewers=sorted(reviewer_rows.values(), key=lambda r: (r.reviewer.name, r.reviewer.email)),
        criteria=[
            CriterionRow(
                criterion=c,
                agreement=level_agreement(level_pairs[c.pk]),
                peer_mean=mean(peer_points[c.pk]),
                instructor_mean=mean(instructor_points[c.pk]),
            )
            for c in criteria
        ],
        total_reviews=len(reviews),
        submitted_reviews=sum(1 for r in reviews if r.is_submitted),
        compared=len(pairs),
        mean_abs_difference=mean_absolute_difference(pairs),
        correlation=pearson(pairs),
    )
