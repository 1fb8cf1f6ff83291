"""Typed inputs and results shared by every AI engine.

Both engines return these models: the local engine builds them from rules and
measurements, the Claude engine's structured output is validated against them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Priority = Literal["high", "medium", "low"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- Inputs -------------------------------------------------------------------------------
class ResumeInput(_Model):
    text: str
    sections: dict[str, str] = Field(default_factory=dict)
    page_count: int = 1
    ocr_used: bool = False


class JobInput(_Model):
    description: str
    title: str = ""
    company: str = ""


class CandidateProfile(_Model):
    name: str = ""
    email: str = ""
    headline: str = ""
    target_roles: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)


# --- Resume quality (C4) ------------------------------------------------------------------------
class QualityCheck(_Model):
    key: str
    label: str
    passed: bool
    score: int = Field(ge=0, le=100)
    detail: str
    lines: list[str] = Field(default_factory=list)


class QualityReport(_Model):
    score: int = Field(ge=0, le=100)
    checks: list[QualityCheck]
    word_count: int = 0


# --- Match analysis (C3) ------------------------------------------------------------------------
class Subscores(_Model):
    skills: int = Field(ge=0, le=100)
    keywords: int = Field(ge=0, le=100)
    title: int = Field(ge=0, le=100)
    experience: int = Field(ge=0, le=100)
    education: int = Field(ge=0, le=100)
    ats: int = Field(ge=0, le=100)


class SkillEvidence(_Model):
    skill: str
    required: bool = True
    lines: list[str] = Field(default_factory=list)
    reason: str = ""


class Suggestion(_Model):
    priority: Priority
    category: str
    text: str
    line: str = ""


class Facts(_Model):
    """What was measured, shown beside the scores so each number can be checked."""

    job_title: str = ""
    resume_title: str = ""
    job_seniority: str = ""
    resume_seniority: str = ""
    years_required: float | None = None
    years_found: float | None = None
    education_required: str = ""
    education_found: str = ""
    keywords_matched: list[str] = Field(default_factory=list)
    keywords_missing: list[str] = Field(default_factory=list)
    semantic_coverage: int = 0


class MatchResult(_Model):
    score: int = Field(ge=0, le=100)
    subscores: Subscores
    matched_skills: list[SkillEvidence]
    missing_skills: list[SkillEvidence]
    implied_skills: list[SkillEvidence] = Field(
        default_factory=list, description="Skills the resume shows but never names."
    )
    suggestions: list[Suggestion]
    summary: str = ""
    facts: Facts = Field(default_factory=Facts)
    quality: QualityReport | None = None


# --- Cover letters (C5) -------------------------------------------------------------------------
Tone = Literal["professional", "warm", "confident"]
Length = Literal["short", "medium", "long"]


class CoverLetterInput(_Model):
    resume: ResumeInput
    job: JobInput
    profile: CandidateProfile
    tone: Tone = "professional"
    length: Length = "medium"


class CoverLetterResult(_Model):
    body: str
    is_template: bool = Field(
        description="True when the text is a template filled with the user's own data."
    )
    placeholders: list[str] = Field(default_factory=list)
    evidence_lines: list[str] = Field(default_factory=list)


# --- Interview prep (C6) ------------------------------------------------------------------------
QuestionKind = Literal["behavioural", "technical", "gap", "role"]


class InterviewQuestion(_Model):
    kind: QuestionKind
    question: str
    why: str = ""
    star_guidance: list[str] = Field(default_factory=list)
    resume_lines: list[str] = Field(default_factory=list)


class InterviewPrepResult(_Model):
    questions: list[InterviewQuestion]


class PracticeInput(_Model):
    question: str
    answer: str
    job_skills: list[str] = Field(default_factory=list)


class StarPart(_Model):
    part: Literal["situation", "task", "action", "result"]
    present: bool
    evidence: str = ""


class PracticeFeedback(_Model):
    score: int = Field(ge=0, le=100)
    star: list[StarPart]
    word_count: int
    numbers_found: list[str] = Field(default_factory=list)
    specifics_found: list[str] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)


# --- Career chat (C7) ---------------------------------------------------------------------------
ChatRole = Literal["user", "assistant"]


class ChatTurn(_Model):
    role: ChatRole
    content: str


class ChatApplication(_Model):
    """One tracked application, as the chat may talk about it (dates in ISO format)."""

    position: str
    company: str
    status: str
    applied_on: str = ""
    deadline: str = ""
    followed_up_on: str = ""
    next_interview: str = ""


class ChatAnalysis(_Model):
    """One finished match analysis of the user's resume against a job."""

    job_title: str = ""
    company: str = ""
    score: int = Field(ge=0, le=100)
    matched_skills: list[str] = Field(default_factory=list)
    missing_skills: list[str] = Field(default_factory=list)
    created_on: str = ""


class ChatContext(_Model):
    profile: CandidateProfile
    resume_text: str = ""
    resume_name: str = ""
    applications: list[str] = Field(default_factory=list)
    tracked: list[ChatApplication] = Field(
        default_factory=list, description="The applications with their dates, newest first."
    )
    analyses: list[ChatAnalysis] = Field(
        default_factory=list, description="Recent match analyses, newest first."
    )
    today: str = ""


class ChatAction(_Model):
    label: str
    url: str


class ChatSource(_Model):
    title: str
    excerpt: str


class ChatReply(_Model):
    text: str
    actions: list[ChatAction] = Field(default_factory=list)
    sources: list[ChatSource] = Field(default_factory=list)


# --- Essay grading (E6) ---------------------------------------------------------------------
class EssayLevel(_Model):
    id: str
    title: str
    description: str = ""
    points: float = 0


class EssayCriterion(_Model):
    id: str
    title: str
    description: str = ""
    levels: list[EssayLevel] = Field(min_length=1)


class EssayGradedExample(_Model):
    """An essay of the same assignment the instructor already graded."""

    essay: str
    levels: dict[str, str] = Field(
        default_factory=dict, description="Criterion id -> the level id the instructor chose."
    )


class EssayGradeInput(_Model):
    prompt: str = Field("", description="The assignment's title and instructions.")
    essay: str
    criteria: list[EssayCriterion]
    graded: list[EssayGradedExample] = Field(
        default_factory=list, description="This assignment's essays the instructor graded."
    )
    graded_key: str = Field(
        "", description="Names the graded set (assignment, count, last graded) for caching."
    )


class EssayCriterionGrade(_Model):
    criterion_id: str
    level_id: str | None = Field(
        None, description="None when only measurements are offered (too few graded essays)."
    )
    rationale: str
    quotes: list[str] = Field(
        default_factory=list, description="Exact excerpts of the essay the rationale rests on."
    )
    confidence: float = Field(ge=0, le=1)


class EssayGradeResult(_Model):
    criteria: list[EssayCriterionGrade]
    summary: str
    measurements: dict[str, float] = Field(default_factory=dict)


# --- AI tutor (E7) -------------------------------------------------------------------------------
# Typed input and reply of the AI tutor (E7), shared by both engines.
#
# The tutor guides a student through one
# course assignment with hints and questions; it never writes the graded answer, so a reply
# says what kind it is and whether it refused.
TutorKind = Literal["hint", "question", "refusal", "clarification"]


class TutorCriterion(_Model):
    title: str
    description: str = ""


class TutorContext(_Model):
    course_title: str
    assignment_title: str = ""
    instructions: str = Field(default="", description="The assignment's instructions, as text.")
    criteria: list[TutorCriterion] = Field(default_factory=list)
    draft_excerpt: str = Field(
        default="", description="The start of the student's current draft, when there is one."
    )
    course_assignments: list[str] = Field(
        default_factory=list,
        description="Titles of the course's published assignments (for course-wide threads).",
    )


class TutorTurn(_Model):
    role: Literal["user", "assistant"]
    content: str
    refused: bool = False  # an earlier reply that declined: insisting does not help


class TutorReply(_Model):
    text: str
    kind: TutorKind
    follow_up_questions: list[str] = Field(default_factory=list)
    refused: bool = False
    criteria: list[str] = Field(
        default_factory=list, description="Titles of the rubric criteria this reply refers to."
    )


# --- Resume tailoring (C10) ---------------------------------------------------------------------
# Tailoring a structured resume (JSON Resume document) to a posting: input and result.
#
# Proposals are plain dicts (``careercopilot.ai.local.tailor`` documents their kinds); every
# one has passed the fact check, and ``dropped`` holds those that did not, with why.
class TailorInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: dict
    title: str = ""
    description: str


class TailorResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    proposals: list[dict] = Field(default_factory=list)
    dropped: list[dict] = Field(default_factory=list)
    note: str = ""


class Rewording(BaseModel):
    """One line Claude proposes to reword: where it is, the exact line, the new wording."""

    section: str
    index: int
    target: str
    text: str
    reason: str = ""


class TailorRewordings(BaseModel):
    rewordings: list[Rewording] = Field(default_factory=list)
