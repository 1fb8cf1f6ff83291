"""The one place resumes meters AI use against the user's plan (billing quotas, D5).

Every metered action calls `consume()` inside the transaction that queues the work; when
the quota is used up, billing raises `QuotaExceeded` (a message for the user and an
upgrade link) and nothing is queued. Each job kind names its unit with `JobQuota`: the job
runner gives it back when the work fails for good, unless a paid AI call had already run
for it, and a retry takes it again. Which engine the plan gives (Claude is a Premium
feature) is decided with every other feature's, by `careercopilot.ai.engine_for`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from billing.services import QuotaExceeded, entitlement_consume, entitlement_release

# Features as billing names them.
AI_ANALYSES = "ai_analyses"
COVER_LETTERS = "cover_letters"
INTERVIEW_PREP = "interview_prep"  # the prep, and feedback on each practice answer
CHAT_MESSAGES = "chat_messages"
RESUMES = "resumes"

__all__ = ["JobQuota", "QuotaExceeded", "consume", "release", "upgrade_url"]


def consume(*, user, feature: str) -> None:
    """Counts one use of `feature`; raises QuotaExceeded when none is left."""
    entitlement_consume(user=user, feature=feature)


def release(*, user, feature: str) -> None:
    """Gives back the unit of work that failed for good."""
    entitlement_release(user=user, feature=feature)


@dataclass(frozen=True)
class JobQuota:
    """The unit a kind of job uses (`careercopilot.jobs.registry.JobQuotaHook`)."""

    feature: str
    user_of: Callable

    def take(self, row) -> None:
        consume(user=self.user_of(row), feature=self.feature)

    def give_back(self, row) -> None:
        release(user=self.user_of(row), feature=self.feature)


def upgrade_url(exc: QuotaExceeded) -> str:
    return exc.upgrade_url
