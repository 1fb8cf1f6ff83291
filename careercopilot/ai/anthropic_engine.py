"""The `anthropic` engine: Claude with structured outputs, grounded in the local findings.

Every feature first runs the local engine. Its measurements (skills found with their
lines, scores, the user's own evidence lines) go to Claude as grounding, Claude's reply
is validated against the same schema, and on any failure — network, timeout, rate limit
after retries, invalid JSON, a reply that fails validation — the local result is returned
with a note that says so.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal

from django.conf import settings
from pydantic import BaseModel, Field

from .base import Engine, Outcome
from .local.engine import LocalEngine
from .local.letters import WORD_RANGES
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
    SkillEvidence,
    Subscores,
    Suggestion,
)
from .tutor_schemas import TutorContext, TutorReply, TutorTurn

logger = logging.getLogger(__name__)

VERSION = "1.0"
# USD per million tokens (input, output).
PRICES = {
    "claude-haiku-4-5": (Decimal("1"), Decimal("5")),
    "claude-sonnet-4-5": (Decimal("3"), Decimal("15")),
    "claude-sonnet-4-6": (Decimal("3"), Decimal("15")),
}
SYSTEM = (
    "You are Career Copilot's career assistant. Be specific, truthful and concise. Never "
    "invent facts about the candidate: use only the resume text and the measurements given. "
    "Quote resume lines exactly when you refer to them. Reply only with JSON matching the "
    "schema."
)


class MatchReview(BaseModel):
    """What Claude returns for a match; facts and quality checks stay the local ones."""

    score: int = Field(ge=0, le=100)
    subscores: Subscores
    matched_skills: list[SkillEvidence]
    missing_skills: list[SkillEvidence]
    implied_skills: list[SkillEvidence] = Field(default_factory=list)
    suggestions: list[Suggestion]
    summary: str = ""


def _cost(model: str, tokens_in: int, tokens_out: int) -> Decimal:
    price_in, price_out = PRICES.get(model, (Decimal("3"), Decimal("15")))
    return (price_in * tokens_in + price_out * tokens_out) / Decimal(1_000_000)


def _reason(exc: Exception) -> str:
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


class AnthropicEngine(Engine):
    name = "anthropic"
    version = VERSION

    def __init__(self) -> None:
        self.local = LocalEngine()
        self.fast_model = settings.AI_ANTHROPIC_FAST_MODEL
        self.smart_model = settings.AI_ANTHROPIC_MODEL

    def _client(self):
        import anthropic

        return anthropic.Anthropic(
            api_key=settings.ANTHROPIC_API_KEY,
            base_url=settings.ANTHROPIC_BASE_URL or None,
            max_retries=settings.AI_ANTHROPIC_MAX_RETRIES,
            timeout=settings.AI_ANTHROPIC_TIMEOUT,
        )

    def _ask(self, *, model: str, schema: type[BaseModel], task: str, grounding: dict,
             max_tokens: int = 2048):  # fmt: skip
        content = f"{task}\n\nMeasurements and source text (JSON):\n" + json.dumps(
            grounding, ensure_ascii=False, default=str
        )
        response = self._client().messages.parse(
            model=model,
            max_tokens=max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": content}],
            output_format=schema,
        )
        parsed = response.parsed_output
        if parsed is None:
            raise ValueError("empty structured output")
        usage = response.usage
        return parsed, usage.input_tokens, usage.output_tokens

    def _run(self, *, model, schema, task, grounding, local: Outcome, build=None, max_tokens=2048):
        try:
            parsed, tokens_in, tokens_out = self._ask(
                model=model, schema=schema, task=task, grounding=grounding, max_tokens=max_tokens
            )
            result = build(parsed) if build else parsed
        except Exception as exc:  # any failure: the local result, with a visible note
            logger.warning("Claude call failed, using the local engine: %r", exc)
            local.fallback = True
            local.error = f"{exc.__class__.__name__}: {exc}"[:500]
            local.note = (
                f"Claude was not used because {_reason(exc)}; this is the offline analysis."
            )
            local.extra["requested_model"] = model
            return local
        return Outcome(
            result=result,
            engine=self.name,
            model=model,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=_cost(model, tokens_in, tokens_out),
        )

    # -- features --------------------------------------------------------------------------
    def match(self, resume: ResumeInput, job: JobInput) -> Outcome[MatchResult]:
        local = self.local.match(resume, job)
        base: MatchResult = local.result
        resume_lines = set(resume.text.splitlines())

        def build(review: MatchReview) -> MatchResult:
            for suggestion in review.suggestions:  # only lines that really are in the resume
                if suggestion.line and not any(suggestion.line in line for line in resume_lines):
                    suggestion.line = ""
            return MatchResult(**review.model_dump(), facts=base.facts, quality=base.quality)

        return self._run(
            model=self.smart_model,
            schema=MatchReview,
            task="Score how well this resume fits this job. Start from the local measurements; "
            "adjust scores only with a reason visible in the texts. Tie every suggestion to "
            "an exact resume line where one applies.",
            grounding={
                "resume": resume.text,
                "job_description": job.description,
                "local_measurements": base.model_dump(exclude={"quality"}),
            },
            local=local,
            build=build,
            max_tokens=4096,
        )

    def quality(self, resume: ResumeInput) -> Outcome[QualityReport]:
        return self.local.quality(resume)  # exact rules; a model adds nothing here

    def cover_letter(self, inp: CoverLetterInput) -> Outcome[CoverLetterResult]:
        local = self.local.cover_letter(inp)
        low, high = WORD_RANGES[inp.length]

        def build(letter: CoverLetterResult) -> CoverLetterResult:
            return letter.model_copy(update={"is_template": False})

        return self._run(
            model=self.smart_model,
            schema=CoverLetterResult,
            task=f"Write a cover letter of {low} to {high} words in a {inp.tone} tone for this "
            "job, in paragraphs (no bullet points) and without filler such as 'responsible for' "
            "or 'team player'. Use only facts from the resume; leave [brackets] for anything "
            "only the candidate can say.",
            grounding={
                "resume": inp.resume.text,
                "job": inp.job.model_dump(),
                "candidate": inp.profile.model_dump(),
                "strongest_matching_lines": local.result.evidence_lines,
            },
            local=local,
            build=build,
        )

    def interview_prep(self, resume: ResumeInput, job: JobInput) -> Outcome[InterviewPrepResult]:
        local = self.local.interview_prep(resume, job)
        return self._run(
            model=self.fast_model,
            schema=InterviewPrepResult,
            task="List 8-12 likely interview questions for this candidate and job: behavioural, "
            "technical from the job's skills, and gap questions for missing skills, each with "
            "STAR guidance and the resume lines to draw on.",
            grounding={
                "resume": resume.text,
                "job_description": job.description,
                "local_questions": local.result.model_dump(),
            },
            local=local,
        )

    def practice_feedback(self, inp: PracticeInput) -> Outcome[PracticeFeedback]:
        local = self.local.practice_feedback(inp)
        return self._run(
            model=self.smart_model,
            schema=PracticeFeedback,
            task="Give structured feedback on this interview answer: STAR parts present, "
            "specifics and numbers, length, strengths and concrete improvements.",
            grounding={
                "question": inp.question,
                "answer": inp.answer,
                "local_feedback": local.result.model_dump(),
            },  # fmt: skip
            local=local,
        )

    def chat(
        self, context: ChatContext, history: list[ChatTurn], message: str
    ) -> Outcome[ChatReply]:
        local = self.local.chat(context, history, message)
        return self._run(
            model=self.smart_model,
            schema=ChatReply,
            task="Answer the user's last message as a career coach. Use their profile, resume, "
            "tracked applications and match analyses; state nothing about them that this data "
            "does not show, and say so when it does not answer the question. Keep the "
            "suggested actions (product features) when relevant.",
            grounding={
                "context": context.model_dump(),
                "history": [t.model_dump() for t in history[-10:]],
                "message": message,
                "local_answer": local.result.text,
                "suggested_actions": [a.model_dump() for a in local.result.actions],
                "knowledge_base": [s.model_dump() for s in local.result.sources],
            },
            local=local,
        )

    # AI tutor (E7): its prompt and reply checks live in tutor_claude.
    def tutor(
        self, context: TutorContext, history: list[TutorTurn], message: str
    ) -> Outcome[TutorReply]:
        from .tutor_claude import tutor

        return tutor(self, context, history, message)

    # AI essay grader (E6): its prompt and reply checks live in essay_claude.
    def essay_grade(self, inp: EssayGradeInput) -> Outcome[EssayGradeResult]:
        from .essay_claude import essay_grade

        return essay_grade(self, inp)
