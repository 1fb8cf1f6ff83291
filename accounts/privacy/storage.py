"""Deleting stored objects until the storage confirms each one is gone."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.utils import timezone

from ..models import StoredObjectDeletion

logger = logging.getLogger(__name__)

BATCH = 200


def stored_objects_delete(*, storage=None, batch: int = BATCH) -> int:
    """Deletes queued objects; a row goes only once the object no longer exists. Returns
    how many rows remain (the task retries while any do)."""
    storage = storage or default_storage
    for row in StoredObjectDeletion.objects.order_by("last_tried_at", "pk")[:batch]:
        try:
            storage.delete(row.name)
            gone = not storage.exists(row.name)
            error = "" if gone else "the object still exists after deletion"
        except Exception as exc:  # the storage is unreachable or refused: try again later
            gone, error = False, type(exc).__name__
        if gone:
            row.delete()
            continue
        logger.warning("stored object not deleted yet (row %s): %s", row.pk, error)
        StoredObjectDeletion.objects.filter(pk=row.pk).update(
            attempts=row.attempts + 1, last_error=error, last_tried_at=timezone.now()
        )
    return StoredObjectDeletion.objects.count()
