"""AI engines behind one interface (C9), one typed entry point per feature.

    from careercopilot import ai
    outcome = ai.match(user=user, resume=ResumeInput(...), job=JobInput(...))
    outcome.result  # MatchResult, whichever engine produced it

`local` is the default and works offline; `anthropic` (Claude) is used when
ANTHROPIC_API_KEY is set (or AI_ENGINE=anthropic) and falls back to local with a note.
``engine_for`` is the one place that decides which engine a feature gets for a user.
Every call writes an `AICall` row, and a call that cost money is charged to the payers
of ``charged_to``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from typing import TypeVar

from django.conf import settings
from pydantic import BaseModel

from .base import FEATURES, Engine, Feature, Outcome
from .schemas import (
    ChatContext,
    ChatReply,
    ChatTurn,
    CoverLetterInput,
    CoverLetterResult,
    EssayGradeInput,
    EssayGradeResult,
    InterviewPrepResult,
    JobInput,
    MatchResult,
    PracticeFeedback,
    PracticeInput,
    QualityReport,
    ResumeInput,
    TailorInput,
    TailorResult,
    TutorContext,
    TutorReply,
    TutorTurn,
)

logger = logging.getLogger(__name__)

ENGINES = ("local", "anthropic")
# Exact rules: a model adds nothing, so these always run locally.
LOCAL_ONLY: frozenset[Feature] = frozenset({"quality"})
# They come with a course, not with the student's career plan: the site's engine for all.
COURSE_FEATURES: frozenset[Feature] = frozenset({"tutor", "essay_grade"})

T = TypeVar("T", bound=BaseModel)

_payers: ContextVar[tuple[Callable[[Decimal], None], ...]] = ContextVar("ai_payers", default=())


@contextmanager
def charged_to(payer: Callable[[Decimal], None]) -> Iterator[None]:
    """Within the block, each call that cost money calls `payer(cost_usd)` once recorded."""
    token = _payers.set((*_payers.get(), payer))
    try:
        yield
    finally:
        _payers.reset(token)


def default_engine_name() -> str:
    """The site's engine: Claude only when it is configured."""
    name = getattr(settings, "AI_ENGINE", "local")
    if name == "anthropic" and not getattr(settings, "ANTHROPIC_API_KEY", ""):
        return "local"
    return name if name in ENGINES else "local"


def engine_for(feature: Feature, *, user=None) -> str:
    """The engine ``feature`` runs on for ``user``: the one decision, for every feature.

    The site's engine, except that career features use Claude only on a plan that
    includes it (Premium), and exact-rule features always run locally. Course features
    (tutor, essay grader) and calls without a user (operators' commands) get the site's.
    """
    if feature not in FEATURES:
        raise ValueError(f"Unknown AI feature {feature!r}.")
    engine = default_engine_name()
    if engine == "local" or feature in LOCAL_ONLY:
        return "local"
    if feature in COURSE_FEATURES or not getattr(user, "pk", None):
        return engine
    from billing.selectors import plan_for_user

    return engine if plan_for_user(user).claude_engine else "local"


@cache
def _local() -> Engine:
    from .local.engine import LocalEngine

    return LocalEngine()


def get_engine(name: str | None = None) -> Engine:
    name = name or default_engine_name()
    if name == "anthropic":
        from .anthropic import AnthropicEngine

        return AnthropicEngine()
    if name != "local":
        raise ValueError(f"Unknown AI engine {name!r}; choose one of {', '.join(ENGINES)}.")
    return _local()


def engine_version(name: str | None = None) -> str:
    engine = get_engine(name)
    return f"{engine.name}-{engine.version}"


# --- One entry point per feature ------------------------------------------------------------
# ``engine`` overrides the choice (a job runs on the engine recorded when it was requested).
def match(
    *, resume: ResumeInput, job: JobInput, user=None, engine: str | None = None
) -> Outcome[MatchResult]:
    return _recorded("match", user, engine, lambda chosen: chosen.match(resume, job))


def quality(*, resume: ResumeInput, user=None, engine: str | None = None) -> Outcome[QualityReport]:
    return _recorded("quality", user, engine, lambda chosen: chosen.quality(resume))


def cover_letter(
    *, inp: CoverLetterInput, user=None, engine: str | None = None
) -> Outcome[CoverLetterResult]:
    return _recorded("cover_letter", user, engine, lambda chosen: chosen.cover_letter(inp))


def interview_prep(
    *, resume: ResumeInput, job: JobInput, user=None, engine: str | None = None
) -> Outcome[InterviewPrepResult]:
    return _recorded(
        "interview_prep", user, engine, lambda chosen: chosen.interview_prep(resume, job)
    )


def practice_feedback(
    *, inp: PracticeInput, user=None, engine: str | None = None
) -> Outcome[PracticeFeedback]:
    return _recorded(
        "practice_feedback", user, engine, lambda chosen: chosen.practice_feedback(inp)
    )


def chat(
    *,
    context: ChatContext,
    history: list[ChatTurn],
    message: str,
    user=None,
    engine: str | None = None,
) -> Outcome[ChatReply]:
    return _recorded("chat", user, engine, lambda chosen: chosen.chat(context, history, message))


def tutor(
    *,
    context: TutorContext,
    history: list[TutorTurn],
    message: str,
    user=None,
    engine: str | None = None,
) -> Outcome[TutorReply]:
    return _recorded("tutor", user, engine, lambda chosen: chosen.tutor(context, history, message))


def essay_grade(
    *, inp: EssayGradeInput, user=None, engine: str | None = None
) -> Outcome[EssayGradeResult]:
    return _recorded("essay_grade", user, engine, lambda chosen: chosen.essay_grade(inp))


def resume_tailor(
    *, inp: TailorInput, user=None, engine: str | None = None
) -> Outcome[TailorResult]:
    return _recorded("resume_tailor", user, engine, lambda chosen: chosen.resume_tailor(inp))


def _recorded(
    feature: Feature,
    user,
    engine: str | None,
    run: Callable[[Engine], Outcome[T]],
) -> Outcome[T]:
    """Runs one feature on its engine and records the call (also when it raises)."""
    from .accounting import AICall

    chosen = get_engine(engine or engine_for(feature, user=user))
    started = time.perf_counter()
    try:
        outcome = run(chosen)
    except Exception as exc:
        AICall.objects.create(
            user=user if getattr(user, "pk", None) else None,
            feature=feature,
            engine=chosen.name,
            requested_engine=chosen.name,
            latency_ms=round((time.perf_counter() - started) * 1000),
            outcome=AICall.Result.ERROR,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        raise
    AICall.objects.create(
        user=user if getattr(user, "pk", None) else None,
        feature=feature,
        engine=outcome.engine,
        requested_engine=chosen.name,
        model=outcome.model[:80],
        tokens_in=outcome.tokens_in,
        tokens_out=outcome.tokens_out,
        cost_usd=outcome.cost_usd,
        latency_ms=round((time.perf_counter() - started) * 1000),
        outcome=AICall.Result.FALLBACK if outcome.fallback else AICall.Result.OK,
        error=outcome.error,
    )
    if outcome.cost_usd > 0:
        for payer in _payers.get():
            payer(outcome.cost_usd)
    return outcome
