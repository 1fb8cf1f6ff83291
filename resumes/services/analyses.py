"""Match analyses (C3) and fit ranking (C8): requested, cached, run in Celery."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careercopilot import ai
from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import (
    UserFacingError,
    enqueue,
    reset_for_retry,
    run_job,
    set_progress,
)

from .. import quotas
from ..models import AnalysisKind, MatchAnalysis, ResumeVersion
from .inputs import job_input, resume_input

__all__ = [
    "analysis_request",
    "analysis_retry",
    "analysis_run_now",
    "cache_key_for",
    "clean_job_description",
    "fit_ranking_refresh",
]


CACHE_SECONDS = 7 * 24 * 60 * 60
MIN_JD_CHARS = 50


def clean_job_description(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError("Paste the job description: it is empty.")
    if len(text) < MIN_JD_CHARS:
        raise ValidationError(
            f"This job description is {len(text)} characters long; paste the full posting "
            f"(at least {MIN_JD_CHARS})."
        )
    limit = settings.JOB_DESCRIPTION_MAX_CHARS
    if len(text) > limit:
        raise ValidationError(
            f"This job description is {len(text):,} characters long; the limit is {limit:,}. "
            "Paste only the role's description and requirements."
        )
    return text


def cache_key_for(*, version: ResumeVersion, job_description: str, engine: str) -> str:
    jd_hash = hashlib.sha256(job_description.encode()).hexdigest()
    raw = f"{version.text_sha256}|{jd_hash}|{engine}|{ai.engine_version(engine)}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _cached_result(user, key: str) -> dict | None:
    found = cache.get(f"resumes:analysis:{key}")
    if found is not None:
        return found
    row = (
        MatchAnalysis.objects.filter(user=user, cache_key=key, state=JobState.DONE)
        .exclude(result={})
        .order_by("-finished_at")
        .values("result", "engine", "model_name", "engine_note")
        .first()
    )
    return dict(row) if row is not None else None


def analysis_request(
    *,
    user,
    version: ResumeVersion,
    job_description: str,
    job_title: str = "",
    company: str = "",
    application=None,
    kind: str = AnalysisKind.MATCH,
    engine: str | None = None,
) -> MatchAnalysis:
    """A new analysis row: done at once from the cache, or queued (and metered)."""
    if not version.has_text:
        raise ValidationError("This resume version has no readable text yet.")
    if application is not None and application.user_id != user.pk:
        raise ValidationError("Unknown application.")
    job_description = clean_job_description(job_description)
    engine = engine or ai.engine_for("match", user=user)
    key = cache_key_for(version=version, job_description=job_description, engine=engine)
    row = MatchAnalysis(
        user=user,
        version=version,
        application=application,
        kind=kind,
        job_title=job_title[:200],
        company=company[:200],
        job_description=job_description,
        cache_key=key,
        requested_engine=engine,
    )
    cached = _cached_result(user, key)
    with transaction.atomic():
        if cached:
            _fill(row, cached)
            row.from_cache = True
            row.state = JobState.DONE
            row.progress = 100
            row.started_at = row.finished_at = timezone.now()
            row.save()
            return row
        quotas.consume(user=user, feature=quotas.AI_ANALYSES)
        row.save()
        enqueue(row)
    return row


def _fill(row: MatchAnalysis, data: dict) -> None:
    row.result = data["result"]
    row.score = data["result"].get("score")
    row.engine = data.get("engine", "")
    row.model_name = data.get("model_name", "")
    row.engine_note = data.get("engine_note", "")
    if not row.job_title:
        row.job_title = (data["result"].get("facts") or {}).get("job_title", "")[:200]


def analysis_run_now(*, analysis_id: int) -> None:
    def work(row: MatchAnalysis) -> None:
        if not row.version.has_text:
            raise UserFacingError(
                "We could not read text in this resume, so there is nothing to analyse."
            )
        set_progress(row, 40)
        outcome = ai.match(
            user=row.user,
            engine=row.requested_engine,
            resume=resume_input(row.version),
            job=job_input(row),
        )
        data = {
            "result": outcome.result.model_dump(mode="json"),
            "engine": outcome.engine,
            "model_name": outcome.model[:80],
            "engine_note": outcome.note[:300],
        }
        _fill(row, data)
        if not outcome.fallback:  # a fallback is not what was asked for: don't cache it
            cache.set(f"resumes:analysis:{row.cache_key}", data, CACHE_SECONDS)

    run_job(MatchAnalysis, analysis_id, work)


def analysis_retry(*, analysis: MatchAnalysis) -> None:
    with transaction.atomic():
        reset_for_retry(analysis)
        enqueue(analysis)


def fit_ranking_refresh(*, user) -> int:
    """Queues a fit analysis for each saved application with a description (C8)."""
    from tracker.models import Status

    from ..selectors import default_version, user_applications

    version = default_version(user)
    if version is None:
        raise ValidationError(
            "Upload a resume first: fit ranking compares jobs to your default resume."
        )
    queued = 0
    for app in user_applications(user).filter(status=Status.SAVED):
        if len((app.description or "").strip()) < MIN_JD_CHARS:
            continue
        key = cache_key_for(
            version=version,
            job_description=app.description.strip(),
            engine=ai.engine_for("match", user=user),
        )
        if MatchAnalysis.objects.filter(
            user=user,
            application=app,
            cache_key=key,
            state__in=[JobState.DONE, JobState.PENDING, JobState.RUNNING],
        ).exists():
            continue
        analysis_request(
            user=user,
            version=version,
            job_description=app.description[: settings.JOB_DESCRIPTION_MAX_CHARS],
            job_title=app.position,
            company=app.company,
            application=app,
            kind=AnalysisKind.FIT,
        )
        queued += 1
    return queued
