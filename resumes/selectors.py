"""Read queries with names, and the ownership helpers every view uses (404 for others)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    ChatThread,
    CoverLetter,
    InterviewPrep,
    JobState,
    MatchAnalysis,
    PracticeAnswer,
    Resume,
    ResumeVersion,
)


def get_resume_for_user(user, pk: int) -> Resume:
    return get_object_or_404(Resume, pk=pk, user=user)


def get_version_for_user(user, pk: int) -> ResumeVersion:
    return get_object_or_404(
        ResumeVersion.objects.select_related("resume"), pk=pk, resume__user=user
    )


def get_analysis_for_user(user, pk: int) -> MatchAnalysis:
    return get_object_or_404(
        MatchAnalysis.objects.select_related("version__resume", "application"), pk=pk, user=user
    )


def get_letter_for_user(user, pk: int) -> CoverLetter:
    return get_object_or_404(CoverLetter.objects.select_related("application"), pk=pk, user=user)


def get_prep_for_user(user, pk: int) -> InterviewPrep:
    return get_object_or_404(InterviewPrep.objects.select_related("application"), pk=pk, user=user)


def get_answer_for_user(user, pk: int) -> PracticeAnswer:
    return get_object_or_404(PracticeAnswer.objects.select_related("prep"), pk=pk, prep__user=user)


def get_thread_for_user(user, pk: int) -> ChatThread:
    return get_object_or_404(ChatThread, pk=pk, user=user)


def resumes_for_user(user) -> QuerySet[Resume]:
    return Resume.objects.filter(user=user).prefetch_related(
        Prefetch("versions", queryset=ResumeVersion.objects.order_by("-number"))
    )


def default_version(user) -> ResumeVersion | None:
    """The latest readable version of the default resume (or of the newest resume)."""
    versions = ResumeVersion.objects.filter(resume__user=user, state=JobState.DONE).exclude(text="")
    return versions.order_by("-resume__is_default", "-resume__updated_at", "-number").first()


def ready_versions(user) -> QuerySet[ResumeVersion]:
    return (
        ResumeVersion.objects.filter(resume__user=user, state=JobState.DONE)
        .exclude(text="")
        .select_related("resume")
        .order_by("-resume__is_default", "resume__name", "-number")
    )


def user_applications(user):
    from tracker.models import Application

    return Application.objects.filter(user=user, archived_at__isnull=True).order_by("-created_at")


def get_application_for_user(user, pk):
    from tracker.models import Application

    return get_object_or_404(Application, pk=pk, user=user)


def documents_for_application(user, application) -> dict:
    """What the tracker's application page shows: analyses, letters and interview prep."""
    if application.user_id != user.pk:
        return {"analyses": [], "letters": [], "preps": []}
    return {
        "analyses": list(
            MatchAnalysis.objects.filter(user=user, application=application)
            .select_related("version__resume")
            .order_by("-created_at")[:10]
        ),
        "letters": list(
            CoverLetter.objects.filter(user=user, application=application).order_by("-created_at")[
                :10
            ]
        ),
        "preps": list(
            InterviewPrep.objects.filter(user=user, application=application).order_by(
                "-created_at"
            )[:5]
        ),
    }


def fit_ranking(user) -> list[tuple]:
    """Saved applications with the latest fit analysis against the default resume."""
    from tracker.models import Status

    version = default_version(user)
    apps = list(user_applications(user).filter(status=Status.SAVED))
    if not version:
        return [(app, None) for app in apps]
    latest: dict[int, MatchAnalysis] = {}
    for analysis in MatchAnalysis.objects.filter(
        user=user, version=version, application__in=apps
    ).order_by("created_at"):
        if analysis.application_id is not None:
            latest[analysis.application_id] = analysis
    rows = [(app, latest.get(app.pk)) for app in apps]
    return sorted(rows, key=lambda r: -(r[1].score if r[1] and r[1].score is not None else -1))


def get_message_for_user(user, pk: int):
    from .models import ChatMessage

    return get_object_or_404(ChatMessage.objects.select_related("thread"), pk=pk, thread__user=user)
