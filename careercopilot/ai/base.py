"""The one interface every engine implements, and what a call returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Literal, TypeVar, get_args

from pydantic import BaseModel

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

T = TypeVar("T", bound=BaseModel)

Feature = Literal[
    "match",
    "quality",
    "cover_letter",
    "interview_prep",
    "practice_feedback",
    "chat",
    "tutor",  # AI tutor (E7)
    "essay_grade",  # AI essay grader (E6)
    "resume_tailor",  # tailoring a structured resume to a posting (resumes/builder/)
]
FEATURES: tuple[Feature, ...] = get_args(Feature)


@dataclass
class Outcome(Generic[T]):
    """A typed result plus who produced it and what it cost."""

    result: T
    engine: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: Decimal = Decimal("0")
    note: str = ""  # shown to the user, e.g. why Claude fell back to the local engine
    fallback: bool = False
    error: str = ""
    attempts: int = 1
    extra: dict = field(default_factory=dict)


class Engine(ABC):
    name: str
    version: str

    @abstractmethod
    def match(self, resume: ResumeInput, job: JobInput) -> Outcome[MatchResult]: ...

    @abstractmethod
    def quality(self, resume: ResumeInput) -> Outcome[QualityReport]: ...

    @abstractmethod
    def cover_letter(self, inp: CoverLetterInput) -> Outcome[CoverLetterResult]: ...

    @abstractmethod
    def interview_prep(
        self, resume: ResumeInput, job: JobInput
    ) -> Outcome[InterviewPrepResult]: ...

    @abstractmethod
    def practice_feedback(self, inp: PracticeInput) -> Outcome[PracticeFeedback]: ...

    @abstractmethod
    def chat(
        self, context: ChatContext, history: list[ChatTurn], message: str
    ) -> Outcome[ChatReply]: ...

    # AI tutor (E7): hints and questions for an assignment, never the graded work.
    @abstractmethod
    def tutor(
        self, context: TutorContext, history: list[TutorTurn], message: str
    ) -> Outcome[TutorReply]: ...

    # AI essay grader (E6): a suggested level per rubric criterion, quoting the essay.
    @abstractmethod
    def essay_grade(self, inp: EssayGradeInput) -> Outcome[EssayGradeResult]: ...

    # Tailoring a structured resume (resumes/builder/): proposals that add no fact.
    @abstractmethod
    def resume_tailor(self, inp: TailorInput) -> Outcome[TailorResult]: ...
