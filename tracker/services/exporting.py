"""Exports: CSV for spreadsheets, JSON with the full history. Built by a Celery task
(a job row, ``careercopilot.jobs``)."""

from __future__ import annotations

import csv
import io
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from careercopilot.jobs.runner import enqueue, reset_for_retry, run_job, set_progress

from ..csv_format import spreadsheet_safe
from ..models import Application, Contact, ExportJob, Interview, StatusChange, Tag

__all__ = [
    "build_csv",
    "export_request",
    "export_retry",
    "export_run",
]


CSV_COLUMNS = [
    ("Company", "company"),
    ("Position", "position"),
    ("Status", "status_label"),
    ("Posting URL", "posting_url"),
    ("Location", "location"),
    ("Work mode", "work_mode"),
    ("Salary min", "salary_min"),
    ("Salary max", "salary_max"),
    ("Currency", "salary_currency"),
    ("Source", "source"),
    ("Applied on", "applied_on"),
    ("Deadline", "deadline"),
    ("Excitement", "excitement"),
    ("Tags", "tag_names"),
    ("Notes", "notes"),
    ("Job description", "description"),
    ("Archived", "archived"),
    ("Created", "created_at"),
]
BATCH = 500


@transaction.atomic
def export_request(*, user, format: str, include_archived: bool = False) -> ExportJob:
    """Creates the job row and queues the task once the row is committed."""
    job = ExportJob.objects.create(user=user, format=format, include_archived=include_archived)
    enqueue(job)
    return job


def _applications(job: ExportJob):
    qs = Application.objects.filter(user=job.user)
    if not job.include_archived:
        qs = qs.filter(archived_at__isnull=True)
    prefetches: list[Prefetch] = [Prefetch("tags", queryset=Tag.objects.order_by("name"))]
    if job.format == ExportJob.Format.JSON:
        prefetches += [
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
            Prefetch("interviews", queryset=Interview.objects.order_by("starts_at")),
            Prefetch("contacts", queryset=Contact.objects.order_by("name")),
        ]
    return qs.order_by("created_at", "id").prefetch_related(*prefetches)


def _row(application: Application) -> dict:
    return {
        "company": application.company,
        "position": application.position,
        "status": application.status,
        "status_label": application.get_status_display(),
        "posting_url": application.posting_url,
        "location": application.location,
        "work_mode": application.work_mode,
        "salary_min": application.salary_min,
        "salary_max": application.salary_max,
        "salary_currency": application.salary_currency,
        "source": application.source,
        "applied_on": application.applied_on.isoformat() if application.applied_on else "",
        "deadline": application.deadline.isoformat() if application.deadline else "",
        "excitement": application.excitement,
        "tag_names": ", ".join(t.name for t in application.tags.all()),
        "notes": application.notes,
        "description": application.description,
        "archived": "yes" if application.archived_at else "",
        "created_at": application.created_at.isoformat(),
    }


def build_csv(job: ExportJob, progress) -> tuple[bytes, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for header, _ in CSV_COLUMNS])
    total = 0
    for application in _applications(job).iterator(chunk_size=BATCH):
        row = _row(application)
        writer.writerow([spreadsheet_safe(row[key]) for _, key in CSV_COLUMNS])
        total += 1
        progress(total)
    # The BOM makes Excel read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), total


def build_json(job: ExportJob, progress) -> tuple[bytes, int]:
    items = []
    for application in _applications(job).iterator(chunk_size=BATCH):
        item = _row(application)
        item.pop("status_label")
        item["tags"] = item.pop("tag_names").split(", ") if item["tag_names"] else []
        item["archived"] = bool(application.archived_at)
        item["timeline"] = [
            {
                "from": c.from_status,
                "to": c.to_status,
                "at": c.changed_at.isoformat(),
                "note": c.note,
            }
            for c in application.status_changes.all()
        ]
        item["interviews"] = [
            {
                "type": i.kind,
                "starts_at": i.starts_at.isoformat(),
                "ends_at": i.ends_at.isoformat(),
                "location": i.location,
                "meeting_url": i.meeting_url,
                "notes": i.notes,
            }
            for i in application.interviews.all()
        ]
        item["contacts"] = [
            {
                "name": c.name,
                "role": c.role,
                "company": c.company,
                "email": c.email,
                "phone": c.phone,
            }
            for c in application.contacts.all()
        ]
        items.append(item)
        progress(len(items))
    payload = {"exported_at": timezone.now().isoformat(), "applications": items}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"), len(items)


def export_run(*, job_id: int) -> bool:
    """Builds the file for a job. Idempotent: a finished job is left as it is."""

    def work(job: ExportJob) -> None:
        total = max(_applications(job).count(), 1)

        def progress(done: int) -> None:
            if done % BATCH == 0:
                set_progress(job, min(99, 100 * done // total))

        builder = build_json if job.format == ExportJob.Format.JSON else build_csv
        content, rows = builder(job, progress)
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        job.file.save(f"applications-{stamp}.{job.format}", ContentFile(content), save=False)
        job.row_count = rows

    return run_job(ExportJob, job_id, work)


@transaction.atomic
def export_retry(*, job: ExportJob) -> ExportJob:
    reset_for_retry(job)
    enqueue(job)
    return job
