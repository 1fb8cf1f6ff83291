"""Engine inputs built from our rows."""

from __future__ import annotations

from careercopilot.ai.schemas import CandidateProfile, JobInput, ResumeInput

from ..models import ResumeVersion

__all__ = [
    "job_input",
    "profile_input",
    "resume_input",
]


def resume_input(version: ResumeVersion) -> ResumeInput:
    return ResumeInput(
        text=version.text,
        sections=version.sections or {},
        page_count=max(1, version.page_count),
        ocr_used=version.ocr_pages > 0,
    )


def job_input(row) -> JobInput:
    return JobInput(description=row.job_description, title=row.job_title, company=row.company)


def profile_input(user) -> CandidateProfile:
    return CandidateProfile(
        name=user.name or "",
        email=user.email,
        headline=getattr(user, "headline", "") or "",
        target_roles=list(getattr(user, "target_roles", []) or []),
        skills=list(getattr(user, "skills", []) or []),
    )
