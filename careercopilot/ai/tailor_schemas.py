"""Tailoring a structured resume (JSON Resume document) to a posting: input and result.

Proposals are plain dicts (``careercopilot.ai.local.tailor`` documents their kinds); every
one has passed the fact check, and ``dropped`` holds those that did not, with why.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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
