"""The `local` engine: deterministic, offline, and honest about what it is."""

from __future__ import annotations

from ..base import Engine, Outcome
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
    TailorInput,
    TailorResult,
    TutorContext,
    TutorReply,
    TutorTurn,
)
from . import chat, interview, letters, match, quality
from .embeddings import MODEL_ID

# Bump when a rule or weight changes: cached analyses are keyed by it.
VERSION = "1.1"
MODEL = f"rules+{MODEL_ID}"


class LocalEngine(Engine):
    name = "local"
    version = VERSION

    def _done(self, result) -> Outcome:
        return Outcome(result=result, engine=self.name, model=MODEL)

    def match(self, resume: ResumeInput, job: JobInput) -> Outcome[MatchResult]:
        return self._done(match.analyse(resume, job))

    def quality(self, resume: ResumeInput) -> Outcome[QualityReport]:
        return self._done(quality.assess(resume))

    def cover_letter(self, inp: CoverLetterInput) -> Outcome[CoverLetterResult]:
        return self._done(letters.write(inp))

    def interview_prep(self, resume: ResumeInput, job: JobInput) -> Outcome[InterviewPrepResult]:
        return self._done(interview.questions(resume, job))

    def practice_feedback(self, inp: PracticeInput) -> Outcome[PracticeFeedback]:
        return self._done(interview.feedback(inp))

    def chat(
        self, context: ChatContext, history: list[ChatTurn], message: str
    ) -> Outcome[ChatReply]:
        return self._done(chat.reply(context, history, message))

    # AI tutor (E7)
    def tutor(
        self, context: TutorContext, history: list[TutorTurn], message: str
    ) -> Outcome[TutorReply]:
        from . import tutor

        return self._done(tutor.reply(context, history, message))

    # AI essay grader (E6): rubric levels from measured features of the essay.
    def essay_grade(self, inp: EssayGradeInput) -> Outcome[EssayGradeResult]:
        from . import essay

        return self._done(essay.grade(inp))

    # Tailoring (resumes/builder/): reorder, select and reword the user's own lines.
    def resume_tailor(self, inp: TailorInput) -> Outcome[TailorResult]:
        from . import tailor

        return self._done(tailor.tailor_local(inp))
