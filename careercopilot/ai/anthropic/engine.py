"""The `anthropic` engine: Claude with structured outputs, grounded in the local findings.

Every feature first runs the local engine. Its measurements (skills found with their
lines, scores, the user's own evidence lines) go to Claude as grounding through the one
shared call (``call.call``), which validates the reply and falls back to the local result
with a note on any failure.
"""

from __future__ import annotations

from django.conf import settings
from pydantic import BaseModel, Field

from ..base import Engine, Outcome
from ..local.engine import LocalEngine
from ..local.letters import WORD_RANGES
from ..schemas import (
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
    TailorInput,
    TailorResult,
    TutorContext,
    TutorReply,
    TutorTurn,
)
from .call import NAME, call

VERSION = "1.0"
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


class AnthropicEngine(Engine):
    name = NAME
    version = VERSION

    def __init__(self) -> None:
        self.local = LocalEngine()
        self.fast_model = settings.AI_ANTHROPIC_FAST_MODEL
        self.smart_model = settings.AI_ANTHROPIC_MODEL

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

        return call(
            system=SYSTEM,
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

        return call(
            system=SYSTEM,
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
        return call(
            system=SYSTEM,
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
        return call(
            system=SYSTEM,
            model=self.smart_model,
            schema=PracticeFeedback,
            task="Give structured feedback on this interview answer: STAR parts present, "
            "specifics and numbers, length, strengths and concrete improvements.",
            grounding={
                "question": inp.question,
                "answer": inp.answer,
                "local_feedback": local.result.model_dump(),
            },
            local=local,
        )

    def chat(
        self, context: ChatContext, history: list[ChatTurn], message: str
    ) -> Outcome[ChatReply]:
        local = self.local.chat(context, history, message)
        return call(
            system=SYSTEM,
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

    # AI tutor (E7): its prompt and reply checks live in .tutor.
    def tutor(
        self, context: TutorContext, history: list[TutorTurn], message: str
    ) -> Outcome[TutorReply]:
        from .tutor import tutor

        return tutor(self, context, history, message)

    # AI essay grader (E6): its prompt and reply checks live in .essay.
    def essay_grade(self, inp: EssayGradeInput) -> Outcome[EssayGradeResult]:
        from .essay import essay_grade

        return essay_grade(self, inp)

    # Tailoring a structured resume: rewordings checked in .tailor.
    def resume_tailor(self, inp: TailorInput) -> Outcome[TailorResult]:
        from .tailor import resume_tailor

        return resume_tailor(self, inp)
