"""Typed input and reply of the AI tutor (E7), shared by both engines.

Re-exported from ``careercopilot.ai.schemas``. The tutor guides a student through one
course assignment with hints and questions; it never writes the graded answer, so a reply
says what kind it is and whether it refused.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TutorKind = Literal["hint", "question", "refusal", "clarification"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
