"""Thin Celery tasks (routed to the `ai` queue by CELERY_TASK_ROUTES): ids in, services run.

State lives in our rows; a redelivered message finds its row finished and does nothing.
Database outages are retried with backoff.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 5,
    "time_limit": 300,
    "soft_time_limit": 270,
}


@shared_task(name="resumes.tasks.version_extract", **RETRY)
def version_extract(version_id: int) -> None:
    services.version_extract_run(version_id=version_id)


@shared_task(name="resumes.tasks.analysis_run", **RETRY)
def analysis_run(analysis_id: int) -> None:
    services.analysis_run_now(analysis_id=analysis_id)


@shared_task(name="resumes.tasks.letter_run", **RETRY)
def letter_run(letter_id: int) -> None:
    services.letter_run_now(letter_id=letter_id)


@shared_task(name="resumes.tasks.prep_run", **RETRY)
def prep_run(prep_id: int) -> None:
    services.prep_run_now(prep_id=prep_id)


@shared_task(name="resumes.tasks.practice_run", **RETRY)
def practice_run(answer_id: int) -> None:
    services.practice_run_now(answer_id=answer_id)


@shared_task(name="resumes.tasks.chat_reply", **RETRY)
def chat_reply(message_id: int) -> None:
    services.reply_run(message_id=message_id)


@shared_task(name="resumes.tasks.jobs_requeue_stalled")
def jobs_requeue_stalled() -> int:
    """Beat: queue again the jobs whose message a broker outage or a lost worker dropped."""
    return services.jobs_requeue_stalled()
