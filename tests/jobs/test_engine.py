"""The job engine (careercopilot/jobs/): every job model is registered for the sweeper, a
run writes its outcome only while it owns the row, and leases follow each task's limit."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.utils import timezone

from accounts.models import DataExport
from accounts.privacy.exports import data_export_run
from accounts.tests.factories import UserFactory
from careercopilot.celery import app
from careercopilot.jobs import runner
from careercopilot.jobs.models import Job, JobState
from careercopilot.jobs.registry import job_kinds, kind_for
from careercopilot.jobs.sweeper import jobs_requeue_stalled

pytestmark = pytest.mark.django_db


def test_every_job_model_is_registered_with_its_task():
    """Guards "no job type hangs": a Job model without a kind would never be swept."""
    models = [m for m in apps.get_models() if issubclass(m, Job)]
    assert len(models) >= 7
    for model in models:
        kind = kind_for(model)
        assert kind.task.name in app.tasks, model
    assert {kind.model for kind in job_kinds()} == set(models)


@pytest.fixture
def export():
    return DataExport.objects.create(user=UserFactory())


def test_a_run_that_was_taken_over_meanwhile_writes_nothing(export):
    """Guards the claim's token: a slow attempt whose row another attempt took over (its
    lease ran out) must not overwrite that attempt's outcome."""

    def work(row: DataExport) -> None:
        DataExport.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)  # taken over
        row.file_count = 99

    assert runner.run_job(DataExport, export.pk, work) is True

    export.refresh_from_db()
    assert export.state == JobState.RUNNING and export.file_count == 0


def test_a_finished_run_saves_only_the_fields_it_changed(export):
    """Guards columns written by others while the job ran (here the download time)."""
    moment = timezone.now()

    def work(row: DataExport) -> None:
        DataExport.objects.filter(pk=row.pk).update(downloaded_at=moment)
        row.file_count = 3

    runner.run_job(DataExport, export.pk, work)

    export.refresh_from_db()
    assert export.state == JobState.DONE and export.file_count == 3
    assert export.downloaded_at == moment and export.attempts == 1


def test_a_job_that_runs_out_of_time_fails_with_a_message(export):
    def work(row: DataExport) -> None:
        raise SoftTimeLimitExceeded()

    runner.run_job(DataExport, export.pk, work)

    export.refresh_from_db()
    assert export.state == JobState.FAILED and export.error == runner.TIMEOUT_FAILURE


def test_a_data_export_is_not_taken_over_within_its_own_time_limit(export):
    """Guards the per-kind lease: an export may run for an hour, so a running one is
    neither sent again nor run twice after the 5.5 minutes an AI job is allowed."""
    started = timezone.now() - dt.timedelta(minutes=10)
    DataExport.objects.filter(pk=export.pk).update(
        state=JobState.RUNNING, started_at=started, attempts=1
    )

    assert jobs_requeue_stalled() == 0
    data_export_run(export.pk)  # a duplicate message

    export.refresh_from_db()
    assert export.state == JobState.RUNNING and export.started_at == started
    assert kind_for(DataExport).lease_for(export) > dt.timedelta(hours=1)
