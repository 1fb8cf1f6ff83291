"""Everything that changes a structured resume: create, import, save a section, undo,
tailor for an application, decide on proposals, export, and record what was sent."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from careercopilot import ai
from careercopilot.ai.local import tailor
from careercopilot.ai.schemas import TailorInput
from careercopilot.jobs.runner import UserFacingError, enqueue, reset_for_retry, run_job
from careercopilot.pdfpages import render_page
from careercopilot.storage import STORAGE_ERRORS, STORAGE_UNAVAILABLE

from . import importers, render
from .models import BuilderJob, BuiltResume, ResumeRevision, SentResume
from .schema import ITEM_MODELS, DocumentInvalid, validate

MAX_NAME = 120
PREVIEW_DPI = 110
PREVIEW_MAX_PIXELS = 4_000_000  # an A4 page at 110 dpi is 1.2 Mpx
KEEP_REVISIONS = 50


def _unique_name(user, name: str) -> str:
    name = (name or "").strip()[:MAX_NAME] or "My resume"
    taken = set(BuiltResume.objects.filter(user=user).values_list("name", flat=True))
    candidate, n = name, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = name[: MAX_NAME - len(suffix)] + suffix, n + 1
    return candidate


def _revise(resume: BuiltResume, note: str) -> None:
    resume.revision += 1
    resume.updated_at = timezone.now()
    ResumeRevision.objects.create(
        resume=resume, number=resume.revision, document=resume.document, note=note[:200]
    )
    stale = resume.revisions.order_by("-number").values_list("pk", flat=True)[KEEP_REVISIONS:]
    ResumeRevision.objects.filter(pk__in=list(stale)).delete()


@transaction.atomic
def built_create(
    *,
    user,
    name: str,
    document: dict | None = None,
    source: str = BuiltResume.Source.SCRATCH,
    base: BuiltResume | None = None,
    application=None,
    proposals: list | None = None,
    tailor_report: dict | None = None,
) -> BuiltResume:
    try:
        document = validate(document or {"basics": {"name": user.get_full_name() or ""}})
    except DocumentInvalid as exc:
        raise ValidationError(exc.errors) from None
    resume = BuiltResume(
        user=user,
        name=_unique_name(user, name),
        document=document,
        source=source,
        base=base,
        application=application,
        proposals=proposals or [],
        tailor_report=tailor_report or {},
    )
    resume.save()
    _revise(resume, "Created")
    resume.save(update_fields=["revision", "updated_at"])
    return resume


def built_from_version(*, user, version) -> BuiltResume:
    """A draft from an uploaded version's extracted text, for the user to confirm."""
    if not version.has_text:
        raise ValidationError("This upload has no text yet; wait until it has been read.")
    document = importers.from_extracted(version.text, version.sections or {})
    return built_create(
        user=user,
        name=f"{version.resume.name} (structured)",
        document=document,
        source=BuiltResume.Source.UPLOAD,
        tailor_report={"unconfirmed": [s for s in document if s != "basics"] + ["basics"]},
    )


def built_import_json(*, user, name: str, data: bytes) -> BuiltResume:
    """Raises importers.ImportProblem (nothing stored) for a file that is not valid."""
    document = importers.from_json_resume(data)
    name = name or (document.get("basics") or {}).get("name") or "Imported resume"
    return built_create(
        user=user, name=name, document=document, source=BuiltResume.Source.JSON_RESUME
    )


def built_confirm_section(*, resume: BuiltResume, section: str) -> None:
    unconfirmed = [s for s in resume.tailor_report.get("unconfirmed", []) if s != section]
    resume.tailor_report = {**resume.tailor_report, "unconfirmed": unconfirmed}
    resume.save(update_fields=["tailor_report"])


@transaction.atomic
def built_save_section(*, resume: BuiltResume, section: str, value) -> BuiltResume:
    """Replaces one section (``basics`` or a list section); ValidationError lists what is
    wrong, and nothing is saved then."""
    if section != "basics" and section not in ITEM_MODELS:
        raise ValidationError(f"Unknown section {section!r}.")
    resume = BuiltResume.objects.select_for_update().get(pk=resume.pk)
    document = copy.deepcopy(resume.document)
    if value in (None, [], {}):
        document.pop(section, None)
    else:
        document[section] = value
    try:
        document = validate(document)
    except DocumentInvalid as exc:
        raise ValidationError(exc.errors) from None
    if document == resume.document:
        return resume
    resume.document = document
    if resume.is_tailored:
        resume.tailor_report = {**resume.tailor_report, "edited": True}
    _revise(resume, f"Edited {section}")
    resume.save(update_fields=["document", "revision", "updated_at", "tailor_report"])
    return resume


@transaction.atomic
def built_undo(*, resume: BuiltResume) -> bool:
    """Back to the document before the last save. False when there is nothing to undo."""
    resume = BuiltResume.objects.select_for_update().get(pk=resume.pk)
    revisions = list(resume.revisions.order_by("-number")[:2])
    if len(revisions) < 2:
        return False
    revisions[0].delete()
    resume.document = revisions[1].document
    resume.revision = revisions[1].number
    resume.updated_at = timezone.now()
    resume.save(update_fields=["document", "revision", "updated_at"])
    return True


def built_rename(*, resume: BuiltResume, name: str) -> None:
    name = (name or "").strip()[:MAX_NAME]
    if not name:
        raise ValidationError("Give the resume a name.")
    if BuiltResume.objects.filter(user=resume.user, name=name).exclude(pk=resume.pk).exists():
        raise ValidationError("You already have a resume with this name.")
    resume.name = name
    resume.save(update_fields=["name"])


def built_delete(*, resume: BuiltResume) -> None:
    files = [j.output_file.name for j in resume.jobs.all() if j.output_file]
    storage = BuilderJob._meta.get_field("output_file").storage
    with transaction.atomic():
        resume.delete()
        transaction.on_commit(lambda: _delete_stored(storage, files))


def _delete_stored(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _resume_of(job: BuilderJob) -> BuiltResume:
    if job.resume is None:
        raise ValidationError("The resume was deleted before this could run.")
    return job.resume


# --- Background jobs: LinkedIn import, tailoring, export ------------------------------------
def _job(**fields) -> BuilderJob:
    job = BuilderJob(**fields)
    job.save()
    enqueue(job)
    return job


def linkedin_import_request(*, user, name: str, data: bytes) -> BuilderJob:
    if not data.startswith(b"PK"):
        raise ValidationError("This is not a ZIP file. Upload the ZIP LinkedIn sent you.")
    if len(data) > importers.MAX_ZIP_BYTES:
        raise ValidationError("This file is larger than 10 MB. Upload the export's ZIP as is.")
    with transaction.atomic():
        job = BuilderJob(user=user, kind=BuilderJob.Kind.LINKEDIN, result={"name": name})
        try:
            job.source_file.save("linkedin.zip", ContentFile(data), save=False)
        except STORAGE_ERRORS as exc:
            raise ValidationError(STORAGE_UNAVAILABLE) from exc
        job.save()
        enqueue(job)
    return job


def tailor_request(*, user, base: BuiltResume, application) -> BuilderJob:
    if base.is_tailored:
        raise ValidationError("Tailor your base resume, not a tailored version.")
    if not (application.description or "").strip():
        raise ValidationError(
            "This application has no job description: add the posting's text to tailor."
        )
    with transaction.atomic():
        return _job(
            user=user,
            kind=BuilderJob.Kind.TAILOR,
            resume=base,
            application=application,
            requested_engine=ai.engine_for("resume_tailor", user=user),
        )


def export_request(*, user, resume: BuiltResume, fmt: str, template: str) -> BuilderJob:
    if fmt not in BuilderJob.Format.values or template not in render.TEMPLATES:
        raise ValidationError("Choose PDF or DOCX and one of the templates.")
    with transaction.atomic():
        return _job(
            user=user,
            kind=BuilderJob.Kind.EXPORT,
            resume=resume,
            export_format=fmt,
            template=template,
            result={"revision": resume.revision},
        )


def builder_job_run(*, job_id: int) -> None:
    def work(job: BuilderJob):
        if job.kind == BuilderJob.Kind.LINKEDIN:
            return _run_linkedin(job)
        if job.kind == BuilderJob.Kind.TAILOR:
            return _run_tailor(job)
        return _run_export(job)

    run_job(BuilderJob, job_id, work)


def _run_linkedin(job: BuilderJob):
    with job.source_file.open("rb") as handle:
        data = handle.read()
    try:
        document = importers.from_linkedin_zip(data)
    except importers.ImportProblem as exc:
        detail = "; ".join(exc.errors[:5])
        raise UserFacingError(f"{exc} {detail}".strip()) from exc
    name = job.result.get("name") or (document.get("basics") or {}).get("name") or "LinkedIn"

    def save() -> None:
        resume = built_create(
            user=job.user, name=name, document=document, source=BuiltResume.Source.LINKEDIN
        )
        BuilderJob.objects.filter(pk=job.pk).update(resume=resume, source_file="")
        # The export holds more than the resume (messages, connections): not kept.
        stored, storage = job.source_file.name, job.source_file.storage
        transaction.on_commit(lambda: storage.delete(stored))

    return save


def tailor_propose(*, user, base: BuiltResume, application, engine: str | None = None) -> dict:
    """Runs the tailoring engine on a snapshot of the base: what a tailored version holds."""
    snapshot = copy.deepcopy(base.document)
    outcome = ai.resume_tailor(
        inp=TailorInput(
            document=snapshot, title=application.position, description=application.description
        ),
        user=user,
        engine=engine,
    )
    note = " ".join(n for n in (outcome.note, outcome.result.note) if n)
    all_accepted = tailor.apply(
        snapshot, [{**p, "status": tailor.ACCEPTED} for p in outcome.result.proposals]
    )
    scores = {
        "before": match_score(user=user, document=snapshot, application=application),
        "all_accepted": match_score(user=user, document=all_accepted, application=application),
    }
    return {
        "name": f"{base.name} for {application.company}",
        "document": snapshot,
        "proposals": outcome.result.proposals,
        "tailor_report": {
            "base": snapshot,
            "dropped": outcome.result.dropped,
            "engine": outcome.engine,
            "note": note,
            "scores": scores,
        },
    }


def match_score(*, user, document: dict, application) -> int:
    """The local engine's match score of the document (as its export reads) to the job."""
    from careercopilot.ai.local.sections import split_sections
    from careercopilot.ai.schemas import JobInput, ResumeInput

    text = "\n".join(line for _, line in render.blocks(document))
    outcome = ai.match(
        resume=ResumeInput(text=text, sections=split_sections(text)),
        job=JobInput(
            description=application.description,
            title=application.position,
            company=application.company,
        ),
        user=user,
        engine="local",
    )
    return outcome.result.score


def tailored_create(*, user, base: BuiltResume, application, proposed: dict) -> BuiltResume:
    return built_create(
        user=user,
        source=BuiltResume.Source.TAILORED,
        base=base,
        application=application,
        **proposed,
    )


def _run_tailor(job: BuilderJob):
    base = _resume_of(job)
    proposed = tailor_propose(
        user=job.user, base=base, application=job.application, engine=job.requested_engine
    )
    job.engine = proposed["tailor_report"]["engine"]
    job.engine_note = proposed["tailor_report"]["note"][:300]

    def save() -> None:
        version = tailored_create(
            user=job.user, base=base, application=job.application, proposed=proposed
        )
        BuilderJob.objects.filter(pk=job.pk).update(result={"tailored": version.pk})

    return save


def _first_page_png(data: bytes) -> bytes:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        pixmap = render_page(doc[0], dpi=PREVIEW_DPI, max_pixels=PREVIEW_MAX_PIXELS)
        return pixmap.tobytes("png")


def _run_export(job: BuilderJob):
    data = render.render(_resume_of(job).document, job.export_format, job.template)
    preview = _first_page_png(data) if job.export_format == BuilderJob.Format.PDF else b""
    try:
        job.output_file.save(f"resume.{job.export_format}", ContentFile(data), save=False)
        result = {**job.result, "bytes": len(data)}
        if preview:
            # Beside the export: same folder and name, a .png.
            name = job.output_file.name.rsplit(".", 1)[0] + ".png"
            result["preview"] = job.output_file.storage.save(name, ContentFile(preview))
    except STORAGE_ERRORS as exc:
        raise UserFacingError(STORAGE_UNAVAILABLE) from exc
    job.result = result


def builder_job_retry(*, job: BuilderJob) -> None:
    with transaction.atomic():
        reset_for_retry(job)
        enqueue(job)


# --- Proposals of a tailored version ---------------------------------------------------------
@transaction.atomic
def proposal_decide(*, resume: BuiltResume, proposal_id: str, accept: bool) -> BuiltResume:
    resume = BuiltResume.objects.select_for_update().get(pk=resume.pk)
    if not resume.is_tailored:
        raise ValidationError("Only a tailored version has proposed changes.")
    if resume.tailor_report.get("edited"):
        raise ValidationError(
            "You have edited this version since: its proposals are settled. Undo your edits "
            "or tailor again to review them."
        )
    proposals = [dict(p) for p in resume.proposals]
    match = next((p for p in proposals if p["id"] == proposal_id), None)
    if match is None:
        raise ValidationError("This proposal no longer exists.")
    match["status"] = tailor.ACCEPTED if accept else tailor.REJECTED
    resume.proposals = proposals
    resume.document = tailor.apply(resume.tailor_report["base"], proposals)
    _revise(resume, f"{'Accepted' if accept else 'Rejected'} a proposed change")
    resume.save(update_fields=["proposals", "document", "revision", "updated_at"])
    return resume


# --- What was sent ---------------------------------------------------------------------------
@transaction.atomic
def sent_record(*, application, resume: BuiltResume, cover_letter=None) -> SentResume:
    if resume.user_id != application.user_id:
        raise ValidationError("This resume is not yours.")
    if cover_letter is not None and cover_letter.user_id != application.user_id:
        raise ValidationError("This cover letter is not yours.")
    return SentResume.objects.create(
        application=application,
        resume=resume,
        cover_letter=cover_letter,
        resume_name=resume.name,
        revision=resume.revision,
        document=resume.document,
    )
