"""Peer review in the demo course (E9), called from ``courses.demo.seed``.

- "Rewrite your résumé summary": named peer review, two reviewers each, every review
  handed in and released. Peer levels sit near the instructor's (some exact, some one
  level off, a few further), so the instructor's agreement page has real numbers, and
  the demo student reads the reviews of their work.
- "Cover letter for a target role": anonymous peer review, reviews due in three days and
  released automatically then. Some classmates have reviewed; the demo student has two
  reviews to do, one of them started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from accounts.models import User

from ..models import (
    Assignment,
    CriterionScore,
    PeerReleaseMode,
    PeerReview,
    PeerReviewSettings,
    RubricCriterion,
)
from ..services.peer import PeerRating, peer_review_save, peer_reviews_assign, peer_reviews_release

COMMENTS = (
    "The number in your second sentence is what makes this work. I would open with it.",
    "Clear and short. Name the role you want instead of “a new challenge”.",
    "Good structure. One claim has no evidence yet: how big was the team?",
    "I understood your story at once. Cut the adjectives and keep the results.",
)
# How far each peer rating lands from the instructor's level (0 = the same level).
DRIFT = (0, 0, 1, 0, -1, 0, 2, 0, 1, -1)


def _criteria(assignment: Assignment) -> list[RubricCriterion]:
    return list(
        RubricCriterion.objects.filter(rubric_id=assignment.rubric_id).prefetch_related("levels")
    )


def _ratings(review: PeerReview, criteria, instructor_levels, turn: int) -> dict[int, PeerRating]:
    ratings = {}
    for position, criterion in enumerate(criteria):
        levels = list(criterion.levels.all())
        base = instructor_levels.get((review.submission_id, criterion.pk), 1)
        index = min(max(base + DRIFT[(turn + position) % len(DRIFT)], 0), len(levels) - 1)
        comment = "Spot on here." if index == 0 else ""
        ratings[criterion.pk] = PeerRating(levels[index].pk, comment)
    return ratings


def _instructor_levels(assignment: Assignment, criteria) -> dict[tuple[int, int], int]:
    index = {level.pk: i for c in criteria for i, level in enumerate(c.levels.all())}
    return {
        (cs.submission_id, cs.criterion_id): index[cs.level_id]
        for cs in CriterionScore.objects.filter(submission__assignment=assignment)
        if cs.level_id in index
    }


def _review_all(assignment: Assignment, *, at: dt.datetime, skip: set[int] = frozenset()) -> int:
    criteria = _criteria(assignment)
    instructor_levels = _instructor_levels(assignment, criteria)
    done = 0
    for turn, review in enumerate(
        PeerReview.objects.filter(assignment=assignment).select_related("reviewer").order_by("id")
    ):
        if review.reviewer_id in skip:
            continue
        peer_review_save(
            review=review,
            reviewer=review.reviewer,
            ratings=_ratings(review, criteria, instructor_levels, turn),
            overall_comment=COMMENTS[turn % len(COMMENTS)],
            submit=True,
            now=at,
        )
        done += 1
    return done


def seed(
    *,
    summary: Assignment,
    letter: Assignment,
    demo_student: User,
    now: dt.datetime,
    log: Callable[[str], None],
) -> None:
    PeerReviewSettings.objects.create(
        assignment=summary,
        enabled=True,
        reviewers_per_submission=2,
        anonymous=False,
        reviews_due_at=summary.due_at + dt.timedelta(days=5),
    )
    peer_reviews_assign(assignment=summary, now=summary.due_at + dt.timedelta(hours=2))
    reviewed = _review_all(summary, at=summary.due_at + dt.timedelta(days=3))
    peer_reviews_release(assignment=summary, now=summary.due_at + dt.timedelta(days=6))

    PeerReviewSettings.objects.create(
        assignment=letter,
        enabled=True,
        reviewers_per_submission=2,
        anonymous=True,
        reviews_due_at=now + dt.timedelta(days=3),
        release_mode=PeerReleaseMode.AT_DUE,
    )
    peer_reviews_assign(assignment=letter, now=now)
    some = {
        r.reviewer_id
        for r in PeerReview.objects.filter(assignment=letter).exclude(reviewer=demo_student)[:6]
    }
    everyone_else = (
        set(PeerReview.objects.filter(assignment=letter).values_list("reviewer_id", flat=True))
        - some
    )
    _review_all(letter, at=now, skip=everyone_else)
    started = PeerReview.objects.filter(assignment=letter, reviewer=demo_student).first()
    if started is not None:
        first = _criteria(letter)[0]
        peer_review_save(
            review=started,
            reviewer=demo_student,
            ratings={first.pk: PeerRating(first.levels.all()[1].pk, "Clear opening.")},
            overall_comment="",
            now=now,
        )
    log(
        f"peer review: {reviewed} released reviews on {summary.title!r}; "
        f"anonymous reviews open on {letter.title!r}"
    )
