"""Peer review (E9): who reviews whom, scoring with the rubric, release, agreement math.

The assignment rules are a table: for each cohort size and N, nobody reviews their own
work, every submission gets min(N, submitters − 1) reviewers, every submitter reviews
exactly that many, and a second run adds nothing.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal as D

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Notification
from courses import services
from courses.models import (
    Enrollment,
    PeerReleaseMode,
    PeerReview,
    PeerReviewScore,
    PeerReviewSettings,
    PeerReviewState,
)
from courses.selectors.peer import peer_overview
from courses.selectors.peer_agreement import (
    level_agreement,
    mean_absolute_difference,
    pearson,
)
from courses.services.peer import (
    PeerRating,
    peer_review_save,
    peer_reviews_assign,
    peer_reviews_release,
    peer_reviews_run_due,
    plan_reviews,
)

from .factories import hand_in, level, make_assignment, make_student

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def peer_assignment(course, rubric, *, n=2, due_at=None, **settings):
    due_at = due_at or timezone.now() - dt.timedelta(days=1)
    assignment = make_assignment(course, rubric=rubric, due_at=due_at, title="Pitch letter")
    PeerReviewSettings.objects.create(
        assignment=assignment, enabled=True, reviewers_per_submission=n, **settings
    )
    return assignment


def cohort(course, assignment, size, *, start=0):
    """``size`` students who handed in on time."""
    students = []
    for i in range(start, start + size):
        student = make_student(course, email=f"peer{i}@example.com", name=f"Peer {i:02d}")
        hand_in(assignment, student, f"Essay number {i}.", now=assignment.due_at - HOUR)
        students.append(student)
    return students


def review_counts(assignment):
    reviews = list(PeerReview.objects.filter(assignment=assignment))
    assert all(r.reviewer_id != r.author_id for r in reviews)
    assert len({(r.submission_id, r.reviewer_id) for r in reviews}) == len(reviews)
    return Counter(r.author_id for r in reviews), Counter(r.reviewer_id for r in reviews)


# --- The rules table ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitters", "n", "k"),
    [(2, 1, 1), (2, 3, 1), (3, 2, 2), (4, 3, 3), (5, 2, 2), (6, 3, 3), (3, 5, 2), (9, 4, 4)],
)
def test_assignment_rules_table(course, rubric, submitters, n, k):
    assignment = peer_assignment(course, rubric, n=n)
    students = cohort(course, assignment, submitters)
    result = peer_reviews_assign(assignment=assignment)
    assert result.created == submitters * k and result.per_submission == k
    received, given = review_counts(assignment)
    assert received == {s.pk: k for s in students}  # N (or all the others) per submission
    assert given == {s.pk: k for s in students}  # balanced: each reviewer exactly k
    assert bool(result.note) == (submitters <= n)  # small cohorts are reported
    again = peer_reviews_assign(assignment=assignment)
    assert again.created == 0 and PeerReview.objects.filter(assignment=assignment).count() == (
        submitters * k
    )


def test_planning_is_deterministic_and_never_self():
    pool = [(100 + i, i) for i in range(7)]
    first = plan_reviews(pool, set(), 3)
    assert first == plan_reviews(pool, set(), 3)
    assert all(
        pool_author != reviewer for sid, reviewer in first for s, pool_author in pool if s == sid
    )
    assert plan_reviews(pool, set(first), 3) == []  # nothing new: nothing added
    assert plan_reviews(pool[:1], set(), 3) == [] and plan_reviews(pool, set(), 0) == []


def test_same_state_gives_the_same_pairs(course, rubric):
    assignment = peer_assignment(course, rubric, n=2)
    cohort(course, assignment, 6)
    peer_reviews_assign(assignment=assignment)
    before = set(PeerReview.objects.values_list("submission_id", "reviewer_id"))
    PeerReview.objects.all().delete()
    peer_reviews_assign(assignment=assignment)
    assert set(PeerReview.objects.values_list("submission_id", "reviewer_id")) == before


def test_only_handed_in_work_of_current_students_takes_part(course, rubric):
    assignment = peer_assignment(course, rubric, n=2)
    workers = cohort(course, assignment, 4)
    drafter = make_student(course, email="draft@example.com")
    services.submission_save_draft(assignment=assignment, student=drafter, text="Unfinished")
    idle = make_student(course, email="idle@example.com")
    gone = cohort(course, assignment, 1, start=50)[0]
    Enrollment.objects.filter(user=gone).delete()
    peer_reviews_assign(assignment=assignment)
    people = set(PeerReview.objects.values_list("author_id", flat=True)) | set(
        PeerReview.objects.values_list("reviewer_id", flat=True)
    )
    assert people == {s.pk for s in workers}
    assert not {drafter.pk, idle.pk, gone.pk} & people


def test_nothing_is_assigned_before_the_due_date(course, rubric):
    assignment = peer_assignment(course, rubric, due_at=timezone.now() + dt.timedelta(days=2))
    for i in range(3):
        student = make_student(course, email=f"early{i}@example.com")
        hand_in(assignment, student)
    result = peer_reviews_assign(assignment=assignment)
    assert result.created == 0 and "not due yet" in result.skipped
    assert not PeerReview.objects.exists()
    assert peer_reviews_assign(assignment=assignment, now=assignment.due_at + HOUR).created == 6


def test_closed_states_assign_nothing(course, rubric):
    off = peer_assignment(course, rubric)
    cohort(course, off, 3)
    PeerReviewSettings.objects.filter(assignment=off).update(enabled=False)
    assert "off" in peer_reviews_assign(assignment=off).skipped
    window = peer_assignment(course, rubric, reviews_due_at=timezone.now() - HOUR)
    assert "due date has passed" in peer_reviews_assign(assignment=window).skipped
    assert not PeerReview.objects.exists()


def test_small_cohorts_are_reported_to_the_instructor_once(course, rubric, instructor):
    assignment = peer_assignment(course, rubric, n=3)
    cohort(course, assignment, 3)
    result = peer_reviews_assign(assignment=assignment)
    assert result.per_submission == 2
    assert (
        "Only 3 students handed in work" in result.note
        and "2 reviewers instead of 3" in result.note
    )
    peer_reviews_assign(assignment=assignment)
    notes = Notification.objects.filter(user=instructor, title__contains="fewer reviewers")
    assert notes.count() == 1
    assert PeerReviewSettings.objects.get(assignment=assignment).assign_note == result.note


def test_single_submitter_gets_no_reviews_and_a_note(course, rubric):
    assignment = peer_assignment(course, rubric)
    cohort(course, assignment, 1)
    result = peer_reviews_assign(assignment=assignment)
    assert result.created == 0 and "nobody to review" in result.note


def test_reviewers_are_notified_once_with_their_count(course, rubric):
    assignment = peer_assignment(course, rubric, n=2)
    students = cohort(course, assignment, 4)
    peer_reviews_assign(assignment=assignment)
    peer_reviews_assign(assignment=assignment)
    for student in students:
        notes = Notification.objects.filter(user=student, title__startswith="Peer reviews to do")
        assert notes.count() == 1 and "2 classmate submissions" in notes.get().body
        assert notes.get().url == f"/courses/{course.pk}/peer-reviews/"


def test_database_refuses_self_review(course, rubric):
    assignment = peer_assignment(course, rubric)
    student = cohort(course, assignment, 1)[0]
    submission = assignment.submissions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerReview.objects.create(
            assignment=assignment,
            submission=submission,
            version=submission.versions.get(),
            author=student,
            reviewer=student,
        )


# --- Late work ----------------------------------------------------------------------------


def test_late_work_is_topped_up_when_included(course, rubric):
    assignment = peer_assignment(course, rubric, n=2)
    early = cohort(course, assignment, 5)
    peer_reviews_assign(assignment=assignment)
    late = make_student(course, email="late@example.com", name="Lee Late")
    hand_in(assignment, late, "Late essay", now=assignment.due_at + 2 * HOUR)
    result = peer_reviews_assign(assignment=assignment)
    assert result.created == 4  # two reviewers for the late work, two reviews for its author
    received, given = review_counts(assignment)
    assert received[late.pk] == 2 and given[late.pk] == 2
    assert all(received[s.pk] >= 2 and given[s.pk] in (2, 3) for s in early)
    assert peer_reviews_assign(assignment=assignment).created == 0


def test_late_work_is_left_out_when_excluded_and_the_on_time_attempt_is_reviewed(course, rubric):
    assignment = peer_assignment(course, rubric, n=1, include_late=False)
    on_time = cohort(course, assignment, 2)
    hand_in(assignment, on_time[0], "Rewritten after the deadline", now=assignment.due_at + HOUR)
    late = make_student(course, email="late@example.com")
    hand_in(assignment, late, "Late essay", now=assignment.due_at + HOUR)
    peer_reviews_assign(assignment=assignment)
    assert not PeerReview.objects.filter(author=late).exists()
    assert not PeerReview.objects.filter(reviewer=late).exists()
    review = PeerReview.objects.get(author=on_time[0])
    assert review.version.number == 1 and review.version.text == "Essay number 0."


def test_a_resubmission_never_changes_the_attempt_under_review(course, rubric):
    assignment = peer_assignment(course, rubric, n=1)
    students = cohort(course, assignment, 2)
    peer_reviews_assign(assignment=assignment)
    hand_in(assignment, students[0], "A new attempt", now=assignment.due_at + HOUR)
    peer_reviews_assign(assignment=assignment)
    review = PeerReview.objects.get(author=students[0])
    assert review.version.number == 1 and PeerReview.objects.count() == 2


# --- Scoring with the rubric ---------------------------------------------------------------


@pytest.fixture
def one_review(course, rubric):
    assignment = peer_assignment(course, rubric, n=1)
    cohort(course, assignment, 2)
    peer_reviews_assign(assignment=assignment)
    review = PeerReview.objects.order_by("id").first()
    return assignment, review


def test_draft_then_submit_with_the_rubric(one_review):
    assignment, review = one_review
    structure = level(assignment, "Structure", "Good")
    evidence = level(assignment, "Evidence", "Excellent")
    peer_review_save(
        review=review,
        reviewer=review.reviewer,
        ratings={structure.criterion_id: PeerRating(structure.pk, "Clear order")},
        overall_comment="",
    )
    review.refresh_from_db()
    assert review.state == PeerReviewState.IN_PROGRESS and review.submitted_at is None
    with pytest.raises(ValidationError) as refused:
        peer_review_save(
            review=review,
            reviewer=review.reviewer,
            ratings={structure.criterion_id: PeerRating(structure.pk)},
            overall_comment="",
            submit=True,
        )
    assert "Evidence" in str(refused.value) and "overall comment" in str(refused.value)
    assert PeerReviewScore.objects.get(review=review).comment == "Clear order"  # draft kept
    peer_review_save(
        review=review,
        reviewer=review.reviewer,
        ratings={
            structure.criterion_id: PeerRating(structure.pk, "Clear order"),
            evidence.criterion_id: PeerRating(evidence.pk),
        },
        overall_comment="Strong numbers; tighten the ending.",
        submit=True,
    )
    review.refresh_from_db()
    assert review.state == PeerReviewState.SUBMITTED and review.submitted_at
    points = {s.criterion_id: s.points for s in review.scores.all()}
    assert points == {structure.criterion_id: D("7"), evidence.criterion_id: D("10")}
    with pytest.raises(ValidationError, match="can no longer change"):
        peer_review_save(
            review=review, reviewer=review.reviewer, ratings={}, overall_comment="Changed"
        )


def test_levels_must_belong_to_their_criterion_and_reviews_to_their_reviewer(one_review):
    assignment, review = one_review
    evidence = level(assignment, "Evidence", "Good")
    structure = level(assignment, "Structure", "Good")
    with pytest.raises(ValidationError, match="its own levels"):
        peer_review_save(
            review=review,
            reviewer=review.reviewer,
            ratings={structure.criterion_id: PeerRating(evidence.pk)},
            overall_comment="",
        )
    with pytest.raises(ValidationError, match="not yours"):
        peer_review_save(review=review, reviewer=review.author, ratings={}, overall_comment="x")


# --- Release ------------------------------------------------------------------------------


def test_manual_release_closes_reviews_and_notifies_authors_once(
    one_review, django_capture_on_commit_callbacks
):
    assignment, review = one_review
    settings = assignment.peer_review_settings
    assert not settings.is_released()
    ratings = {
        level(assignment, c, "Good").criterion_id: PeerRating(level(assignment, c, "Good").pk)
        for c in ("Structure", "Evidence")
    }
    peer_review_save(
        review=review,
        reviewer=review.reviewer,
        ratings=ratings,
        overall_comment="Nice",
        submit=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert peer_reviews_release(assignment=assignment) is True
        assert peer_reviews_release(assignment=assignment) is False
    settings.refresh_from_db()
    assert settings.is_released() and settings.release_notified_at
    notes = Notification.objects.filter(title__startswith="Peer reviews of your work")
    assert list(notes.values_list("user_id", flat=True)) == [review.author_id]  # submitted only
    other = PeerReview.objects.exclude(pk=review.pk).get()
    with pytest.raises(ValidationError, match="released"):
        peer_review_save(review=other, reviewer=other.reviewer, ratings={}, overall_comment="x")


def test_automatic_release_at_the_reviews_due_date(
    course, rubric, django_capture_on_commit_callbacks
):
    now = timezone.now()
    assignment = peer_assignment(
        course,
        rubric,
        n=1,
        reviews_due_at=now + dt.timedelta(days=2),
        release_mode=PeerReleaseMode.AT_DUE,
    )
    cohort(course, assignment, 2)
    assert peer_reviews_run_due(now=now) == 2  # beat assigns after the due date
    settings = PeerReviewSettings.objects.get(assignment=assignment)
    assert not settings.is_released(now)
    later = settings.reviews_due_at + HOUR
    assert settings.is_released(later)  # visible from its moment, before beat marks it
    with django_capture_on_commit_callbacks(execute=True):
        peer_reviews_run_due(now=later)
    settings.refresh_from_db()
    assert settings.released_at == later


def test_beat_task_is_scheduled_and_runs(course, rubric):
    entry = next(
        e
        for e in django_settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "courses.tasks.peer_reviews_assign"
    )
    assert entry["schedule"] <= 60 * 60
    from courses.tasks import peer_reviews_assign as task

    future = peer_assignment(course, rubric, due_at=timezone.now() + dt.timedelta(days=1))
    past = peer_assignment(course, rubric, n=1)
    cohort(course, past, 2)
    assert task.delay().get() == 2
    assert not PeerReview.objects.filter(assignment=future).exists()
    assert task.delay().get() == 0


# --- Agreement ----------------------------------------------------------------------------


def test_agreement_math_on_a_known_example():
    pairs = [(D("10"), D("8")), (D("6"), D("6")), (D("2"), D("5"))]
    assert mean_absolute_difference(pairs) == D("1.67")
    assert pearson(pairs) == 0.98
    assert pearson(pairs[:2]) is None  # too few
    assert pearson([(D("1"), D("3")), (D("2"), D("3")), (D("3"), D("3"))]) is None  # no spread
    agreement = level_agreement([(0, 0), (0, 1), (2, 0), (1, 1)])
    assert (agreement.exact_percent, agreement.adjacent_percent) == (50, 75)
    assert level_agreement([]).exact_percent is None


# Instructor levels and each reviewer's levels per author (Structure, Evidence), names A/B/C.
INSTRUCTOR = {"A": ("Excellent", "Good"), "B": ("Good", "Good"), "C": ("Needs work", "Missing")}
PEERS = {
    ("B", "A"): ("Excellent", "Excellent"),  # 20 vs the instructor's 16
    ("C", "A"): ("Good", "Good"),  # 13
    ("A", "B"): ("Good", "Good"),  # 13 vs 13
    ("C", "B"): ("Good", "Missing"),  # 7
    ("A", "C"): ("Needs work", "Excellent"),  # 13 vs 3: two levels apart on Evidence
    ("B", "C"): ("Good", "Missing"),  # 7
}


def test_overview_agreement_on_a_known_cohort(course, rubric, instructor):
    assignment = peer_assignment(course, rubric, n=2)
    people = dict(zip("ABC", cohort(course, assignment, 3), strict=True))
    for name, (structure, evidence) in INSTRUCTOR.items():
        services.submission_grade(
            assignment=assignment,
            student=people[name],
            grader=instructor,
            criteria={
                level(assignment, "Structure", structure).criterion_id: services.CriterionInput(
                    level_id=level(assignment, "Structure", structure).pk
                ),
                level(assignment, "Evidence", evidence).criterion_id: services.CriterionInput(
                    level_id=level(assignment, "Evidence", evidence).pk
                ),
            },
        )
    peer_reviews_assign(assignment=assignment)
    for (reviewer, author), (structure, evidence) in PEERS.items():
        review = PeerReview.objects.get(reviewer=people[reviewer], author=people[author])
        s, e = level(assignment, "Structure", structure), level(assignment, "Evidence", evidence)
        peer_review_save(
            review=review,
            reviewer=people[reviewer],
            ratings={s.criterion_id: PeerRating(s.pk), e.criterion_id: PeerRating(e.pk)},
            overall_comment="Reviewed.",
            submit=True,
        )
    overview = peer_overview(assignment)
    rows = {row.submission.student_id: row for row in overview.rows}
    assert (rows[people["A"].pk].peer_mean, rows[people["A"].pk].instructor_total) == (
        D("16.50"),
        D("16"),
    )
    assert rows[people["B"].pk].difference == D("-3")
    assert rows[people["C"].pk].difference == D("7")
    assert overview.compared == 3 and overview.mean_abs_difference == D("3.50")
    assert overview.correlation == 0.68
    criteria = {row.criterion.title: row.agreement for row in overview.criteria}
    assert (criteria["Structure"].exact_percent, criteria["Structure"].adjacent_percent) == (
        67,
        100,
    )
    assert (criteria["Evidence"].exact_percent, criteria["Evidence"].adjacent_percent) == (50, 83)
    bias = {row.reviewer.pk: row.bias for row in overview.reviewers}
    assert bias == {people["A"].pk: D("5"), people["B"].pk: D("4"), people["C"].pk: D("-4.50")}
    assert overview.completion_percent == 100
