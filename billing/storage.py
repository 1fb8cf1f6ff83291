"""Per-user storage: the one place that adds up the stored files a user owns, and the one
check that refuses an upload which would go past the user's allowance.

Two allowances, shown on the billing page:

- "Your files": resume versions and tracker exports, against the plan's ``storage_bytes``.
- "Course work": a student's submission files, videos included (a video's original is its
  submission file), against ``COURSE_WORK_STORAGE_BYTES``, the same on every plan.

Not counted: what the site derives from those (previews, video renditions, thumbnails),
material staff attach to assignments (the course's, not a person's), cover letter downloads
(built on request, never stored) and data exports (deleted after 24 hours).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from .plans import COURSE_WORK_STORAGE_BYTES, Plan, format_bytes
from .selectors import plan_for_user

logger = logging.getLogger(__name__)

YOUR_FILES = "files"
COURSE_WORK = "course_work"
LABELS = {YOUR_FILES: "Your files", COURSE_WORK: "Course work"}
# A stored object never changes under its name (uploads get fresh names), so its size is
# cached for as long as the cache keeps it.
SIZE_CACHE_SECONDS = 30 * 24 * 60 * 60
LOCK_NAMESPACE = 7301  # pg_advisory_xact_lock(namespace, user id): one upload at a time


class StorageFull(ValidationError):
    """An upload that would take the user past a storage allowance; nothing was stored."""


@dataclass(frozen=True)
class StorageLine:
    area: str
    used: int
    limit: int

    @property
    def label(self) -> str:
        return LABELS[self.area]

    @property
    def text(self) -> str:
        """ "1.2 GB of 2 GB" """
        return f"{format_bytes(self.used)} of {format_bytes(self.limit)}"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.limit)) if self.limit else 100

    @property
    def full(self) -> bool:
        return self.used >= self.limit


def storage_used(user) -> dict[str, int]:
    """Bytes stored for the user, per allowance."""
    from courses.models import SubmissionFile
    from resumes.models import ResumeVersion
    from tracker.models import ExportJob

    resumes = ResumeVersion.objects.filter(resume__user=user).aggregate(n=Sum("size_bytes"))["n"]
    exports = ExportJob.objects.filter(user=user).exclude(file="").values_list("file", flat=True)
    storage = ExportJob._meta.get_field("file").storage
    course_work = SubmissionFile.objects.filter(submission__student=user).aggregate(
        n=Sum("size_bytes")
    )["n"]
    return {
        YOUR_FILES: (resumes or 0) + _stored_sizes(storage, list(exports)),
        COURSE_WORK: course_work or 0,
    }


def _stored_sizes(storage, names: list[str]) -> int:
    """The total size of stored objects whose size no row records (read once, then cached)."""
    keys = {
        name: "billing:storage:size:" + hashlib.sha256(name.encode()).hexdigest() for name in names
    }
    known = cache.get_many(keys.values())
    total = 0
    for name, key in keys.items():
        if key in known:
            total += known[key]
            continue
        try:
            size = storage.size(name)
        except Exception:  # missing or unreachable: counts nothing now, asked again next time
            logger.warning("storage: no size for a stored export; counted as 0")
            continue
        cache.set(key, size, SIZE_CACHE_SECONDS)
        total += size
    return total


def storage_usage(user, *, plan: Plan | None = None) -> list[StorageLine]:
    """The user's allowances with what they use; course work only for those who have any
    course to hand work in to."""
    from courses.models import Enrollment

    used = storage_used(user)
    plan = plan or plan_for_user(user)
    lines = [StorageLine(YOUR_FILES, used[YOUR_FILES], plan.storage_bytes)]
    if used[COURSE_WORK] or Enrollment.objects.filter(user=user).exists():
        lines.append(StorageLine(COURSE_WORK, used[COURSE_WORK], COURSE_WORK_STORAGE_BYTES))
    return lines


def storage_check(*, user, adding: int, area: str = YOUR_FILES) -> None:
    """Raises StorageFull when ``adding`` more bytes would go past the allowance.

    Inside a transaction on PostgreSQL, the user's uploads are checked one at a time until
    it ends, so two parallel uploads cannot both take the last free space.
    """
    if area not in LABELS:
        raise ValueError(f"Unknown storage area {area!r}.")
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, user.pk])
    used = storage_used(user)[area]
    plan = plan_for_user(user)
    limit = plan.storage_bytes if area == YOUR_FILES else COURSE_WORK_STORAGE_BYTES
    if used + adding <= limit:
        return
    if area == YOUR_FILES:
        advice = (
            f"of the {format_bytes(limit)} your {plan.name} plan includes. Delete resumes you "
            "no longer need, or upgrade your plan for more."
        )
    else:
        advice = (
            f"of the {format_bytes(limit)} each student has for course work. Remove draft "
            "files you no longer need, or ask your instructor."
        )
    raise StorageFull(
        f"This file ({format_bytes(adding)}) does not fit in your storage: you use "
        f"{format_bytes(used)} {advice}",
        code="storage_full",
    )


__all__ = [
    "COURSE_WORK",
    "YOUR_FILES",
    "StorageFull",
    "StorageLine",
    "storage_check",
    "storage_usage",
    "storage_used",
]
