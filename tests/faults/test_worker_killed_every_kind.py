"""No job type hangs after its worker is killed (SIGKILL to the whole process group, as an
out-of-memory kill would): a new worker and the jobs sweeper finish each one.

The analysis and the video transcode are in test_worker_killed.py. Here:

- a tutor reply and an essay suggestion, killed while Claude (the local fake) keeps them
  waiting; the next run answers with the local engine;
- a tracker export and a data export, killed mid-task while PostgreSQL keeps them waiting
  for a table another connection holds;
- a file preview, killed after taking its message but before its claim (the row is
  still queued and the message is stuck with the dead worker).

Real worker processes on a throwaway Redis and the test PostgreSQL database.
"""

from __future__ import annotations

from contextlib import contextmanager

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.models import DataExport
from accounts.privacy.exports import data_export_request
from careercopilot.jobs.models import JobState
from careercopilot.jobs.sweeper import jobs_requeue_stalled
from courses import services as course_services
from courses.models import CourseRole, EssaySuggestion, FileKind
from courses.services import tutor
from courses.tests import factories as course_factories
from tests.fakes.anthropic_server import FAKE_API_KEY, FakeAnthropic
from tests.faults.support import Worker
from tests.support.processes import database_url, wait_until
from tracker.services import export_request
from tracker.tests.factories import make_application

from .test_worker_killed import LEASE_SECONDS, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jobs(settings, broker):
    """Short leases (the killed worker holds nothing) in this process and the workers."""
    settings.JOBS_LEASE_SECONDS = LEASE_SECONDS
    settings.JOBS_REQUEUE_AFTER_SECONDS = 0
    return {"JOBS_LEASE_SECONDS": str(LEASE_SECONDS)}


@pytest.fixture
def course(alice):
    course = course_factories.make_course()
    course_services.enrollment_add(course=course, user=alice, role=CourseRole.STUDENT)
    return course


def finished(row) -> bool:
    row.refresh_from_db()
    return row.is_finished


def recover(row, *, broker, env: dict, log, what: str) -> None:
    """A new worker; the sweep sends the row again (past its lease if it was running)."""
    worker = Worker(broker_url=broker.url, log_path=log, extra_env=env).start()
    try:
        wait_until(
            lambda: jobs_requeue_stalled() >= 1,
            timeout=LEASE_SECONDS + 15,
            interval=0.5,
            what=f"the sweep to send the {what} again",
        )
        wait_for(lambda: finished(row), f"the {what} to finish", worker, timeout=120)
    finally:
        worker.stop()
    assert row.state == JobState.DONE, row.error


# --- Killed while Claude keeps the job waiting ------------------------------------------------
def ask_tutor(alice, course):
    _thread, reply = tutor.tutor_thread_start(
        student=alice, course_id=course.pk, assignment=None, text="Where do I start?"
    )
    return reply


def hand_in_essay(alice, course):
    rubric = course_factories.make_rubric(course)
    assignment = course_factories.make_assignment(course, rubric=rubric)
    version = course_factories.hand_in(
        assignment, alice, "Communication turns knowledge into results. " * 20
    )
    return EssaySuggestion.objects.get(version=version)


@pytest.mark.parametrize("start", [ask_tutor, hand_in_essay], ids=["tutor-reply", "essay"])
def test_ai_work_interrupted_by_a_killed_worker_finishes(
    start, jobs, broker, alice, course, tmp_path
):
    with FakeAnthropic() as claude:
        claude.reply_json({"text": "never delivered"}, delay=60)  # the worker dies waiting
        env = {
            **jobs,
            "ANTHROPIC_API_KEY": FAKE_API_KEY,
            "ANTHROPIC_BASE_URL": claude.url,
            "AI_ENGINE": "anthropic",
            "AI_ANTHROPIC_MAX_RETRIES": "0",
            "AI_ANTHROPIC_TIMEOUT": "120",
        }
        log = tmp_path / "worker.log"
        worker = Worker(broker_url=broker.url, log_path=log, extra_env=env).start()
        try:
            row = start(alice, course)
            wait_for(lambda: len(claude.requests) == 1, "the job to call Claude", worker)
            row.refresh_from_db()
            assert row.state == JobState.RUNNING
        finally:
            worker.kill()

        # Claude now has nothing scripted (errors): the next run falls back to local.
        recover(row, broker=broker, env=env, log=log, what="AI job")

    assert row.engine == "local" and row.attempts == 2


# --- Killed while PostgreSQL keeps the job waiting --------------------------------------------
@contextmanager
def holding(sql: str, params: tuple = ()):
    """Another connection holds the lock ``sql`` takes until the block ends."""
    with psycopg.connect(database_url(connection.settings_dict)) as other:
        other.execute(sql, params)
        yield
        other.rollback()


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


APPLICATIONS = "LOCK TABLE tracker_application IN ACCESS EXCLUSIVE MODE"  # read by both exports


def tracker_export(alice, course):
    """Killed mid-task: claimed (running), reading the applications."""
    make_application(alice)
    return (APPLICATIONS, ()), lambda: export_request(user=alice, format="csv"), JobState.RUNNING


def data_export(alice, course):
    """Killed mid-task: claimed (running), reading the user's data."""
    make_application(alice)
    return (APPLICATIONS, ()), lambda: data_export_request(user=alice), JobState.RUNNING


def file_preview(alice, course):
    """Killed holding the message, before the claim: still queued."""
    assignment = course_factories.make_assignment(course, allow_file=True)
    file = course_services.submission_file_add(  # queued: no worker reads the broker yet
        assignment=assignment,
        student=alice,
        upload=SimpleUploadedFile("notes.txt", b"My notes on the brief.\n"),
        filename="notes.txt",
        kind=FileKind.DOCUMENT,
    )
    lock = ("SELECT 1 FROM courses_submissionfile WHERE id = %s FOR UPDATE", (file.pk,))
    return lock, lambda: file, JobState.PENDING


@pytest.mark.parametrize(
    "prepare",
    [tracker_export, data_export, file_preview],
    ids=["tracker-export", "data-export", "file-preview"],
)
def test_work_whose_worker_is_killed_while_it_waits_finishes(
    prepare, jobs, broker, alice, course, tmp_path
):
    lock, start, state_when_killed = prepare(alice, course)
    log = tmp_path / "worker.log"
    with holding(*lock):
        row = start()
        worker = Worker(broker_url=broker.url, log_path=log, extra_env=jobs).start()
        try:
            wait_for(waiting_for_a_lock, "the worker to wait for the lock", worker)
        finally:
            worker.kill()
        row.refresh_from_db()
        assert row.state == state_when_killed

    recover(row, broker=broker, env=jobs, log=log, what=type(row).__name__)

    runs = 2 if state_when_killed == JobState.RUNNING else 1  # the killed one, if it claimed
    assert row.attempts == runs
    if isinstance(row, DataExport):
        assert row.file
