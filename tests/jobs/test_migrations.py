"""The migrations that turn long-running work into job rows keep every row: migrated back,
the old state names return; migrated forward again, each maps to its job state.

Runs the real migrations on the test PostgreSQL database (back to the last migration
before the job rows, then forward to the latest).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_JOBS = [("courses", "0013_feed_hold_reasons")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "courses"]


def column(table: str, name: str, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{name}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def rows():
    """Essay suggestions and tutor replies in each state, made with today's models."""
    from courses.models import (
        EssaySuggestion,
        Submission,
        SubmissionVersion,
        TutorMessage,
        TutorThread,
    )
    from courses.tests.factories import make_assignment, make_course, make_student

    course = make_course()
    student = make_student(course)
    submission = Submission.objects.create(assignment=make_assignment(course), student=student)
    suggestions = {}
    for number, state in enumerate(["pending", "running", "done", "failed", "superseded"], 1):
        version = SubmissionVersion.objects.create(
            submission=submission, number=number, submitted_at=timezone.now()
        )
        suggestions[state] = EssaySuggestion.objects.create(
            submission=submission, version=version, state=state, attempts=number
        ).pk
    thread = TutorThread.objects.create(student=student, course=course, title="Help")
    replies = {
        state: TutorMessage.objects.create(thread=thread, role="assistant", state=state).pk
        for state in ["pending", "running", "done", "failed"]
    }
    return suggestions, replies


def test_job_states_map_back_and_forth_and_keep_every_row(rows):
    suggestions, replies = rows
    forward = latest()
    try:
        migrate(BEFORE_JOBS)
        old = {
            state: column("courses_essaysuggestion", "status", pk)
            for state, pk in suggestions.items()
        }
        renamed = {"pending": "queued", "done": "ready"}
        assert old == {state: renamed.get(state, state) for state in suggestions}
        assert column("courses_essaysuggestion", "runs", suggestions["failed"]) == 4
        old = {state: column("courses_tutormessage", "status", pk) for state, pk in replies.items()}
        assert old == {
            "pending": "queued",
            "running": "queued",
            "done": "ready",
            "failed": "failed",
        }
    finally:
        migrate(forward)

    new = {
        state: column("courses_essaysuggestion", "state", pk) for state, pk in suggestions.items()
    }
    assert new == {state: state for state in suggestions}
    assert column("courses_essaysuggestion", "attempts", suggestions["failed"]) == 4
    new = {state: column("courses_tutormessage", "state", pk) for state, pk in replies.items()}
    assert new == {"pending": "pending", "running": "pending", "done": "done", "failed": "failed"}
