"""Video processing that stopped without an outcome (its worker was killed, its message
lost) is queued again by the jobs sweeper once its step's lease has run out, then fails
with a retry button when it keeps stopping.

The end-to-end version (a real worker killed mid-transcode) is in tests/faults/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careercopilot.jobs import sweeper
from courses.models import Video, VideoState
from courses.services.video import video_lease

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def video():
    course = factories.make_course()
    student = factories.make_student(course)
    return Video.objects.create(
        owner=student,
        course=course,
        state=VideoState.RUNNING,
        duration_seconds=10,
        height=720,
        attempts=1,
        started_at=timezone.now(),
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
        started_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_the_lease_follows_the_video_length():
    short = video_lease(Video(duration_seconds=10, height=720))
    long = video_lease(Video(duration_seconds=600, height=720))
    assert dt.timedelta(minutes=5) < short < dt.timedelta(minutes=10) < long
    assert video_lease(Video()) < short  # not yet probed: the probe's own limit


def test_processing_silent_longer_than_its_lease_is_queued_again(video, queued):
    silent_for(video, 10)  # a 10 s video: the transcode takes at most about 5 minutes

    assert sweeper.jobs_requeue_stalled() == 1
    assert sweeper.jobs_requeue_stalled() == 0  # not again within the period

    video.refresh_from_db()
    assert video.state == VideoState.RUNNING
    assert queued() == 1


def test_processing_that_is_still_within_its_time_is_left_alone(video, queued):
    silent_for(video, 3)

    assert sweeper.jobs_requeue_stalled() == 0
    assert queued() == 0


def test_processing_that_keeps_stopping_fails_with_a_retry_message(video, queued):
    Video.objects.filter(pk=video.pk).update(attempts=sweeper.MAX_ATTEMPTS)
    silent_for(video, 10)

    assert sweeper.jobs_requeue_stalled() == 0

    video.refresh_from_db()
    assert video.state == VideoState.FAILED
    assert "Please retry" in video.error
    assert queued() == 0
