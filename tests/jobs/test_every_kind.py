"""No job type hangs: for each kind, a row whose message was lost (still queued) or whose
worker died (running past its lease) is sent again by the one sweeper and finishes.

Tasks run eagerly here, so the sweep's message runs at once; the versions with a real
worker killed mid-task and Redis stopped are in tests/faults/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careercopilot.jobs.models import JobState
from careercopilot.jobs.sweeper import jobs_requeue_stalled

pytestmark = pytest.mark.django_db


def lose(row, *, running: bool) -> None:
    """The row as a lost message (queued 10 minutes ago) or a dead worker left it (running
    for two hours: past any lease)."""
    long_ago = timezone.now() - dt.timedelta(hours=2)
    type(row).objects.filter(pk=row.pk).update(
        state=JobState.RUNNING if running else JobState.PENDING,
        created_at=long_ago,
        started_at=long_ago if running else None,
        attempts=1 if running else 0,
    )


def swept(row) -> object:
    assert jobs_requeue_stalled() >= 1
    row.refresh_from_db()
    return row


@pytest.mark.parametrize("running", [False, True], ids=["message-lost", "worker-died"])
def test_a_tracker_export_finishes_after_the_sweep(alice, running):
    from tracker.models import ExportJob
    from tracker.tests.factories import make_application

    make_application(alice)
    export = ExportJob.objects.create(user=alice)
    lose(export, running=running)

    export = swept(export)

    assert export.state == JobState.DONE and export.row_count == 1 and export.file
