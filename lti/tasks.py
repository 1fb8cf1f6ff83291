"""Thin Celery tasks for LTI: ids in, jobs run (default queue)."""

from __future__ import annotations

from careercopilot.jobs.registry import register_job
from careercopilot.jobs.tasks import job_task

from . import jobs
from .models import GradePassback, RosterSync


@job_task("lti.tasks.roster_sync", time_limit=300)
def roster_sync(sync_id: int) -> bool:
    ran = jobs.roster_sync_run(sync_id=sync_id)
    jobs.retry_later(RosterSync.objects.get(pk=sync_id), roster_sync)
    return ran


@job_task("lti.tasks.grade_passback", time_limit=120)
def grade_passback(passback_id: int) -> bool:
    ran = jobs.grade_passback_run(passback_id=passback_id)
    jobs.retry_later(GradePassback.objects.get(pk=passback_id), grade_passback)
    return ran


register_job(RosterSync, roster_sync)
register_job(GradePassback, grade_passback)
