"""Uploading resumes, their versions, the default resume, and extraction."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from billing.storage import storage_check
from careercopilot import ai
from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import (
    UserFacingError,
    enqueue,
    reset_for_retry,
    run_job,
    set_progress,
)
from careercopilot.storage import STORAGE_ERRORS, STORAGE_UNAVAILABLE

from .. import quotas
from ..extraction import ExtractionError, extract
from ..extraction.validation import validate_upload
from ..models import Resume, ResumeVersion
from .inputs import resume_input

__all__ = [
    "resume_delete",
    "resume_rename",
    "resume_set_default",
    "resume_upload",
    "version_extract_run",
    "version_retry",
]


MAX_NAME = 120


def resume_upload(*, user, name: str, filename: str, data: bytes) -> ResumeVersion:
    """Stores a new version under `name` (a new resume if the name is new) and queues
    extraction. Raises ValidationError, with nothing stored, for a file we refuse."""
    sniffed = validate_upload(data)
    name = (name or "").strip()[:MAX_NAME] or _name_from(filename)
    with transaction.atomic():
        quotas.consume(user=user, feature=quotas.RESUMES)
        storage_check(user=user, adding=len(data))
        resume = Resume.objects.select_for_update().filter(user=user, name=name).first()
        if resume is None:
            is_first = not Resume.objects.filter(user=user).exists()
            resume = Resume.objects.create(user=user, name=name, is_default=is_first)
        number = (resume.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ResumeVersion(
            resume=resume,
            number=number,
            file_kind=sniffed.kind,
            original_filename=filename[:255],
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            page_count=sniffed.page_count,
        )
        try:
            version.file.save("upload", ContentFile(data), save=False)
        except STORAGE_ERRORS as exc:  # the rows above roll back with this error
            raise ValidationError(STORAGE_UNAVAILABLE) from exc
        version.save()
        resume.save(update_fields=["updated_at"])
        enqueue(version)
    return version


def _name_from(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ").strip()
    return (stem or "My resume")[:MAX_NAME]


def version_extract_run(*, version_id: int) -> None:
    def work(version: ResumeVersion) -> None:
        with version.file.open("rb") as handle:
            data = handle.read()
        set_progress(version, 30)
        try:
            found = extract(data, version.file_kind)
        except ExtractionError as exc:
            raise UserFacingError(str(exc)) from exc
        set_progress(version, 80)
        version.text = found.text
        version.text_sha256 = hashlib.sha256(found.text.encode()).hexdigest()
        version.sections = found.sections
        version.skills = found.skills
        version.page_count = found.page_count
        version.ocr_pages = found.ocr_pages
        version.extraction_ms = found.elapsed_ms
        version.state = JobState.DONE  # so resume_input sees the text
        version.quality = ai.quality(
            user=version.resume.user, resume=resume_input(version)
        ).result.model_dump()

    run_job(ResumeVersion, version_id, work)


def version_retry(*, version: ResumeVersion) -> None:
    with transaction.atomic():
        reset_for_retry(version)
        enqueue(version)


def resume_set_default(*, resume: Resume) -> None:
    with transaction.atomic():
        Resume.objects.filter(user=resume.user, is_default=True).exclude(pk=resume.pk).update(
            is_default=False
        )
        resume.is_default = True
        resume.save(update_fields=["is_default", "updated_at"])


def resume_rename(*, resume: Resume, name: str) -> None:
    name = name.strip()[:MAX_NAME]
    if not name:
        raise ValidationError("Give the resume a name.")
    if Resume.objects.filter(user=resume.user, name=name).exclude(pk=resume.pk).exists():
        raise ValidationError("You already have a resume with this name.")
    resume.name = name
    resume.save(update_fields=["name", "updated_at"])


def resume_delete(*, resume: Resume) -> None:
    """Deletes the resume, its versions and their stored files (after commit)."""
    files = [v.file.name for v in resume.versions.all() if v.file]
    storage = ResumeVersion._meta.get_field("file").storage
    was_default = resume.is_default
    user = resume.user
    with transaction.atomic():
        resume.delete()
        if was_default:
            successor = Resume.objects.filter(user=user).order_by("-updated_at").first()
            if successor:
                successor.is_default = True
                successor.save(update_fields=["is_default"])
        transaction.on_commit(lambda: _delete_files(storage, files))


def _delete_files(storage, names) -> None:
    for name in names:
        storage.delete(name)
