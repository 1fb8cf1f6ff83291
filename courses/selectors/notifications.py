"""Course notifications still owed: their rows say so (``publish_notified_at``,
``release_notified_at``), and the jobs sweeper sends again the ones whose message a
broker outage lost. Only recent ones: an older release or publication is not announced."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import Assignment, PeerReviewSettings, Submission

OWED_FOR = dt.timedelta(days=2)
BATCH = 500


def _recent(field: str, before: dt.datetime) -> dict:
    """``field`` before ``before`` and within OWED_FOR."""
    return {f"{field}__lt": before, f"{field}__gte": timezone.now() - OWED_FOR}


def assignments_publish_unannounced(before: dt.datetime) -> list[tuple[int]]:
    rows = Assignment.objects.filter(
        publish_notified_at__isnull=True, **_recent("published_at", before)
    )
    return [(pk,) for pk in rows.order_by("published_at").values_list("pk", flat=True)[:BATCH]]


def grades_release_unannounced(before: dt.datetime) -> list[tuple[list[int]]]:
    rows = Submission.objects.filter(
        release_notified_at__isnull=True, **_recent("released_at", before)
    )
    return [([pk],) for pk in rows.order_by("released_at").values_list("pk", flat=True)[:BATCH]]


def peer_reviews_release_unannounced(before: dt.datetime) -> list[tuple[int]]:
    rows = PeerReviewSettings.objects.filter(
        release_notified_at__isnull=True, **_recent("released_at", before)
    )
    ids = rows.order_by("released_at").values_list("assignment_id", flat=True)[:BATCH]
    return [(assignment_id,) for assignment_id in ids]
