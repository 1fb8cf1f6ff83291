"""A Celery worker is killed (SIGKILL to its whole process group, as an out-of-memory kill
or a lost machine would) in the middle of a match analysis and of a video transcode.

After a new worker starts and the beat sweep runs, each job finishes exactly once: one
result, one AI call, one set of renditions. The message the dead worker held is then
redelivered too (as the broker does after its visibility timeout) and changes nothing.

Real worker processes on a throwaway Redis and the test PostgreSQL database.
"""

from __future__ import annotations

import subprocess

import pytest
from kombu import Connection

from careercopilot.ai.accounting import AICall
from careercopilot.jobs.models import JobState
from careercopilot.jobs.sweeper import jobs_requeue_stalled
from careercopilot.tests.ai.claude_payloads import claude_match
from courses import services as course_services
from courses.models import CourseRole, FileKind, ProcessingState, Video, VideoState
from courses.tests import factories as course_factories
from resumes import services as resume_services
from resumes.models import MatchAnalysis
from resumes.tests import samples
from tests.fakes.anthropic_server import FAKE_API_KEY as FAKE_ANTHROPIC_KEY
from tests.faults.support import Worker
from tests.support.processes import wait_until

from .conftest import premium

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = 2  # the real lease is the tasks' hard time limit; here the worker is dead


def redeliver_unacked(url: str) -> None:
    """What the broker does after its visibility timeout: unacknowledged messages (the dead
    worker's) go back to their queues, flagged as redelivered."""
    with Connection(url, transport_options={"visibility_timeout": 0}) as conn:
        conn.default_channel.qos.restore_visible(num=100)


def wait_for(condition, what: str, worker: Worker, timeout: float = 90) -> None:
    try:
        wait_until(condition, timeout=timeout, interval=0.05, what=what)
    except TimeoutError as exc:
        raise AssertionError(f"{exc}\nworker log:\n{worker.log()[-6000:]}") from None


def test_analysis_interrupted_by_a_killed_worker_finishes_exactly_once(
    broker, settings, alice, tmp_path
):
    from tests.fakes.anthropic_server import FakeAnthropic

    premium(alice)
    settings.JOBS_LEASE_SECONDS = LEASE_SECONDS
    from careercopilot.celery import app

    app.conf.task_always_eager = True  # the resume's text, extracted in-process
    version = resume_services.resume_upload(
        user=alice, name="Backend", filename="cv.pdf", data=samples.text_pdf()
    )
    app.conf.task_always_eager = False
    version.refresh_from_db()
    assert version.state == JobState.DONE, version.error
    with FakeAnthropic() as claude:
        # The first call hangs (the worker dies while waiting); the next one answers.
        claude.reply_json(claude_match(81), delay=60)
        env = {
            "ANTHROPIC_API_KEY": FAKE_ANTHROPIC_KEY,
            "ANTHROPIC_BASE_URL": claude.url,
            "AI_ENGINE": "anthropic",
            "AI_ANTHROPIC_MAX_RETRIES": "0",
            "AI_ANTHROPIC_TIMEOUT": "120",
            "JOBS_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        log = tmp_path / "worker.log"
        worker = Worker(broker_url=broker.url, log_path=log, extra_env=env).start()
        try:
            analysis = resume_services.analysis_request(
                user=alice, version=version, job_description=samples.JOB, engine="anthropic"
            )
            wait_for(lambda: len(claude.requests) == 1, "the analysis to call Claude", worker)
            analysis.refresh_from_db()
            assert analysis.state == JobState.RUNNING

            worker.kill()  # mid-task: the row says running, the message is unacknowledged
            claude.reply_json(claude_match(81))
            worker = Worker(broker_url=broker.url, log_path=log, extra_env=env).start()
            wait_until(
                lambda: jobs_requeue_stalled() == 1,
                timeout=LEASE_SECONDS + 10,
                interval=0.5,
                what="the sweep to queue the interrupted analysis again",
            )

            def done() -> bool:
                analysis.refresh_from_db()
                return analysis.is_finished

            wait_for(done, "the analysis to finish", worker)
            assert analysis.state == JobState.DONE, analysis.error

            # The dead worker's own message comes back later: it finds the work done.
            redeliver_unacked(broker.url)
            wait_for(
                lambda: worker.log().count("resumes.tasks.analysis_run[") >= 5,
                "the redelivered message (received + succeeded)",
                worker,
            )
        finally:
            worker.stop()

    assert MatchAnalysis.objects.count() == 1
    assert analysis.engine == "anthropic" and analysis.score == 81
    assert AICall.objects.filter(feature="match").count() == 1  # exactly one result
    assert len(claude.requests) == 2  # the interrupted call and the one that finished
    assert jobs_requeue_stalled() == 0


def make_clip(path, *, seconds: int = 8) -> bytes:
    """A 720p clip with sound: two renditions (720p, 480p) of a few seconds each."""
    command = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=1280x720:duration={seconds}:rate=25",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds}",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        str(path),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return path.read_bytes()


def test_transcode_interrupted_by_a_killed_worker_finishes_exactly_once(
    broker, settings, alice, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.JOBS_LEASE_SECONDS = LEASE_SECONDS
    env = {"JOBS_LEASE_SECONDS": str(LEASE_SECONDS)}
    course = course_factories.make_course()
    course_services.enrollment_add(course=course, user=alice, role=CourseRole.STUDENT)
    assignment = course_factories.make_assignment(course, allow_video=True)
    clip = make_clip(tmp_path / "talk.mp4")

    log = tmp_path / "worker.log"
    worker = Worker(broker_url=broker.url, log_path=log, extra_env=env).start()
    try:
        file = course_services.submission_file_add(
            assignment=assignment,
            student=alice,
            upload=SimpleUploadedFile("talk.mp4", clip, content_type="video/mp4"),
            filename="talk.mp4",
            kind=FileKind.VIDEO,
        )
        video = Video.objects.get(submission_file=file)
        # Kill once the 720p version is stored, while the 480p one is being made.
        wait_for(lambda: video.renditions.exists(), "the first rendition", worker)
        worker.kill()
        first = video.renditions.get()
        video.refresh_from_db()
        assert video.state == VideoState.RUNNING

        worker = Worker(broker_url=broker.url, log_path=log, extra_env=env).start()
        wait_until(
            lambda: jobs_requeue_stalled() == 1,
            timeout=15,
            interval=0.5,
            what="the sweep to queue the interrupted processing again",
        )

        def ready() -> bool:
            video.refresh_from_db()
            return video.is_finished

        wait_for(ready, "the video to be ready", worker, timeout=120)
        assert video.state == VideoState.DONE, video.error

        redeliver_unacked(broker.url)  # the dead worker's transcode message: a no-op now
        wait_for(
            lambda: worker.log().count("courses.tasks.video_transcode[") >= 5,
            "the redelivered transcode (received + succeeded)",
            worker,
        )
    finally:
        worker.stop()

    renditions = list(video.renditions.order_by("-height"))
    assert [r.name for r in renditions] == ["720p", "480p"]  # one set, nothing made twice
    assert renditions[0].pk == first.pk  # the 720p made before the kill was kept
    for rendition in renditions:
        assert rendition.file.storage.exists(rendition.file.name)
    assert video.thumbnail and video.attempts == 2  # the killed run and the one that finished
    file.refresh_from_db()
    assert file.state == ProcessingState.DONE
