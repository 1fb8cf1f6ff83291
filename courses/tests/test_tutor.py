"""The AI tutor in a course (E7): threads, polled replies, privacy and usage counts.

Replies are written by the ``courses.tasks.ai_tutor_reply`` Celery task (eager here, run
when the posting transaction commits). Threads are the student's alone: strangers,
classmates, instructors and superusers get 404; instructors see counts in the course
analytics, never a word of the text.
"""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from careercopilot.ai.accounting import AICall
from careercopilot.jobs import runner
from careercopilot.jobs.models import JobState
from courses.models import RubricCriterion, TutorMessage, TutorThread
from courses.services import tutor as services
from courses.tasks import ai_tutor_reply

from .factories import make_assignment, make_course, make_student
from .tutor_support import COMPLIANT, claude_reply, claude_server, use_fake_claude

pytestmark = pytest.mark.django_db

SECRET = "my secret question about the zebra project"


@pytest.fixture
def graded(assignment):
    """The assignment with rubric descriptions and instructions the tutor can quote."""
    RubricCriterion.objects.filter(rubric=assignment.rubric, title="Evidence").update(
        description="Claims are backed by results, numbers or examples."
    )
    assignment.instructions = "<p>Write a one-page story about a result you are proud of.</p>"
    assignment.save()
    return assignment


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the queued tasks (on_commit callbacks) when the block exits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask(client, course, text, assignment=None):
    data = {"text": text}
    if assignment is not None:
        data["assignment"] = assignment.pk
    return client.post(reverse("courses:tutor_new", args=[course.pk]), data)


def start(student, course, assignment, text, commit) -> TutorThread:
    with commit():
        thread, _ = services.tutor_thread_start(
            student=student, course_id=course.pk, assignment=assignment, text=text
        )
    return thread


# --- The student's journey --------------------------------------------------------------------
def test_ask_the_tutor_is_offered_on_the_course_and_assignment_pages(
    student_client, course, graded
):
    course_page = student_client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert reverse("courses:tutor", args=[course.pk]) in course_page
    page = student_client.get(reverse("courses:assignment", args=[course.pk, graded.pk]))
    link = f"{reverse('courses:tutor_new', args=[course.pk])}?assignment={graded.pk}"
    assert link in page.content.decode()
    new = student_client.get(link)
    assert new.status_code == 200
    assert graded.title in new.content.decode()


def test_first_question_opens_a_thread_with_a_grounded_hint(
    student_client, student, course, graded, commit
):
    with commit():
        response = ask(student_client, course, "What does the Evidence criterion mean?", graded)
    thread = TutorThread.objects.get(student=student)
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.assignment == graded and thread.title.startswith("What does the Evidence")
    reply = thread.messages.get(role=TutorMessage.Role.TUTOR)
    assert reply.state == JobState.DONE and reply.kind == "hint"
    assert "“Claims are backed by results, numbers or examples.”" in reply.text
    assert reply.criteria == ["Evidence"] and reply.engine == "local"
    html = student_client.get(thread.get_absolute_url()).content.decode()
    assert "Claims are backed by results" in html and "Offline tutor" in html
    assert AICall.objects.get(user=student).feature == "tutor"


def test_write_my_essay_is_refused_end_to_end(student_client, student, course, graded, commit):
    with commit():
        ask(student_client, course, "Write my essay for me please", graded)
    reply = TutorMessage.objects.get(role=TutorMessage.Role.TUTOR)
    assert reply.refused and reply.kind == "refusal"
    assert "I can't write your essay for you" in reply.text
    assert "Write a one-page story about a result you are proud of." in reply.text


def test_refusal_holds_on_the_site_when_claude_complies(
    student_client, student, course, graded, commit, settings
):
    with claude_server() as fake:
        use_fake_claude(fake, settings)
        fake.reply_json(claude_reply(COMPLIANT, "hint"))
        with commit():
            ask(student_client, course, "Can you write my essay?", graded)
    reply = TutorMessage.objects.get(role=TutorMessage.Role.TUTOR)
    assert reply.refused and reply.engine == "anthropic"
    assert "Dear Hiring Manager" not in reply.text
    assert "replaced with the standard answer" in reply.note
    html = student_client.get(reply.thread.get_absolute_url()).content.decode()
    assert "Claude" in html and "replaced with the standard answer" in html


def test_htmx_send_shows_the_question_and_a_pending_reply_that_polls(
    student_client, student, course, graded, commit, django_capture_on_commit_callbacks
):
    thread = start(student, course, graded, "Where do I start?", commit)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = student_client.post(
            reverse("courses:tutor_send", args=[thread.pk]),
            {"text": "How do I find a number for my result?"},
            headers={"HX-Request": "true", "HX-Target": "tutor-composer"},
        )
    html = response.content.decode()
    assert response.status_code == 200 and len(queued) == 1
    reply = thread.messages.filter(role=TutorMessage.Role.TUTOR).last()
    assert reply.state == JobState.PENDING
    assert "How do I find a number for my result?" in html
    assert 'hx-swap-oob="beforeend:#tutor-log"' in html
    poll = reverse("courses:tutor_message", args=[reply.pk])
    assert f'hx-get="{poll}" hx-trigger="every 1s"' in html
    assert "The tutor is thinking" in html
    assert 'id="tutor-composer"' in html  # a fresh, empty composer

    pending = student_client.get(poll, headers={"HX-Request": "true"})
    assert pending.status_code == 200 and "every 1s" in pending.content.decode()
    queued[0]()  # the worker runs
    done = student_client.get(poll, headers={"HX-Request": "true"})
    assert done.status_code == 286  # htmx stops polling
    assert "every 1s" not in done.content.decode() and "Questions to think about" in (
        done.content.decode()
    )


def test_empty_and_overlong_questions_are_refused_with_a_reason(
    student_client, student, course, graded, commit
):
    thread = start(student, course, graded, "Where do I start?", commit)
    url = reverse("courses:tutor_send", args=[thread.pk])
    empty = student_client.post(url, {"text": "  "}, headers={"HX-Request": "true"})
    assert empty.status_code == 200 and "Write your question first." in empty.content.decode()
    long = student_client.post(url, {"text": "x" * 2001})
    assert long.status_code == 422 and "under 2,000 characters" in long.content.decode()
    assert thread.messages.count() == 2


def test_questions_are_rate_limited_per_student(
    student_client, student, course, graded, commit, settings
):
    settings.COURSES_TUTOR_MESSAGES_PER_MINUTE = 2
    thread = start(student, course, graded, "Where do I start?", commit)
    url = reverse("courses:tutor_send", args=[thread.pk])
    with commit():
        assert student_client.post(url, {"text": "And then?"}).status_code == 302
    limited = student_client.post(url, {"text": "And now?"}, headers={"HX-Request": "true"})
    assert "Wait a minute" in limited.content.decode()
    assert student_client.post(url, {"text": "And now?"}).status_code == 429
    assert thread.messages.filter(role="user").count() == 2

    settings.COURSES_TUTOR_MESSAGES_PER_MINUTE = 100
    settings.COURSES_TUTOR_MESSAGES_PER_DAY = 2
    daily = ask(student_client, course, "A new thread?", graded)
    assert daily.status_code == 429 and "limit of 2 tutor questions" in daily.content.decode()


def test_course_threads_list_is_the_students_own(student_client, student, course, graded, commit):
    mine = start(student, course, graded, "Where do I start?", commit)
    classmate = make_student(course, email="mate@example.com")
    theirs = start(classmate, course, None, "A classmate's question", commit)
    html = student_client.get(reverse("courses:tutor", args=[course.pk])).content.decode()
    assert mine.get_absolute_url() in html and graded.title in html
    assert theirs.get_absolute_url() not in html and "A classmate's question" not in html


def test_deleting_a_thread(student_client, student, course, graded, commit):
    thread = start(student, course, graded, "Where do I start?", commit)
    response = student_client.post(reverse("courses:tutor_delete", args=[thread.pk]))
    assert response.status_code == 302
    assert not TutorThread.objects.exists() and not TutorMessage.objects.exists()


# --- The task -----------------------------------------------------------------------------------
def test_reply_task_is_idempotent(student, course, graded, commit):
    thread = start(student, course, graded, "Where do I start?", commit)
    reply = thread.messages.get(role=TutorMessage.Role.TUTOR)
    first = (reply.text, reply.finished_at)
    ai_tutor_reply.delay(reply.pk)  # a redelivered message
    ai_tutor_reply.apply(args=[reply.pk])
    reply.refresh_from_db()
    assert (reply.text, reply.finished_at) == first and reply.attempts == 1
    assert AICall.objects.count() == 1
    ai_tutor_reply.apply(args=[999999])  # a deleted row: nothing to do


def test_a_stale_attempt_cannot_overwrite_a_newer_one(student, course, graded, commit):
    thread = start(student, course, graded, "Where do I start?", commit)
    reply = thread.messages.get(role=TutorMessage.Role.TUTOR)
    TutorMessage.objects.filter(pk=reply.pk).update(state="pending", text="")

    def taken_over_then_late(row):
        TutorMessage.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)  # newer claim
        return services.tutor_reply_work(row)  # an older claim finishing late

    runner.run_job(TutorMessage, reply.pk, taken_over_then_late)
    reply.refresh_from_db()
    assert reply.state == "running" and reply.text == ""


def test_failure_shows_the_reason_and_retry_answers(
    student_client, student, course, graded, commit
):
    thread = start(student, course, graded, "Where do I start?", commit)
    reply = thread.messages.get(role=TutorMessage.Role.TUTOR)
    TutorMessage.objects.filter(pk=reply.pk).update(state="pending", text="")

    def out_of_time(row):
        raise SoftTimeLimitExceeded()

    runner.run_job(TutorMessage, reply.pk, out_of_time)  # the task's soft time limit
    html = student_client.get(thread.get_absolute_url()).content.decode()
    assert services.TIMEOUT_FAILURE in html
    retry = reverse("courses:tutor_retry", args=[reply.pk])
    assert f'hx-post="{retry}"' in html and ">Retry<" in html

    with commit():
        response = student_client.post(retry, headers={"HX-Request": "true"})
    assert response.status_code == 200
    reply.refresh_from_db()
    assert reply.state == JobState.DONE and reply.error == "" and reply.text
    again = student_client.post(retry, headers={"HX-Request": "true"})  # nothing to retry
    assert "Only a reply that failed can be retried." in again.headers["HX-Trigger"]


def test_a_reply_without_its_question_fails_visibly(student, course, graded, commit):
    thread = TutorThread.objects.create(student=student, course=course, title="Odd")
    reply = TutorMessage.objects.create(thread=thread, role="assistant", state="pending")
    ai_tutor_reply.apply(args=[reply.pk])
    reply.refresh_from_db()
    assert reply.state == "failed" and reply.error == services.GENERIC_FAILURE


def test_a_lost_reply_can_be_retried_after_a_while(student, course, graded, commit):
    import datetime as dt

    from django.utils import timezone

    thread = start(student, course, graded, "Where do I start?", commit)
    reply = thread.messages.get(role=TutorMessage.Role.TUTOR)
    old = timezone.now() - dt.timedelta(minutes=5)
    TutorMessage.objects.filter(pk=reply.pk).update(state="running", started_at=old)
    reply.refresh_from_db()
    assert reply.is_stale
    with commit():
        services.tutor_reply_retry(message=reply)
    reply.refresh_from_db()
    assert reply.state == "done" and reply.attempts == 2


# --- Privacy ------------------------------------------------------------------------------------
TUTOR_URLS = ("tutor_thread", "tutor_send", "tutor_delete")
MESSAGE_URLS = ("tutor_message", "tutor_retry")


def _all_urls(thread, reply):
    urls = [reverse(f"courses:{name}", args=[thread.pk]) for name in TUTOR_URLS]
    urls += [reverse(f"courses:{name}", args=[reply.pk]) for name in MESSAGE_URLS]
    return urls


def test_strangers_classmates_instructors_and_superusers_get_404(
    student, course, graded, instructor, commit, no_admin_mfa
):
    thread = start(student, course, graded, SECRET, commit)
    reply = thread.messages.get(role=TutorMessage.Role.TUTOR)
    TutorMessage.objects.filter(pk=reply.pk).update(state="failed")
    stranger = UserFactory(email="stranger@example.com")
    classmate = make_student(course, email="classmate@example.com")
    root = UserFactory(email="root@example.com", roles=[Role.ADMIN])
    for user in (stranger, classmate, instructor, root):
        client = Client()
        client.force_login(user)
        for url in _all_urls(thread, reply):
            assert client.get(url).status_code in (404, 405), (user, url)
            assert client.post(url, {"text": "hijack"}).status_code == 404, (user, url)
    # Teaching staff and strangers have no tutor pages in the course either.
    for user in (stranger, instructor):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("courses:tutor", args=[course.pk])).status_code == 404
        assert ask(client, course, "hi").status_code == 404
    assert TutorThread.objects.count() == 1 and thread.messages.count() == 2


def test_a_student_who_left_the_course_loses_the_threads(student_client, student, course, commit):
    thread = start(student, course, None, "Where do I start?", commit)
    course.enrollments.filter(user=student).delete()
    assert student_client.get(thread.get_absolute_url()).status_code == 404


def test_another_courses_assignment_cannot_be_attached(student_client, student, course, commit):
    other = make_course(title="Elsewhere", code="ELS-1")
    foreign = make_assignment(other, title="Foreign")
    assert ask(student_client, course, "hi", foreign).status_code == 404
    assert ask(student_client, course, "hi", make_assignment(course, published=False)).status_code
    assert not TutorThread.objects.exists()


def test_instructors_see_counts_never_the_text(
    instructor_client, student, course, graded, commit, no_admin_mfa
):
    thread = start(student, course, graded, SECRET, commit)
    with commit():
        services.tutor_message_post(thread=thread, text="Second secret about the zebra")
    start(student, course, None, "A third zebra question", commit)
    html = instructor_client.get(
        reverse("admin:courses_course_analytics", args=[course.pk])
    ).content.decode()
    assert "AI tutor usage" in html
    assert f'data-tutor-threads="{student.pk}">2<' in html
    assert f'data-tutor-questions="{student.pk}">3<' in html
    assert 'data-metric="tutor-questions">3<' in html
    assert "zebra" not in html
    reply_text = TutorMessage.objects.filter(role="assistant").first().text
    assert reply_text[:40] not in html


def test_tutor_models_are_not_in_the_admin(instructor_client, no_admin_mfa):
    assert not admin.site.is_registered(TutorThread)
    assert not admin.site.is_registered(TutorMessage)
    with pytest.raises(NoReverseMatch):
        reverse("admin:courses_tutorthread_changelist")
    with pytest.raises(NoReverseMatch):
        reverse("admin:courses_tutormessage_changelist")
    assert instructor_client.get("/admin/courses/tutorthread/").status_code == 404


# --- Pages --------------------------------------------------------------------------------------
def test_thread_page_queries_do_not_grow_with_messages(
    student_client, student, course, graded, commit
):
    thread = start(student, course, graded, "Where do I start?", commit)
    student_client.get(thread.get_absolute_url())  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = student_client.get(thread.get_absolute_url())
        assert response.status_code == 200
        return len(queries)

    few = count()
    TutorMessage.objects.bulk_create(
        TutorMessage(thread=thread, role="user" if i % 2 else "assistant", text=f"m{i}")
        for i in range(60)
    )
    assert count() == few <= 8


def test_pages_have_no_inline_scripts_styles_or_handlers(
    student_client, student, course, graded, commit
):
    thread = start(student, course, graded, "Where do I start?", commit)
    for url in (
        thread.get_absolute_url(),
        reverse("courses:tutor", args=[course.pk]),
        reverse("courses:tutor_new", args=[course.pk]),
    ):
        html = student_client.get(url).content.decode()
        assert "<script>" not in html and " style=" not in html and "hx-on" not in html
        assert 'src="/static/js/courses/tutor.js"' in html or url.endswith("/tutor/")
        assert "csrfmiddlewaretoken" in html


def test_demo_conversation_shows_a_refusal(student, graded):
    thread = services.tutor_demo_seed(
        student=student,
        assignment=graded,
        questions=["Where do I start?", "Can you just write the opening paragraph for me?"],
    )
    replies = list(thread.messages.filter(role="assistant"))
    assert [r.refused for r in replies] == [False, True]
    assert all(r.state == "done" for r in replies)


def test_deleting_threads_does_not_reset_the_limits(
    student_client, student, course, graded, commit, settings
):
    settings.COURSES_TUTOR_MESSAGES_PER_MINUTE = 100
    settings.COURSES_TUTOR_MESSAGES_PER_DAY = 2
    first = start(student, course, graded, "Where do I start?", commit)
    second = start(student, course, graded, "And the conclusion?", commit)
    for thread in (first, second):
        student_client.post(reverse("courses:tutor_delete", args=[thread.pk]))
    assert not TutorThread.objects.filter(student=student).exists()

    again = ask(student_client, course, "A fresh start?", graded)
    assert again.status_code == 429 and "limit of 2 tutor questions" in again.content.decode()
