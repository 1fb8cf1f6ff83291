"""Data export rows: requested on the privacy page, built by a task, downloadable for
24 hours, then deleted from storage."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import (
    UserFacingError,
    enqueue,
    reset_for_retry,
    run_job,
    set_progress,
)

from ..models import DataExport, StoredObjectDeletion

EXPORT_TTL = timedelta(hours=getattr(settings, "ACCOUNTS_DATA_EXPORT_TTL_HOURS", 24))
ACTIVE = (JobState.PENDING, JobState.RUNNING)


def data_export_request(*, user, request=None) -> DataExport:
    """Queues a new export, or returns the one already being built."""
    from .. import audit

    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one at a time
        current = DataExport.objects.filter(user=user, state__in=ACTIVE).first()
        if current:
            return current
        export = DataExport.objects.create(user=user)
        audit.record(
            audit.AuditAction.DATA_EXPORT_REQUESTED,
            actor=user,
            subject=user,
            request=request,
            obj=export,
        )
        enqueue(export)
    return export


def data_export_retry(*, export: DataExport) -> None:
    try:
        reset_for_retry(export)
    except UserFacingError:
        return
    enqueue(export)


def data_export_run(export_id: int) -> None:
    from ..services import notify
    from .export import build_into

    def work(export: DataExport) -> None:
        build_into(export, progress=lambda pct: set_progress(export, pct))
        export.expires_at = timezone.now() + EXPORT_TTL
        export.save(update_fields=["file", "size_bytes", "file_count", "expires_at"])
        until = timezone.localtime(export.expires_at).strftime("%-d %b %Y, %H:%M %Z")
        notify(
            user=export.user,
            title="Your data is ready to download",
            body=f"The download stays available for 24 hours, until {until}.",
            url=reverse("accounts:privacy"),
        )

    run_job(DataExport, export_id, work)


def data_export_for_download(*, user, pk: int, request=None) -> DataExport:
    """The user's own finished export, still within its 24 hours; 404 otherwise."""
    from .. import audit

    export = DataExport.objects.filter(user=user, pk=pk, state=JobState.DONE).first()
    if export is None or not export.file:
        raise Http404("No such download.")
    if export.is_expired:
        raise Http404("This download has expired.")
    DataExport.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())
    audit.record(
        audit.AuditAction.DATA_EXPORT_DOWNLOADED,
        actor=user,
        subject=user,
        request=request,
        obj=export,
    )
    return export


def data_exports_expire(*, now=None) -> int:
    """Beat: exports past their 24 hours lose their file (queued for deletion)."""
    from .. import tasks

    now = now or timezone.now()
    expired = DataExport.objects.filter(expires_at__lte=now).exclude(file="")
    count = 0
    with transaction.atomic():
        for export in expired.select_for_update(skip_locked=True):
            StoredObjectDeletion.objects.create(name=export.file.name, reason="export expired")
            DataExport.objects.filter(pk=export.pk).update(file="")
            count += 1
    if count:
        from careercopilot.queueing import send_on_commit

        send_on_commit(tasks.stored_objects_delete)
    return count
