"""AI engines behind one interface (C9).

    from careercopilot import ai
    outcome = ai.run("match", user=user, resume=ResumeInput(...), job=JobInput(...))
    outcome.result  # MatchResult, whichever engine produced it

`local` is the default and works offline; `anthropic` is used when ANTHROPIC_API_KEY is
set (or AI_ENGINE=anthropic) and falls back to local with a note. Every call writes an
`AICall` row.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache

from django.conf import settings

from .base import FEATURES, Engine, Outcome

logger = logging.getLogger(__name__)

ENGINES = ("local", "anthropic")

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
    name = getattr(settings, "AI_ENGINE", "local")
    if name == "anthropic" and not getattr(settings, "ANTHROPIC_API_KEY", ""):
        return "local"
    return name if name in ENGINES else "local"


@cache
def _local() -> Engine:
    from .local.engine import LocalEngine

    return LocalEngine()


def get_engine(name: str | None = None) -> Engine:
    name = name or default_engine_name()
    if name == "anthropic":
        from .anthropic_engine import AnthropicEngine

        return AnthropicEngine()
    if name != "local":
        raise ValueError(f"Unknown AI engine {name!r}; choose one of {', '.join(ENGINES)}.")
    return _local()


def engine_version(name: str | None = None) -> str:
    engine = get_engine(name)
    return f"{engine.name}-{engine.version}"


def run(feature: str, *, user=None, engine: str | None = None, **inputs) -> Outcome:
    """Runs one feature on an engine and records the call (also when it raises)."""
    from .accounting import AICall

    if feature not in FEATURES:
        raise ValueError(f"Unknown AI feature {feature!r}.")
    chosen = get_engine(engine)
    started = time.perf_counter()
    try:
        outcome = getattr(chosen, feature)(**inputs)
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
