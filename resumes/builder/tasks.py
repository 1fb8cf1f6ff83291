"""The builder's one job task (LinkedIn import, tailoring, export), on the `ai` queue."""

from __future__ import annotations

from careercopilot.jobs.registry import register_job
from careercopilot.jobs.tasks import job_task

from . import services
from .models import BuilderJob


@job_task("resumes.tasks.builder_job_run", time_limit=300)
def builder_job_run(job_id: int) -> None:
    services.builder_job_run(job_id=job_id)


register_job(
    BuilderJob,
    builder_job_run,
    failure_message="This did not finish because of an error on our side. Please retry.",
)
