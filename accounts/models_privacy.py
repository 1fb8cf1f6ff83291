"""Rows behind A6: a data export being built or waiting for download, and stored objects
queued for deletion until the storage confirms each one is gone."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from careercopilot.jobs.models import Job


def data_export_upload_to(instance: DataExport, filename: str) -> str:
    return f"privacy/exports/{uuid.uuid4().hex}.zip"


class DataExport(Job):
    """A ZIP of everything a user owns, built by a Celery task; downloadable for 24 hours."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    file = models.FileField(upload_to=data_export_upload_to, blank=True, max_length=200)
    size_bytes = models.PositiveBigIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.state})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return bool(self.file) and not self.is_expired


class StoredObjectDeletion(models.Model):
    """A stored object (S3 key or local path) that must be deleted; the row goes once the
    storage confirms the object no longer exists."""

    name = models.CharField(max_length=500)
    reason = models.CharField(max_length=40)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_tried_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"delete {self.name}"
