"""Jobs whose Celery message was lost (broker down, worker killed) are queued again by beat,
once per period, and a job that keeps stopping fails with its quota unit given back
(the sweeper in careercopilot/jobs/, on resumes' own rows).

The end-to-end versions (a real worker killed mid-analysis, Redis stopped) are in
tests/faults/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from billing.models import Usage
from careercopilot.jobs import sweeper
from careercopilot.jobs.models import JobState
from careercopilot.jobs.sweeper import jobs_requeue_stalled
from resumes import services
from resumes.models import MatchAnalysis

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis(alice, alice_version, on_commit, settings):
    settings.JOBS_LEASE_SECONDS = 300
    settings.JOBS_REQUEUE_AFTER_SECONDS = 120
    with on_commit():
        row = services.analysis_request(
            user=alice, version=alice_version, job_description=samples.JOB
        )
    row.refresh_from_db()
    assert row.state == JobState.DONE
    return row


@pytest.fixture
def queued(throwaway_redis):
    """Tasks go to a private Redis that no worker reads: returns how many wait in "ai"."""
    import redis

    from tests.faults.support import celery_broker

    client = redis.Redis.from_url(throwaway_redis.url)
    with celery_broker(throwaway_redis.url):
        yield lambda: client.llen("ai")
    client.close()


def stall(row, *, state: str, minutes: int) -> None:
    at = timezone.now() - dt.timedelta(minutes=minutes)
    MatchAnalysis.objects.filter(pk=row.pk).update(
        state=state, created_at=at, started_at=at if state == JobState.RUNNING else None
    )


def test_a_queued_analysis_whose_message_was_lost_runs_after_the_sweep(analysis):
    stall(analysis, state=JobState.PENDING, minutes=3)

    assert jobs_requeue_stalled() == 1  # eager here: the task runs at once

    analysis.refresh_from_db()
    assert analysis.state == JobState.DONE


def test_a_queued_analysis_is_sent_again_once_per_period(analysis, queued):
    stall(analysis, state=JobState.PENDING, minutes=3)

    assert jobs_requeue_stalled() == 1
    assert jobs_requeue_stalled() == 0  # not again within the period

    assert queued() == 1


def test_recent_queued_and_running_analyses_are_left_alone(analysis, queued):
    stall(analysis, state=JobState.PENDING, minutes=1)
    assert jobs_requeue_stalled() == 0
    stall(analysis, state=JobState.RUNNING, minutes=4)  # within its lease (5 minutes)
    assert jobs_requeue_stalled() == 0
    assert queued() == 0


def test_a_duplicate_message_does_not_run_an_analysis_another_attempt_is_running(analysis):
    stall(analysis, state=JobState.RUNNING, minutes=1)

    services.analysis_run_now(analysis_id=analysis.pk)

    analysis.refresh_from_db()
    assert analysis.state == JobState.RUNNING  # left to the attempt that owns it


def test_an_analysis_whose_worker_died_is_taken_over_after_its_lease(analysis):
    stall(analysis, state=JobState.RUNNING, minutes=6)

    services.analysis_run_now(analysis_id=analysis.pk)

    analysis.refresh_from_db()
    assert analysis.state == JobState.DONE and analysis.score is not None


def test_an_analysis_whose_worker_died_is_sent_again_once_per_period(analysis, queued):
    stall(analysis, state=JobState.RUNNING, minutes=6)

    assert jobs_requeue_stalled() == 1
    assert jobs_requeue_stalled() == 0  # not again within the period

    assert queued() == 1


def test_an_analysis_that_keeps_killing_its_worker_fails_and_gives_its_unit_back(
    alice, analysis, queued
):
    used = Usage.objects.get(user=alice, feature="ai_analyses").used
    stall(analysis, state=JobState.RUNNING, minutes=6)
    MatchAnalysis.objects.filter(pk=analysis.pk).update(attempts=sweeper.MAX_ATTEMPTS)

    assert jobs_requeue_stalled() == 0

    analysis.refresh_from_db()
    assert analysis.state == JobState.FAILED
    assert analysis.error == sweeper.STALLED_MESSAGE
    assert Usage.objects.get(user=alice, feature="ai_analyses").used == used - 1
    assert queued() == 0
