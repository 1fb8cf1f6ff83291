"""Thin Celery tasks for courses: ids in, services run (default queue unless routed).

Each task is idempotent: its state lives in our rows (``publish_notified_at``,
``release_notified_at``, ``DueReminder``, job rows of ``careercopilot.jobs``), so a
redelivered message finds the work done and does nothing. Database outages are retried
(``RETRY_POLICY``). The job kinds are registered at the end, for the sweeper.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from careercopilot.jobs.registry import register_job, register_outbox
from careercopilot.jobs.tasks import RETRY_POLICY as RETRY
from careercopilot.jobs.tasks import job_task

from . import services
from .models import EssaySuggestion, FileKind, SubmissionFile, TutorMessage, Video
from .selectors import notifications as owed
from .services import ai_grading, previews, tutor, video


@shared_task(name="courses.tasks.assignment_published_notify", **RETRY)
def assignment_published_notify(assignment_id: int) -> int:
    return services.assignment_published_notify_run(assignment_id=assignment_id)


@shared_task(name="courses.tasks.grades_released_notify", **RETRY)
def grades_released_notify(submission_ids: list[int]) -> int:
    return services.grades_released_notify_run(submission_ids=submission_ids)


@shared_task(name="courses.tasks.due_reminders_send", **RETRY)
def due_reminders_send() -> int:
    return services.due_reminders_send()


# Page rendering is CPU- and memory-heavy: routed to the "video" queue by CELERY_TASK_ROUTES.
@job_task("courses.tasks.file_preview_build", time_limit=180)
def file_preview_build(file_id: int) -> bool:
    return previews.file_preview_build_run(file_id=file_id)


# --- Video pipeline (E4): routed to the "video" queue by CELERY_TASK_ROUTES ------------------


@job_task("courses.tasks.video_probe", time_limit=video.PROBE_TIME_LIMIT)
def video_probe(video_id: int) -> bool:
    return video.video_probe_run(video_id=video_id)


# The probe sends this with time limits that scale with the video's length.
@job_task("courses.tasks.video_transcode", time_limit=settings.CELERY_LONGEST_TASK_SECONDS)
def video_transcode(video_id: int, token: int | None = None) -> bool:
    return video.video_transcode_run(video_id=video_id, token=token)


@shared_task(name="courses.tasks.video_clean_stale", **RETRY)
def video_clean_stale() -> int:
    from .services.video import videos_clean_stale

    return videos_clean_stale()


# --- AI tutor (E7): routed to the "ai" queue by CELERY_TASK_ROUTES (courses.tasks.ai_*) ------


@job_task("courses.tasks.ai_tutor_reply", time_limit=150, soft_time_limit=120)
def ai_tutor_reply(message_id: int) -> bool:
    return tutor.tutor_reply_run(message_id=message_id)


# --- Peer review (E9) ------------------------------------------------------------------------


@shared_task(name="courses.tasks.peer_reviews_assign", **RETRY)
def peer_reviews_assign() -> int:
    """Beat: assign reviewers after due dates, and release reviews set to release at
    their due date. Idempotent: a run with nothing new does nothing."""
    from .services.peer import peer_reviews_run_due

    return peer_reviews_run_due()


@shared_task(name="courses.tasks.peer_reviews_released_notify", **RETRY)
def peer_reviews_released_notify(assignment_id: int) -> int:
    from .services.peer import peer_reviews_released_notify_run

    return peer_reviews_released_notify_run(assignment_id=assignment_id)


# --- AI essay grader (E6): routed to the "ai" queue by CELERY_TASK_ROUTES (courses.tasks.ai_*) -


@job_task("courses.tasks.ai_essay_suggest", time_limit=300)
def ai_essay_suggest(suggestion_id: int) -> bool:
    return ai_grading.essay_suggestion_run(suggestion_id=suggestion_id)


# --- Job kinds (careercopilot.jobs): the sweeper sends again what a lost worker dropped -----
register_job(
    TutorMessage,
    ai_tutor_reply,
    rows={"role": TutorMessage.Role.TUTOR},
    failure_message=tutor.GENERIC_FAILURE,
    timeout_message=tutor.TIMEOUT_FAILURE,
    on_failed=tutor.tutor_thread_touch,
)
register_job(EssaySuggestion, ai_essay_suggest, timeout_message=ai_grading.TIMEOUT_FAILURE)
register_job(
    SubmissionFile,
    file_preview_build,
    rows={"kind": FileKind.DOCUMENT},  # a video's file follows its Video
    failure_message=previews.DAMAGED,
)
register_job(
    Video,
    video_probe,
    lease=video.video_lease,
    on_failed=video.video_failed,
    timeout_message=video.TIMEOUT_FAILURE,
)

# Notifications whose message a broker outage lost: their rows say they are still owed.
register_outbox(
    "courses.assignment_published",
    assignment_published_notify,
    owed.assignments_publish_unannounced,
)
register_outbox("courses.grades_released", grades_released_notify, owed.grades_release_unannounced)
register_outbox(
    "courses.peer_reviews_released",
    peer_reviews_released_notify,
    owed.peer_reviews_release_unannounced,
)
