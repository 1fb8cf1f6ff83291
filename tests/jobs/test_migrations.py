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


def states(table: str, name: str, rows: dict[str, int]) -> dict[str, str]:
    return {state: column(table, name, pk) for state, pk in rows.items()}


def renamed(rows: dict[str, int], names: dict[str, str]) -> dict[str, str]:
    return {state: names.get(state, state) for state in rows}


@pytest.fixture
def rows():
    """Essay suggestions, tutor replies, submission files and videos in each state, made
    with today's models."""
    from courses.models import (
        EssaySuggestion,
        Submission,
        SubmissionFile,
        SubmissionVersion,
        TutorMessage,
        TutorThread,
        Video,
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
    file = {"submission": submission, "size_bytes": 1, "sha256": "0", "detected": "pdf"}
    files = {
        state: SubmissionFile.objects.create(**file, state=state).pk
        for state in ["none", "pending", "running", "done", "failed"]
    }
    videos = {
        state: Video.objects.create(owner=student, course=course, state=state).pk
        for state in ["uploading", "pending", "running", "done", "failed"]
    }
    return {"suggestions": suggestions, "replies": replies, "files": files, "videos": videos}


def test_job_states_map_back_and_forth_and_keep_every_row(rows):
    suggestions, replies, files, videos = rows.values()
    forward = latest()
    try:
        migrate(BEFORE_JOBS)
        assert states("courses_essaysuggestion", "status", suggestions) == renamed(
            suggestions, {"pending": "queued", "done": "ready"}
        )
        assert column("courses_essaysuggestion", "runs", suggestions["failed"]) == 4
        assert states("courses_tutormessage", "status", replies) == renamed(
            replies, {"pending": "queued", "running": "queued", "done": "ready"}
        )
        assert states("courses_submissionfile", "processing_state", files) == renamed(
            files, {"running": "processing", "done": "ready"}
        )
        assert states("courses_video", "state", videos) == renamed(
            videos, {"pending": "processing", "running": "processing", "done": "ready"}
        )
    finally:
        migrate(forward)

    assert states("courses_essaysuggestion", "state", suggestions) == renamed(suggestions, {})
    assert column("courses_essaysuggestion", "attempts", suggestions["failed"]) == 4
    assert states("courses_tutormessage", "state", replies) == renamed(
        replies,
        {"running": "pending"},  # a tutor reply had no running state
    )
    assert states("courses_submissionfile", "state", files) == renamed(files, {})
    assert states("courses_video", "state", videos) == renamed(
        videos,
        {"running": "pending"},  # a video had one processing state: sent again
    )
