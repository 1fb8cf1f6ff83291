"""The new seeker's first-run checklist, each step ticked from their own data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    why: str
    url: str
    action: str
    done: bool


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]
    dismissed: bool

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return self.done_count == len(self.steps)

    @property
    def visible(self) -> bool:
        return not self.dismissed and not self.complete

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)


def onboarding_checklist(user) -> Checklist:
    """Four steps (resume, first application, first match, goal and reminders), in one query."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef, Subquery

    from resumes.models import MatchAnalysis, Resume

    from ..models import Application, SeekerPreferences

    prefs = SeekerPreferences.objects.filter(user=OuterRef("pk"))
    found: Mapping[str, Any] = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            has_resume=Exists(Resume.objects.filter(user=OuterRef("pk"))),
            has_application=Exists(Application.objects.filter(user=OuterRef("pk"))),
            has_match=Exists(MatchAnalysis.objects.filter(user=OuterRef("pk"))),
            saved_at=Subquery(prefs.values("saved_at")[:1]),
            dismissed_at=Subquery(prefs.values("onboarding_dismissed_at")[:1]),
        )
        .first()
    ) or {}
    steps = [
        Step(
            "resume",
            "Upload your resume",
            "Every match, cover letter and interview prep starts from it.",
            reverse("resumes:resume_list"),
            "Upload a resume",
            bool(found.get("has_resume")),
        ),
        Step(
            "application",
            "Add your first application",
            "Save a job you like: paste the posting, or import a spreadsheet.",
            reverse("tracker:capture"),
            "Add a job",
            bool(found.get("has_application")),
        ),
        Step(
            "match",
            "Run your first match",
            "See how your resume fits a job and which skills it is missing.",
            reverse("resumes:analysis_new"),
            "Match a job",
            bool(found.get("has_match")),
        ),
        Step(
            "reminders",
            "Set your weekly goal and reminders",
            "Choose how many applications a week, when to follow up, and subscribe to your calendar.",
            reverse("tracker:settings"),
            "Set a goal",
            found.get("saved_at") is not None,
        ),
    ]
    return Checklist(steps=steps, dismissed=found.get("dismissed_at") is not None)
