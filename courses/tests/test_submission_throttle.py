"""Essay submissions cannot flood the grader or the instructors (issue 13, item 3).

Before: every attempt queued its own AI grading run, nothing limited how often a student
could hand in, and each late attempt sent every instructor a new notice (and email).
Now: attempts per student and assignment are rate-limited (the draft is kept), a new
attempt supersedes the pending suggestion of an earlier one so only the latest attempt
is read, and late attempts within a window update one notice per instructor.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from careercopilot import ratelimit
from careercopilot.ai.accounting import AICall
from careercopilot.jobs import runner
from courses import services
from courses.models import CourseRole, EssaySuggestion, SuggestionState
from courses.services import ai_grading
from courses.services.submissions import LATE_NOTICE_WINDOW
from courses.tasks import ai_essay_suggest

from .conftest import staff_client
from .factories import make_assignment, make_instructor

pytestmark = pytest.mark.django_db

LIMIT, WINDOW = ratelimit.LIMITS["submit"]


def essay(number: int) -> str:
    return (
        f"Draft {number}. Employers should weigh communication as heavily as technical "
        "ability, because it turns knowledge into results. For example, a forecasting model "
        "nobody could explain went unused for months. In conclusion, measure soft skills."
    )


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    """Hands attempts in while their tasks wait in the queue; ``drain`` then runs them in
    order, as a worker that falls behind a burst of attempts would."""
    waiting = []

    class Queue:
        def submit(self, assignment, student, text):
            services.submission_save_draft(assignment=assignment, student=student, text=text)
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                version = services.submission_submit(assignment=assignment, student=student)
            waiting.extend(callbacks)
            return version

        def drain(self):
            while waiting:
                waiting.pop(0)()

    return Queue()


def engine_runs() -> int:
    return AICall.objects.filter(feature="essay_grade").count()


# --- Coalesced suggestion runs -------------------------------------------------------------


def test_rapid_attempts_run_the_engine_once_for_the_latest_attempt(assignment, student, queue):
    """Guards the AI budget: the old code ran the grader once per attempt."""
    versions = [queue.submit(assignment, student, essay(n)) for n in range(1, LIMIT + 1)]
    queue.drain()
    assert engine_runs() == 1
    latest = EssaySuggestion.objects.get(version=versions[-1])
    assert (latest.state, latest.attempts) == (SuggestionState.DONE, 1)
    older = EssaySuggestion.objects.filter(version__in=versions[:-1])
    assert older.count() == LIMIT - 1
    for suggestion in older:
        assert (suggestion.state, suggestion.attempts) == (SuggestionState.SUPERSEDED, 0)
        assert suggestion.finished_at is not None and not suggestion.criteria.exists()


def test_a_running_suggestion_of_an_earlier_attempt_keeps_no_result(assignment, student, queue):
    first = queue.submit(assignment, student, essay(1))
    submitted = {}

    def read_while_attempt_2_arrives(row):
        # A worker is reading attempt 1 when attempt 2 is handed in.
        submitted["second"] = queue.submit(assignment, student, essay(2))
        superseded = EssaySuggestion.objects.get(version=first)
        assert superseded.state == SuggestionState.SUPERSEDED
        assert "Attempt 2 was handed in before this one was read" in superseded.note
        return ai_grading.essay_suggestion_work(row)  # its answer arrives late

    assert runner.run_job(EssaySuggestion, first.essay_suggestion.pk, read_while_attempt_2_arrives)
    row = EssaySuggestion.objects.get(version=first)
    assert row.state == SuggestionState.SUPERSEDED and not row.criteria.exists()
    assert row.engine == "" and row.summary == ""  # the late answer was dropped

    queue.drain()  # attempt 1's message (redelivered or not) is done; attempt 2 is read
    assert ai_essay_suggest(row.pk) is False
    assert EssaySuggestion.objects.get(version=submitted["second"]).state == SuggestionState.DONE


def test_an_instructors_request_for_an_earlier_attempt_is_kept(
    assignment, student, instructor, queue, django_capture_on_commit_callbacks
):
    first = queue.submit(assignment, student, essay(1))
    queue.drain()
    with django_capture_on_commit_callbacks(execute=False):
        asked = ai_grading.essay_suggestion_request(
            version=first, requested_by=instructor, again=True
        )
    queue.submit(assignment, student, essay(2))
    asked.refresh_from_db()
    assert asked.state == SuggestionState.PENDING


def test_a_superseded_attempt_can_still_be_read_on_request(assignment, student, instructor, queue):
    first = queue.submit(assignment, student, essay(1))
    queue.submit(assignment, student, essay(2))
    status_url = reverse(
        "admin:courses_assignment_grade_suggestion", args=[assignment.pk, student.pk, 1]
    )
    page = staff_client(instructor).get(status_url).content.decode()
    assert "a newer attempt arrived first" in page
    again = ai_grading.essay_suggestion_request(version=first, requested_by=instructor)
    assert again.state == SuggestionState.PENDING


# --- Rate limit ----------------------------------------------------------------------------


def test_past_the_limit_an_attempt_is_refused_with_a_clear_message_and_the_text_kept(
    assignment, student, student_client
):
    """Guards against a submit loop: the old code accepted every attempt."""
    url = reverse("courses:submit", args=[assignment.course_id, assignment.pk])
    for number in range(1, LIMIT + 1):
        assert student_client.post(url, {"text": essay(number)}).status_code == 302
    newest = essay(LIMIT + 1) + " A paragraph written just now."
    response = student_client.post(url, {"text": newest}, follow=True)
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        f"You handed this assignment in {LIMIT} times in the last {WINDOW // 60} minutes" in m
        and "Your draft is saved" in m
        for m in shown
    ), shown
    submission = assignment.submissions.get(student=student)
    assert submission.versions.count() == LIMIT
    assert submission.draft_text == newest
    assert "A paragraph written just now." in response.content.decode()  # back in the form


def test_the_limit_counts_per_assignment(course, assignment, student, queue):
    for number in range(1, LIMIT + 1):
        queue.submit(assignment, student, essay(number))
    other = make_assignment(course, title="Another essay", rubric=assignment.rubric)
    assert queue.submit(other, student, essay(1)).number == 1
    with pytest.raises(services.SubmissionRefused, match="Your draft is saved"):
        queue.submit(assignment, student, essay(LIMIT + 1))


def test_a_burst_across_a_window_boundary_stays_limited(monkeypatch):
    """A fixed window let a burst through twice: the limit before a boundary, then again."""
    clock = {"now": 1_000 * WINDOW - 1.0}  # one second before a window ends
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock["now"])
    allowed = [ratelimit.allow(user_id=7, action="submit", scope="a") for _ in range(LIMIT)]
    clock["now"] += 2  # a new window has begun
    assert allowed == [True] * LIMIT
    assert ratelimit.allow(user_id=7, action="submit", scope="a") is False
    assert ratelimit.allow(user_id=7, action="submit", scope="b") is True  # another scope
    clock["now"] += WINDOW  # a whole window later the count is fresh
    assert ratelimit.allow(user_id=7, action="submit", scope="a") is True


# --- Merged late notices -------------------------------------------------------------------


def test_several_late_attempts_give_each_instructor_one_notice(
    course, student, instructor, django_capture_on_commit_callbacks
):
    """Guards the instructors' inbox: the old code sent a notice and an email per attempt."""
    colleague = make_instructor(email="co@example.com", name="Cory Colleague")
    services.enrollment_add(course=course, user=colleague, role=CourseRole.INSTRUCTOR)
    assignment = make_assignment(
        course, title="Portfolio", due_at=timezone.now() - dt.timedelta(hours=36)
    )
    for number in range(1, 4):
        services.submission_save_draft(assignment=assignment, student=student, text=essay(number))
        with django_capture_on_commit_callbacks(execute=True):
            services.submission_submit(assignment=assignment, student=student)
        if number == 1:
            Notification.objects.filter(user=instructor).update(read_at=timezone.now())
    for user in (instructor, colleague):
        notice = Notification.objects.get(user=user)
        assert notice.title == "Late submission: Sam Student · Portfolio"
        assert notice.body.startswith("3 late attempts so far. The latest, attempt 3, arrived")
        assert "2 days after the due date" in notice.body
        assert notice.read_at is None  # unread again after the later attempts
    assert sorted(m.to[0] for m in mail.outbox) == [colleague.email, instructor.email]


def test_after_the_window_a_late_attempt_sends_a_new_notice(course, student, instructor):
    assignment = make_assignment(
        course, title="Portfolio", due_at=timezone.now() - dt.timedelta(hours=1)
    )
    services.submission_save_draft(assignment=assignment, student=student, text=essay(1))
    services.submission_submit(assignment=assignment, student=student)
    Notification.objects.filter(user=instructor).update(
        created_at=timezone.now() - LATE_NOTICE_WINDOW - dt.timedelta(minutes=1)
    )
    services.submission_submit(assignment=assignment, student=student)
    bodies = list(
        Notification.objects.filter(user=instructor)
        .order_by("created_at")
        .values_list("body", flat=True)
    )
    assert len(bodies) == 2
    assert bodies[0].startswith("Attempt 1 arrived")
    assert bodies[1].startswith("2 late attempts so far. The latest, attempt 2, arrived")
