"""Video processing that stopped without an outcome (its worker was killed, its message
lost) is queued again by beat, then fails with a retry button after a few attempts.

The end-to-end version (a real worker killed mid-transcode) is in tests/faults/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import Video, VideoState
from courses.services.video import MAX_AUTOMATIC_RETRIES, videos_requeue_stalled

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def video():
    course = factories.make_course()
    student = factories.make_student(course)
    return Video.objects.create(
        owner=student, course=course, state=VideoState.PROCESSING, duration_seconds=10
    )


@pytest.fixture
def queued(throwaway_redis):
    """Tasks go to a private Redis that no worker reads: returns how many wait in "video"."""
    import redis

    from tests.faults.support import celery_broker

    client = redis.Redis.from_url(throwaway_redis.url)
    with celery_broker(throwaway_redis.url):
        yield lambda: client.llen("video")
    client.close()


def silent_for(video: Video, minutes: int) -> None:
    Video.objects.filter(pk=video.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_processing_silent_longer_than_any_step_is_queued_again(video, queued):
    silent_for(video, 10)  # a 10 s video: no step takes more than about 4 minutes

    assert videos_requeue_stalled() == 1
    assert videos_requeue_stalled() == 0  # its heartbeat was reset

    video.refresh_from_db()
    assert video.state == VideoState.PROCESSING and video.attempts == 1
    assert queued() == 1


def test_processing_that_is_still_within_its_time_is_left_alone(video, queued):
    silent_for(video, 3)

    assert videos_requeue_stalled() == 0
    assert queued() == 0


def test_processing_that_keeps_stopping_fails_with_a_retry_message(video, queued):
    Video.objects.filter(pk=video.pk).update(attempts=MAX_AUTOMATIC_RETRIES)
    silent_for(video, 10)

    assert videos_requeue_stalled() == 0

    video.refresh_from_db()
    assert video.state == VideoState.FAILED
    assert "Retry" in video.error
    assert queued() == 0
