"""The one place resumes meters AI use against the user's plan (billing quotas, D5).

Every metered action calls `consume()` inside the transaction that queues the work; when
the quota is used up, billing raises `QuotaExceeded` (a message for the user and an
upgrade link) and nothing is queued. Work that then fails for good gives its unit back
with `refund()`, unless a paid AI call had already run for it. The plan also decides the
engine: Claude is a Premium feature.
"""

from __future__ import annotations

from decimal import Decimal

from billing.selectors import plan_for_user
from billing.services import QuotaExceeded, entitlement_consume, entitlement_release
from careercopilot import ai

# Features as billing names them.
AI_ANALYSES = "ai_analyses"
COVER_LETTERS = "cover_letters"
INTERVIEW_PREP = "interview_prep"  # the prep, and feedback on each practice answer
CHAT_MESSAGES = "chat_messages"
RESUMES = "resumes"

__all__ = ["QuotaExceeded", "consume", "engine_for", "refund", "release", "upgrade_url"]


def consume(*, user, feature: str) -> None:
    """Counts one use of `feature`; raises QuotaExceeded when none is left."""
    entitlement_consume(user=user, feature=feature)


def release(*, user, feature: str) -> None:
    """Gives back the unit of work that failed for good."""
    entitlement_release(user=user, feature=feature)


def refund(*, user, feature: str, cost_usd: Decimal) -> bool:
    """Gives back the unit of failed work only if it cost nothing; True when given back.

    Once a paid call has answered, the cost is incurred whatever fails after it (saving
    the result, say), so the unit stays used.
    """
    if cost_usd > 0:
        return False
    release(user=user, feature=feature)
    return True


def upgrade_url(exc: QuotaExceeded) -> str:
    return exc.upgrade_url


def engine_for(user) -> str:
    """Claude when it is configured and the user's plan includes it; local otherwise."""
    engine = ai.default_engine_name()
    if engine == "anthropic" and not plan_for_user(user).claude_engine:
        return "local"
    return engine
