"""Ownership helpers (404 for anyone else's) and read queries of the resume builder."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from careercopilot.jobs.models import JobState
from tracker.models import RESPONSE_STATUSES, Application, StatusChange

from ..models import CoverLetter
from .models import BuilderJob, BuiltResume, SentResume


def get_built_for_user(user, pk: int) -> BuiltResume:
    return get_object_or_404(
        BuiltResume.objects.select_related("base", "application"), pk=pk, user=user
    )


def get_builder_job_for_user(user, pk: int) -> BuilderJob:
    return get_object_or_404(BuilderJob.objects.select_related("resume"), pk=pk, user=user)


def get_sent_for_user(user, pk: int) -> SentResume:
    return get_object_or_404(SentResume, pk=pk, application__user=user)


def letters_for_sending(user) -> QuerySet[CoverLetter]:
    """The user's finished cover letters, newest first, to record with a send."""
    return CoverLetter.objects.filter(user=user, state=JobState.DONE).order_by("-created_at")


def built_for_user(user) -> QuerySet[BuiltResume]:
    return BuiltResume.objects.filter(user=user).select_related("application", "base")


def bases_for_user(user) -> QuerySet[BuiltResume]:
    return built_for_user(user).exclude(source=BuiltResume.Source.TAILORED)


def applications_for_tailoring(user) -> QuerySet[Application]:
    return Application.objects.filter(user=user).exclude(description="").order_by("-id")


def exports_of(resume: BuiltResume) -> QuerySet[BuilderJob]:
    return resume.jobs.filter(kind=BuilderJob.Kind.EXPORT).order_by("-created_at")[:5]


def response_rate_by_version(user) -> list[dict]:
    """Per resume version sent: applications, those the employer answered (a step into a
    response status, as the tracker's analytics count it), and the rate. One query."""
    answered = StatusChange.objects.filter(
        application__user=user, to_status__in=RESPONSE_STATUSES
    ).values("application_id")
    rows = (
        SentResume.objects.filter(application__user=user)
        .values("resume_id", "resume_name")
        .annotate(
            sent=Count("application", distinct=True),
            responded=Count(
                "application",
                filter=Q(application_id__in=answered),
                distinct=True,
            ),
        )
        .order_by("-sent", "resume_name")
    )
    return [
        {**row, "rate": round(100 * row["responded"] / row["sent"]) if row["sent"] else 0}
        for row in rows
    ]
