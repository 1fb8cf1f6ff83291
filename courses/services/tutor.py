"""AI tutor (E7): threads, questions and replies written in Celery.

Posting a question stores it with a queued tutor reply (a job row, ``careercopilot.jobs``)
and enqueues ``courses.tasks.ai_tutor_reply`` on commit; the page polls the reply. The job
runner claims the reply and writes its outcome only if the row is still that claim, so a
redelivered or duplicated task never writes twice. Failures are shown with a retry.

Cost and fairness: the tutor is part of the course, not of the student's personal plan,
so it does not use billing entitlements (those meter the job-search tools). Instead each
student has a burst limit and a daily limit across their courses, counted in our own
rows under a lock on their enrolment, and every engine call is still recorded as an
``AICall`` (feature ``tutor``).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careercopilot import ai
from careercopilot.ai.schemas import ChatRole, TutorContext, TutorCriterion, TutorTurn
from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import enqueue, run_job
from careercopilot.textinput import refuse_null_characters

from .. import richtext
from ..models import (
    Assignment,
    CourseRole,
    Enrollment,
    Submission,
    TutorMessage,
    TutorThread,
    TutorUsage,
)
from ..selectors.access import visible_assignments

__all__ = [
    "TutorLimitReached",
    "tutor_demo_seed",
    "tutor_message_post",
    "tutor_reply_retry",
    "tutor_reply_run",
    "tutor_reply_work",
    "tutor_thread_delete",
    "tutor_thread_start",
    "tutor_thread_touch",
]


MAX_MESSAGE_CHARS = 2000
TITLE_CHARS = 80
HISTORY_TURNS = 12
DRAFT_CHARS = 1500
INSTRUCTION_CHARS = 4000
GENERIC_FAILURE = "The tutor could not answer just now. Retry in a moment."
TIMEOUT_FAILURE = "The tutor took too long to answer. Retry in a moment."


def per_minute_limit() -> int:
    return getattr(settings, "COURSES_TUTOR_MESSAGES_PER_MINUTE", 6)


def per_day_limit() -> int:
    return getattr(settings, "COURSES_TUTOR_MESSAGES_PER_DAY", 80)


class TutorLimitReached(ValidationError):
    """Too many questions in a short time or in a day; nothing was stored."""


def _clean(text: str) -> str:
    text = refuse_null_characters((text or "").strip(), what="your question")
    if not text:
        raise ValidationError("Write your question first.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ValidationError(f"Keep questions under {MAX_MESSAGE_CHARS:,} characters.")
    return text


def _check_limits(*, student, course_id: int, now) -> None:
    """Counts the student's recent questions under a lock on their enrolment, so two
    parallel posts cannot both slip under the limit."""
    Enrollment.objects.select_for_update().filter(
        course_id=course_id, user=student, role=CourseRole.STUDENT
    ).first()
    asked = TutorUsage.objects.filter(student=student)  # deleting threads leaves this alone
    if asked.filter(asked_at__gte=now - dt.timedelta(minutes=1)).count() >= per_minute_limit():
        raise TutorLimitReached(
            "You're asking faster than the tutor can think. Wait a minute, then ask again."
        )
    if asked.filter(asked_at__gte=now - dt.timedelta(days=1)).count() >= per_day_limit():
        raise TutorLimitReached(
            f"You've reached today's limit of {per_day_limit()} tutor questions. "
            "It resets over the next 24 hours."
        )


def _ask(thread: TutorThread, text: str, now) -> tuple[TutorMessage, TutorMessage]:
    question = TutorMessage.objects.create(
        thread=thread, role=TutorMessage.Role.STUDENT, text=text, created_at=now
    )
    TutorUsage.objects.create(
        student_id=thread.student_id, course_id=thread.course_id, asked_at=now
    )
    reply = TutorMessage.objects.create(
        thread=thread, role=TutorMessage.Role.TUTOR, state=JobState.PENDING
    )
    enqueue(reply)
    return question, reply


def tutor_thread_start(
    *, student, course_id: int, assignment: Assignment | None, text: str
) -> tuple[TutorThread, TutorMessage]:
    """A new thread with its first question; returns the thread and the queued reply."""
    text = _clean(text)
    now = timezone.now()
    with transaction.atomic():
        _check_limits(student=student, course_id=course_id, now=now)
        thread = TutorThread.objects.create(
            student=student,
            course_id=course_id,
            assignment=assignment,
            title=" ".join(text.split())[:TITLE_CHARS],
            created_at=now,
            updated_at=now,
        )
        _question, reply = _ask(thread, text, now)
    return thread, reply


def tutor_message_post(*, thread: TutorThread, text: str) -> tuple[TutorMessage, TutorMessage]:
    """Stores a question and its queued reply; returns both."""
    text = _clean(text)
    now = timezone.now()
    with transaction.atomic():
        _check_limits(student=thread.student, course_id=thread.course_id, now=now)
        question, reply = _ask(thread, text, now)
        TutorThread.objects.filter(pk=thread.pk).update(updated_at=now)
    return question, reply


def tutor_thread_delete(*, thread: TutorThread) -> None:
    thread.delete()


def tutor_reply_retry(*, message: TutorMessage) -> TutorMessage:
    """Queues a failed (or lost) reply again."""
    if message.role != TutorMessage.Role.TUTOR or not (message.is_failed or message.is_stale):
        raise ValidationError("Only a reply that failed can be retried.")
    with transaction.atomic():
        requeued = TutorMessage.objects.filter(pk=message.pk, state=message.state).update(
            state=JobState.PENDING,
            error="",
            progress=0,
            started_at=None,
            finished_at=None,
            created_at=timezone.now(),
        )
        if requeued:  # a double click queues it once
            enqueue(message)
    message.refresh_from_db()
    return message


# --- The reply (runs in the worker) --------------------------------------------------------
def tutor_context(thread: TutorThread) -> TutorContext:
    assignment = thread.assignment
    if assignment is None:
        titles = list(visible_assignments(thread.course_id).values_list("title", flat=True)[:12])
        return TutorContext(course_title=thread.course.title, course_assignments=titles)
    criteria = (
        [
            TutorCriterion(title=c.title, description=c.description)
            for c in assignment.rubric.criteria.all()
        ]
        if assignment.rubric is not None
        else []
    )
    draft = (
        Submission.objects.filter(assignment=assignment, student_id=thread.student_id)
        .values_list("draft_text", flat=True)
        .first()
    )
    return TutorContext(
        course_title=thread.course.title,
        assignment_title=assignment.title,
        instructions=richtext.plain_text(assignment.instructions)[:INSTRUCTION_CHARS],
        criteria=criteria,
        draft_excerpt=(draft or "")[:DRAFT_CHARS],
    )


def _history(reply: TutorMessage) -> tuple[list[TutorTurn], str]:
    """The conversation before this reply's question, and the question itself."""
    earlier = list(
        TutorMessage.objects.filter(thread_id=reply.thread_id, id__lt=reply.pk)
        .exclude(
            role=TutorMessage.Role.TUTOR,
            state__in=[JobState.PENDING, JobState.RUNNING, JobState.FAILED],
        )
        .order_by("-id")[: HISTORY_TURNS + 1]
    )[::-1]
    if not earlier or earlier[-1].role != TutorMessage.Role.STUDENT:
        raise ValueError(f"tutor reply {reply.pk} has no question before it")
    turns = [
        TutorTurn(role=cast(ChatRole, m.role), content=m.text, refused=m.refused)
        for m in earlier[:-1]
    ]
    return turns, earlier[-1].text


def tutor_reply_work(reply: TutorMessage):
    """Asks the engine and fills in the reply; the thread moves up once it is written."""
    thread = TutorThread.objects.select_related("course", "assignment", "student").get(
        pk=reply.thread_id
    )
    history, question = _history(reply)
    outcome = ai.tutor(
        user=thread.student, context=tutor_context(thread), history=history, message=question
    )
    result = outcome.result
    reply.text = result.text
    reply.kind = result.kind
    reply.refused = result.refused
    reply.follow_ups = result.follow_up_questions[:5]
    reply.criteria = result.criteria[:5]
    reply.engine = outcome.engine
    reply.note = outcome.note[:300]
    return lambda: tutor_thread_touch(reply)


def tutor_thread_touch(reply: TutorMessage) -> None:
    """A written reply (or failure) moves its thread to the top of the list."""
    TutorThread.objects.filter(pk=reply.thread_id).update(updated_at=timezone.now())


def tutor_reply_run(*, message_id: int) -> bool:
    """Answers one queued reply; False when there was nothing to do."""
    return run_job(TutorMessage, message_id, tutor_reply_work)


def tutor_demo_seed(*, student, assignment: Assignment, questions: list[str]) -> TutorThread:
    """Demo data: a conversation answered at once by the offline tutor (no worker needed)."""
    now = timezone.now()
    thread = TutorThread.objects.create(
        student=student,
        course_id=assignment.course_id,
        assignment=assignment,
        title=questions[0][:TITLE_CHARS],
        created_at=now,
        updated_at=now,
    )
    context = tutor_context(thread)
    history: list[TutorTurn] = []
    for question in questions:
        TutorMessage.objects.create(thread=thread, role=TutorMessage.Role.STUDENT, text=question)
        outcome = ai.tutor(
            user=student, engine="local", context=context, history=history, message=question
        )
        result = outcome.result
        TutorMessage.objects.create(
            thread=thread,
            role=TutorMessage.Role.TUTOR,
            text=result.text,
            kind=result.kind,
            refused=result.refused,
            follow_ups=result.follow_up_questions,
            criteria=result.criteria,
            engine=outcome.engine,
            state=JobState.DONE,
            finished_at=timezone.now(),
        )
        history += [
            TutorTurn(role="user", content=question),
            TutorTurn(role="assistant", content=result.text, refused=result.refused),
        ]
    return thread
