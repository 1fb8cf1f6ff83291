"""The one call to Claude every feature makes: ask, check the reply, fall back, price it.

A feature gives its prompt, the schema of the reply, and the local engine's outcome. Claude's
structured reply is validated against the schema and then by the feature's own ``build``
check; on any failure (network, timeout, rate limit after retries, invalid JSON, a reply
that fails a check) the local outcome is returned with a note saying why. Only this module
talks to the anthropic SDK.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.conf import settings
from pydantic import BaseModel

from ..base import Outcome

logger = logging.getLogger(__name__)

NAME = "anthropic"
# USD per million tokens (input, output).
PRICES = {
    "claude-haiku-4-5": (Decimal("1"), Decimal("5")),
    "claude-sonnet-4-5": (Decimal("3"), Decimal("15")),
    "claude-sonnet-4-6": (Decimal("3"), Decimal("15")),
}
DEFAULT_PRICE = (Decimal("3"), Decimal("15"))

T = TypeVar("T", bound=BaseModel)


@dataclass
class Checked(Generic[T]):
    """A reply that passed a feature's checks, with what to tell the user about it."""

    result: T
    note: str = ""
    extra: dict = field(default_factory=dict)


def cost(model: str, tokens_in: int, tokens_out: int) -> Decimal:
    price_in, price_out = PRICES.get(model, DEFAULT_PRICE)
    return (price_in * tokens_in + price_out * tokens_out) / Decimal(1_000_000)


def reason(exc: Exception) -> str:
    """Why Claude was not used, in words for the user."""
    import anthropic

    if isinstance(exc, anthropic.APITimeoutError):
        return "it did not answer in time"
    if isinstance(exc, anthropic.RateLimitError):
        return "it is rate-limited right now"
    if isinstance(exc, anthropic.APIConnectionError):
        return "it could not be reached"
    if isinstance(exc, anthropic.APIStatusError):
        return f"it returned an error ({exc.status_code})"
    return "its reply was not valid"


def client():
    import anthropic

    return anthropic.Anthropic(
        api_key=settings.ANTHROPIC_API_KEY,
        base_url=settings.ANTHROPIC_BASE_URL or None,
        max_retries=settings.AI_ANTHROPIC_MAX_RETRIES,
        timeout=settings.AI_ANTHROPIC_TIMEOUT,
    )


def call(
    *,
    model: str,
    system: str,
    task: str,
    grounding: dict,
    schema: type[BaseModel],
    local: Outcome[T],
    build: Callable[[Any], T | Checked[T]] | None = None,
    max_tokens: int = 2048,
    label: str = "Measurements and source text",
    offline: str = "offline analysis",
) -> Outcome[T]:
    """Claude's checked reply, priced; ``local`` with a note when anything fails.

    ``build`` turns the parsed reply into the feature's result (raising when the reply
    does not hold up), optionally as ``Checked`` to attach a note for the user.
    """
    content = f"{task}\n\n{label} (JSON):\n" + json.dumps(
        grounding, ensure_ascii=False, default=str
    )
    try:
        response = client().messages.parse(
            model=model,
            max_tokens=max_tokens,
            system=system,
            messages=[{"role": "user", "content": content}],
            output_format=schema,
        )
        parsed = response.parsed_output
        if parsed is None:
            raise ValueError("empty structured output")
        built = build(parsed) if build else parsed
    except Exception as exc:  # any failure: the local result, with a visible note
        logger.warning("Claude call failed, using the local engine: %r", exc)
        local.fallback = True
        local.error = f"{exc.__class__.__name__}: {exc}"[:500]
        local.note = f"Claude was not used because {reason(exc)}; this is the {offline}."
        local.extra["requested_model"] = model
        return local
    checked = built if isinstance(built, Checked) else Checked(built)
    usage = response.usage
    return Outcome(
        result=checked.result,
        engine=NAME,
        model=model,
        tokens_in=usage.input_tokens,
        tokens_out=usage.output_tokens,
        cost_usd=cost(model, usage.input_tokens, usage.output_tokens),
        note=checked.note,
        extra=checked.extra,
    )
