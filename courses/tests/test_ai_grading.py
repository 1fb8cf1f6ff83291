"""AI essay grading suggestions (E6): queued on submit, run by the task, shown on the grading
screen, copied into the form only by the instructor, and never released by the grader."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from careercopilot.ai.local.essay_scorer import MIN_GRADED
from courses import services
from courses.models import (
    CriterionScore,
    EssaySuggestion,
    RubricLevel,
    Submission,
    SubmissionState,
    SuggestionState,
)
from courses.services import ai_grading
from courses.tasks import ai_essay_suggest

from .conftest import staff_client
from .essay_support import grade_class
from .factories import make_instructor, make_rubric, make_student, upload

pytestmark = pytest.mark.django_db

ESSAY = """Soft skills decide who succeeds after the offer. I argue that employers should weigh
communication and teamwork as heavily as technical ability, because they turn knowledge into
results.

For example, during my internship at a logistics company our best analyst built a forecasting
model that nobody used for four months, because she could not explain it to the managers.

Some people argue that soft skills are too vague to assess. However, structured interviews
with clear scoring make them observable.

In conclusion, employers who measure soft skills carefully will make fewer bad hires."""


def grade_url(assignment, student, **query):
    url = reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def status_url(assignment, student, number=1):
    args = [assignment.pk, student.pk, number]
    return reverse("admin:courses_assignment_grade_suggestion", args=args)


def suggest_url(assignment, student, number=1):
    args = [assignment.pk, student.pk, number]
    return reverse("admin:courses_assignment_grade_suggest", args=args)


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Hands an essay in; the queued task runs (eagerly) when the transaction commits."""

    def run(assignment, student, text=ESSAY, *, execute=True):
        services.submission_save_draft(assignment=assignment, student=student, text=text)
        with django_capture_on_commit_callbacks(execute=execute) as callbacks:
            version = services.submission_submit(assignment=assignment, student=student)
        return version, callbacks

    return run


@pytest.fixture
def graded_class(assignment, instructor):
    """The instructor has graded MIN_GRADED essays of the assignment."""
    return grade_class(assignment, instructor)


@pytest.fixture
def ready(graded_class, assignment, student, submit):
    version, _ = submit(assignment, student)
    return EssaySuggestion.objects.get(version=version)


# --- Service and task ----------------------------------------------------------------------


def test_submitting_an_essay_queues_a_suggestion_that_the_task_fills(
    graded_class, assignment, student, submit
):
    version, callbacks = submit(assignment, student)
    assert len(callbacks) == 1  # the task, queued with transaction.on_commit
    suggestion = EssaySuggestion.objects.get(version=version)
    assert suggestion.state == SuggestionState.DONE, suggestion.error
    assert (suggestion.engine, suggestion.attempts) == ("local", 1)
    assert suggestion.finished_at and suggestion.measurements["word_count"] > 80
    assert suggestion.measurements["graded_essays"] == len(graded_class) == MIN_GRADED
    rows = list(suggestion.criteria.select_related("level", "criterion"))
    assert {r.criterion.title for r in rows} == {"Structure", "Evidence"}
    for row in rows:
        assert row.level.criterion_id == row.criterion_id  # a level of its own criterion
        assert row.quotes and all(q in version.text for q in row.quotes)
        assert f"learned from {MIN_GRADED} graded essays" in row.rationale
        assert 0 < row.confidence <= 1


def test_below_the_minimum_the_task_stores_measurements_and_no_level(
    assignment, student, instructor, submit
):
    grade_class(assignment, instructor, count=3)
    version, _ = submit(assignment, student)
    suggestion = EssaySuggestion.objects.get(version=version)
    assert suggestion.state == SuggestionState.DONE, suggestion.error
    assert (
        suggestion.measurements["graded_essays"],
        suggestion.measurements["levels_suggested"],
    ) == (3, 0)
    rows = list(suggestion.criteria.all())
    assert len(rows) == 2
    for row in rows:
        assert row.level_id is None and row.confidence == 0
        assert f"start at {MIN_GRADED} graded essays of this assignment (3 so far)" in row.rationale
        assert all(q in version.text for q in row.quotes)


def test_the_graded_set_excludes_the_essay_itself_and_its_key_follows_every_grade(
    graded_class, assignment, instructor, django_assert_max_num_queries
):
    own = Submission.objects.get(assignment=assignment, student=graded_class[0])
    with django_assert_max_num_queries(3):
        examples, key = ai_grading.graded_examples(assignment)
    assert len(examples) == MIN_GRADED and key.startswith(f"assignment-{assignment.pk}:")
    criteria = {str(c.pk) for c in assignment.rubric.criteria.all()}
    assert all(set(e.levels) == criteria for e in examples)  # the instructor's own levels
    without, key_without = ai_grading.graded_examples(assignment, exclude_submission_id=own.pk)
    assert len(without) == MIN_GRADED - 1 and key_without != key
    assert own.versions.get().text not in {e.essay for e in without}
    grade_class(assignment, instructor, count=1, start=MIN_GRADED)  # one more graded
    more, key_more = ai_grading.graded_examples(assignment)
    assert len(more) == MIN_GRADED + 1 and key_more != key


def test_the_worker_fits_once_per_graded_set(graded_class, assignment, student, submit):
    from careercopilot.ai.local import essay_scorer

    _, key = ai_grading.graded_examples(assignment)
    submit(assignment, student)
    fitted = [v for k, v in essay_scorer._learned.items() if key in k]
    assert len(fitted) == 1 and fitted[0].graded == MIN_GRADED
    other = make_student(assignment.course, email="other@example.com")
    submit(assignment, other)
    assert [v for k, v in essay_scorer._learned.items() if key in k] == fitted  # reused


def test_the_grader_never_grades_or_releases(assignment, student, submit):
    before = Notification.objects.filter(user=student).count()
    submit(assignment, student)
    submission = Submission.objects.get(assignment=assignment, student=student)
    assert submission.state == SubmissionState.SUBMITTED
    assert (submission.score, submission.score_raw, submission.released_at) == (None, None, None)
    assert submission.graded_at is None and submission.graded_by is None
    assert not CriterionScore.objects.filter(submission=submission).exists()
    assert Notification.objects.filter(user=student).count() == before


def test_the_task_is_idempotent(ready, django_capture_on_commit_callbacks):
    finished = ready.finished_at
    assert ai_essay_suggest.delay(ready.pk).get() is False  # a redelivered message
    ready.refresh_from_db()
    assert (ready.attempts, ready.finished_at) == (1, finished)
    with django_capture_on_commit_callbacks() as callbacks:
        again = ai_grading.essay_suggestion_request(version=ready.version)
    assert again.pk == ready.pk and not callbacks  # a ready suggestion is kept
    assert ai_essay_suggest.delay(10**9).get() is False  # a row that is gone


def test_a_failure_is_shown_and_a_retry_succeeds(
    assignment, student, submit, django_capture_on_commit_callbacks
):
    version, _ = submit(assignment, student, execute=False)
    rubric = assignment.rubric
    assignment.rubric = None  # the rubric is taken off before the worker runs
    assignment.save()
    suggestion = EssaySuggestion.objects.get(version=version)
    assert ai_grading.essay_suggestion_run(suggestion_id=suggestion.pk) is True
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.FAILED
    assert "no rubric" in suggestion.error
    assignment.rubric = rubric
    assignment.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retried = ai_grading.essay_suggestion_request(version=version, again=True)
    assert retried.pk == suggestion.pk and len(callbacks) == 1
    retried.refresh_from_db()
    assert retried.state == SuggestionState.DONE and retried.error == "" and retried.attempts == 2


def test_a_pending_suggestion_is_not_queued_twice_unless_it_went_stale(
    assignment, student, submit, django_capture_on_commit_callbacks
):
    version, _ = submit(assignment, student, execute=False)
    with django_capture_on_commit_callbacks() as callbacks:
        ai_grading.essay_suggestion_request(version=version)
    assert not callbacks
    EssaySuggestion.objects.filter(version=version).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        ai_grading.essay_suggestion_request(version=version)
    assert len(callbacks) == 1  # the lost message is sent again


def test_only_text_attempts_on_rubric_assignments_get_suggestions(course, student, submit):
    from .factories import make_assignment, pdf_bytes

    plain = make_assignment(course, title="No rubric")
    submit(plain, student)
    files_only = make_assignment(
        course, title="Files", rubric=make_rubric(course), allow_text=False, allow_file=True
    )
    services.submission_file_add(
        assignment=files_only,
        student=student,
        upload=upload("essay.pdf", pdf_bytes()),
        filename="essay.pdf",
        kind="document",
    )
    services.submission_submit(assignment=files_only, student=student)
    assert not EssaySuggestion.objects.exists()


def test_claude_suggestions_through_the_task(assignment, student, submit, settings):
    from tests.fakes.anthropic_server import FakeAnthropic

    with FakeAnthropic() as fake:
        settings.ANTHROPIC_API_KEY = "sk-ant-test-0000000000000000000000000000"
        settings.ANTHROPIC_BASE_URL = fake.url
        settings.AI_ENGINE = "anthropic"
        settings.AI_ANTHROPIC_MAX_RETRIES = 0
        criteria = list(assignment.rubric.criteria.prefetch_related("levels"))
        fake.reply_json(
            {
                "criteria": [
                    {
                        "criterion_id": str(c.pk),
                        "level_id": str(c.levels.all()[1].pk),
                        "rationale": "Clear, with one example.",
                        "quotes": ["I argue that employers should weigh"],
                        "confidence": 0.8,
                    }
                    for c in criteria
                ],
                "summary": "Solid.",
            }
        )
        version, _ = submit(assignment, student)
    suggestion = EssaySuggestion.objects.get(version=version)
    assert (suggestion.state, suggestion.engine, suggestion.note) == ("done", "anthropic", "")
    assert {r.level.title for r in suggestion.criteria.select_related("level")} == {"Good"}


def test_a_claude_reply_with_a_foreign_level_falls_back_with_a_note(
    assignment, student, submit, settings, other_world
):
    from tests.fakes.anthropic_server import FakeAnthropic

    foreign = RubricLevel.objects.filter(criterion__rubric=other_world["rubric"]).first()
    with FakeAnthropic() as fake:
        settings.ANTHROPIC_API_KEY = "sk-ant-test-0000000000000000000000000000"
        settings.ANTHROPIC_BASE_URL = fake.url
        settings.AI_ENGINE = "anthropic"
        settings.AI_ANTHROPIC_MAX_RETRIES = 0
        fake.reply_json(
            {
                "criteria": [
                    {
                        "criterion_id": str(c.pk),
                        "level_id": str(foreign.pk),
                        "rationale": "x",
                        "quotes": [],
                        "confidence": 0.9,
                    }
                    for c in assignment.rubric.criteria.all()
                ],
                "summary": "",
            }
        )
        version, _ = submit(assignment, student)
    suggestion = EssaySuggestion.objects.get(version=version)
    assert (suggestion.state, suggestion.engine) == ("done", "local")
    assert "Claude was not used" in suggestion.note


# --- The grading screen ---------------------------------------------------------------------


def test_the_grading_screen_shows_each_suggestion_with_a_use_button(
    instructor_client, assignment, student, ready
):
    html = instructor_client.get(grade_url(assignment, student)).content.decode()
    assert 'data-testid="ai-status"' in html and "every 1s" not in html  # done: no polling
    assert "Use all suggestions" in html and "Suggest again" in html
    for row in ready.criteria.select_related("level", "criterion"):
        assert f'id="ai-criterion-{row.criterion_id}"' in html
        button = re.search(
            rf'<button type="button"[^>]*data-ai-use data-ai-criterion="{row.criterion_id}" '
            rf'data-ai-level="{row.level_id}"',
            html,
        )
        assert button, row.criterion.title  # a real button that only selects, never submits
        assert row.level.title in html and f"confidence {round(row.confidence * 100)}%" in html
    assert "nothing is recorded or released until you save" in html
    assert f"Based on {MIN_GRADED} graded essays of this assignment." in html
    # Only the form's fieldsets are criteria to grading.js (the buttons use their own names).
    assert html.count(" data-criterion ") == ready.criteria.count()
    # Nothing is pre-selected by the page itself: the levels wait for the instructor.
    assert 'data-points="10.00" checked' not in html
    assert "js/courses/ai_grading.js" in html and "<script>" not in html and "hx-on" not in html


def test_using_a_suggestion_then_saving_is_the_instructors_own_grade(
    instructor_client, assignment, student, ready
):
    """What "Use suggestion" does in the browser: the level is selected in the form. Only
    the instructor's save records it, and it is not released unless they ask."""
    rows = list(ready.criteria.select_related("level"))
    form = {"score": "", "feedback": "", "go": "stay"}
    for row in rows:
        form[f"criterion-{row.criterion_id}-level"] = row.level_id
        form[f"criterion-{row.criterion_id}-points"] = str(row.level.points)
    assert instructor_client.post(grade_url(assignment, student), form).status_code == 302
    submission = Submission.objects.get(assignment=assignment, student=student)
    assert submission.score == sum(r.level.points for r in rows)
    assert submission.released_at is None and submission.state == SubmissionState.GRADED
    ready.refresh_from_db()
    assert ready.state == SuggestionState.DONE  # the suggestion itself is unchanged


def test_queued_status_polls_every_second_until_ready(
    instructor_client, assignment, student, submit
):
    version, _ = submit(assignment, student, execute=False)
    html = instructor_client.get(grade_url(assignment, student)).content.decode()
    assert 'hx-trigger="every 1s"' in html and "Queued" in html
    url = status_url(assignment, student)
    unchanged = instructor_client.get(url + "?state=pending", headers={"HX-Request": "true"})
    assert unchanged.status_code == 204  # nothing to swap; the row keeps polling
    ai_grading.essay_suggestion_run(suggestion_id=version.essay_suggestion.pk)
    done = instructor_client.get(url + "?state=pending", headers={"HX-Request": "true"})
    body = done.content.decode()
    assert done.status_code == 200 and "every 1s" not in body  # polling stops
    assert body.count('hx-swap-oob="true"') == 2  # each criterion's suggestion swaps in


def test_suggest_and_retry_buttons(
    instructor_client, assignment, student, submit, django_capture_on_commit_callbacks
):
    version, _ = submit(assignment, student, execute=False)
    EssaySuggestion.objects.filter(version=version).update(
        state=SuggestionState.FAILED, error="The grader could not be reached."
    )
    html = instructor_client.get(grade_url(assignment, student)).content.decode()
    assert "The grader could not be reached." in html and 'role="alert"' in html
    assert re.search(r'<button type="submit"[^>]*name="again" value="1">Retry</button>', html)
    with django_capture_on_commit_callbacks(execute=True):
        response = instructor_client.post(
            suggest_url(assignment, student), {"again": "1"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert EssaySuggestion.objects.get(version=version).state == SuggestionState.DONE
    # Without htmx the same button posts and comes back to the screen.
    EssaySuggestion.objects.filter(version=version).delete()
    with django_capture_on_commit_callbacks(execute=False):
        plain = instructor_client.post(suggest_url(assignment, student))
    assert plain.status_code == 302 and plain.url == grade_url(assignment, student, attempt=1)
    assert EssaySuggestion.objects.get(version=version).state == SuggestionState.PENDING


def test_no_suggestion_yet_offers_a_suggest_button(instructor_client, assignment, student, submit):
    version, _ = submit(assignment, student, execute=False)
    EssaySuggestion.objects.filter(version=version).delete()
    html = instructor_client.get(grade_url(assignment, student)).content.decode()
    assert "No suggested levels for attempt 1 yet." in html
    assert re.search(r'<button type="submit" class="cc-button">Suggest levels</button>', html)


def test_other_instructors_and_strangers_get_404(
    client, no_admin_mfa, assignment, student, ready, other_world
):
    outsider = make_instructor(email="outsider@example.com")  # staff, teaches nothing here
    other = staff_client(other_world["instructor"])
    for who in (staff_client(outsider), other):
        assert who.get(status_url(assignment, student)).status_code == 404
        assert who.post(suggest_url(assignment, student), {"again": "1"}).status_code == 404
        assert who.get(grade_url(assignment, student)).status_code == 404
    ready.refresh_from_db()
    assert ready.attempts == 1  # nothing was re-run
    # A's instructor cannot reach B's student through A's assignment either.
    mine = staff_client(assignment.course.enrollments.get(role="instructor").user)
    url = status_url(assignment, other_world["student"])
    assert mine.get(url).status_code == 404
    assert mine.get(status_url(assignment, student, number=2)).status_code == 404
    client.force_login(student)  # students never reach the admin
    assert client.get(status_url(assignment, student)).status_code in (302, 403)


def test_below_the_minimum_the_screen_shows_measurements_and_when_levels_start(
    instructor_client, assignment, student, instructor, submit
):
    grade_class(assignment, instructor, count=2)
    submit(assignment, student)
    html = instructor_client.get(grade_url(assignment, student)).content.decode()
    assert "no level is suggested yet" in html
    assert (
        f"Level suggestions start at {MIN_GRADED} graded essays of this assignment; 2 graded so far."
        in html
    )
    assert html.count('data-testid="ai-measured"') == 2
    assert "data-ai-use" not in html and "Use all suggestions" not in html


def test_grading_screen_queries_do_not_grow_with_the_criteria(
    instructor_client, instructor, course, submit
):
    from .factories import make_assignment

    counts = []
    for n in (2, 10):
        criteria = [(f"Criterion {i}", (("High", 4), ("Mid", 2), ("Low", 0))) for i in range(n)]
        assignment = make_assignment(
            course,
            title=f"{n} criteria",
            rubric=make_rubric(course, criteria=criteria),
            points_possible=4 * n,
        )
        student = make_student(course, email=f"s{n}@example.com")
        grade_class(assignment, instructor)
        submit(assignment, student)
        instructor_client.get(grade_url(assignment, student))
        with CaptureQueriesContext(connection) as queries:
            html = instructor_client.get(grade_url(assignment, student)).content.decode()
        assert html.count("data-ai-use ") == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_demo_letters_waiting_for_grading_have_suggestions():
    from accounts.demo import seed_users
    from courses import demo
    from courses.models import Assignment

    demo.seed(users=seed_users(), log=lambda line: None)
    letter = Assignment.objects.get(course__code=demo.COURSE_CODE, title__startswith="Cover")
    suggestions = EssaySuggestion.objects.filter(submission__assignment=letter)
    assert suggestions.count() == letter.submissions.count() == 9
    assert set(suggestions.values_list("state", flat=True)) == {SuggestionState.DONE}
    assert not letter.submissions.filter(released_at__isnull=False).exists()
