"""The essay grader (E6) through Claude, checked against the rubric and the essay.

The local grader runs first; its measurements and suggested levels go to Claude (Sonnet)
as grounding. Claude's structured reply must then pass the same checks a human would
make: one suggestion per criterion, each level a level *of that criterion*, every quote
an exact excerpt of the essay. Anything else falls back to the local suggestions with a
note that says why.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ..base import Outcome
from ..schemas import EssayCriterionGrade, EssayGradeInput, EssayGradeResult
from .call import call
from .engine import SYSTEM

TASK = (
    "Suggest a level for each rubric criterion of this student essay, as an experienced "
    "teacher would, for the instructor to confirm. For every criterion: pick exactly one "
    "level_id from that criterion's own levels; write a short rationale (2-3 sentences) "
    "that names what the essay does and does not do; copy 1-3 short quotes from the essay "
    "character for character (no paraphrase, no ellipsis inside a quote); give a confidence "
    "between 0 and 1. Start from the local measurements and move a level only for a reason "
    "visible in the essay. End with a two-sentence summary for the instructor. Never "
    "address the student and never decide the final grade."
)


class EssayReview(BaseModel):
    """What Claude returns; the measurements stay the local ones."""

    criteria: list[EssayCriterionGrade]
    summary: str = Field(description="Two sentences for the instructor.")


class InvalidReview(ValueError):
    """Claude's reply does not fit the rubric or the essay."""


def locate(quote: str, essay: str) -> str | None:
    """The exact excerpt of the essay a quote stands for (line breaks may differ), or None."""
    quote = quote.strip().strip("\"“”'‘’").strip()
    if not quote:
        return None
    if quote in essay:
        return quote
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, essay)
    return essay[match.start() : match.end()] if match else None


def validate(
    inp: EssayGradeInput, review: EssayReview, local: EssayGradeResult
) -> EssayGradeResult:
    """Raises InvalidReview unless every criterion has a real level and real quotes."""
    levels = {c.id: {lv.id for lv in c.levels} for c in inp.criteria}
    given: dict[str, EssayCriterionGrade] = {}
    for grade in review.criteria:
        if grade.criterion_id not in levels:
            raise InvalidReview(f"unknown criterion {grade.criterion_id!r}")
        if grade.criterion_id in given:
            raise InvalidReview(f"criterion {grade.criterion_id!r} was rated twice")
        if grade.level_id not in levels[grade.criterion_id]:
            raise InvalidReview(
                f"level {grade.level_id!r} is not a level of criterion {grade.criterion_id!r}"
            )
        if not grade.rationale.strip():
            raise InvalidReview(f"no rationale for criterion {grade.criterion_id!r}")
        quotes = []
        for quote in grade.quotes:
            exact = locate(quote, inp.essay)
            if exact is None:
                raise InvalidReview(f"a quote for {grade.criterion_id!r} is not in the essay")
            quotes.append(exact)
        given[grade.criterion_id] = grade.model_copy(update={"quotes": quotes})
    missing = [c.id for c in inp.criteria if c.id not in given]
    if missing:
        raise InvalidReview(f"no suggestion for criteria {', '.join(missing)}")
    return EssayGradeResult(
        criteria=[given[c.id] for c in inp.criteria],
        summary=review.summary.strip() or local.summary,
        measurements=local.measurements,
    )


def essay_grade(engine, inp: EssayGradeInput) -> Outcome[EssayGradeResult]:
    local = engine.local.essay_grade(inp)
    return call(
        model=engine.smart_model,
        system=SYSTEM,
        schema=EssayReview,
        task=TASK,
        grounding={
            "prompt": inp.prompt,
            "essay": inp.essay,
            "rubric": [c.model_dump() for c in inp.criteria],
            "local_measurements": local.result.measurements,
            "local_suggestions": [g.model_dump() for g in local.result.criteria],
        },
        local=local,
        build=lambda review: validate(inp, review, local.result),
        max_tokens=4096,
    )
