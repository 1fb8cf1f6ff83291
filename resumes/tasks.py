"""Thin Celery tasks (routed to the `ai` queue by CELERY_TASK_ROUTES): ids in, services run.

State lives in job rows (``careercopilot.jobs``); a redelivered message finds its row
finished and does nothing. Each kind is registered below for the sweeper.
"""

from __future__ import annotations

from careercopilot.jobs.registry import register_job
from careercopilot.jobs.tasks import job_task

from . import quotas, services
from .models import (
    ChatMessage,
    CoverLetter,
    InterviewPrep,
    MatchAnalysis,
    PracticeAnswer,
    ResumeVersion,
)


@job_task("resumes.tasks.version_extract", time_limit=300)
def version_extract(version_id: int) -> None:
    services.version_extract_run(version_id=version_id)


@job_task("resumes.tasks.analysis_run", time_limit=300)
def analysis_run(analysis_id: int) -> None:
    services.analysis_run_now(analysis_id=analysis_id)


@job_task("resumes.tasks.letter_run", time_limit=300)
def letter_run(letter_id: int) -> None:
    services.letter_run_now(letter_id=letter_id)


@job_task("resumes.tasks.prep_run", time_limit=300)
def prep_run(prep_id: int) -> None:
    services.prep_run_now(prep_id=prep_id)


@job_task("resumes.tasks.practice_run", time_limit=300)
def practice_run(answer_id: int) -> None:
    services.practice_run_now(answer_id=answer_id)


@job_task("resumes.tasks.chat_reply", time_limit=300)
def chat_reply(message_id: int) -> None:
    services.reply_run(message_id=message_id)


register_job(
    ResumeVersion,
    version_extract,
    quota=quotas.JobQuota(quotas.RESUMES, user_of=lambda v: v.resume.user),
)
register_job(
    MatchAnalysis, analysis_run, quota=quotas.JobQuota(quotas.AI_ANALYSES, user_of=lambda a: a.user)
)
register_job(
    CoverLetter, letter_run, quota=quotas.JobQuota(quotas.COVER_LETTERS, user_of=lambda r: r.user)
)
register_job(
    InterviewPrep, prep_run, quota=quotas.JobQuota(quotas.INTERVIEW_PREP, user_of=lambda r: r.user)
)
register_job(
    PracticeAnswer,
    practice_run,
    quota=quotas.JobQuota(quotas.INTERVIEW_PREP, user_of=lambda r: r.prep.user),
)
register_job(
    ChatMessage,
    chat_reply,
    rows={"role": ChatMessage.Role.ASSISTANT},
    quota=quotas.JobQuota(quotas.CHAT_MESSAGES, user_of=lambda m: m.thread.user),
)

# The resume builder's job (LinkedIn import, tailoring, export) registers itself.
from .builder import tasks as builder_tasks  # noqa: E402, F401
