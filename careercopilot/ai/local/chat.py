"""Career chat, local mode (C7): route requests to real features, or quote the knowledge base.

The local engine does not compose answers. It recognises requests that a feature does
better (score my resume for X, write a cover letter, interview questions, rank my jobs)
and offers that feature, and otherwise quotes the closest sections of the in-repo
knowledge base, found by embedding search, naming them as its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..schemas import ChatAction, ChatContext, ChatReply, ChatSource, ChatTurn
from .embeddings import embed

KNOWLEDGE = Path(__file__).resolve().parent.parent / "data" / "knowledge.md"
MIN_SIMILARITY = 0.25
# Route names of the product's pages; the caller turns them into URLs.
INTENTS = (
    (re.compile(r"\b(score|match|analy[sz]e|rate|review|check|compare)\b.*\b(resume|cv)\b|\b(resume|cv)\b.*\b(score|match|fit|against)\b", re.I),  # noqa: E501
     "Run a match analysis", "resumes:analysis_new",
     "A match analysis compares your resume with the job line by line and scores it. "
     "Open it with your default resume and paste the job description, or pick one of "
     "your tracked applications."),
    (re.compile(r"\bcover\s*letter\b", re.I),
     "Draft a cover letter", "resumes:letter_new",
     "The cover letter tool builds a draft from your resume's lines that match the job, "
     "which you then edit and export as DOCX, PDF or text."),
    (re.compile(r"\binterview\b.*\b(question|prep|practi[cs]e)|\b(mock|practi[cs]e)\b.*\binterview", re.I),  # noqa: E501
     "Prepare for the interview", "resumes:prep_new",
     "Interview prep lists likely questions for the job — behavioural, technical and the "
     "gaps in your resume — with STAR guidance, and gives feedback on answers you type."),
    (re.compile(r"\b(rank|which (?:job|application|role)s?|best fit|fit ranking|prioriti[sz]e)\b", re.I),  # noqa: E501
     "Rank my saved jobs", "resumes:fit_ranking",
     "Fit ranking scores each saved application against your default resume and sorts them."),
)  # fmt: skip


@dataclass
class _Section:
    title: str
    text: str


@cache
def _sections() -> tuple[list[_Section], np.ndarray]:
    raw = KNOWLEDGE.read_text(encoding="utf-8")
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    found = []
    for block in raw.split("\n## ")[1:]:
        title, _, body = block.partition("\n")
        found.append(_Section(title.strip(), " ".join(body.split())))
    vectors = embed([f"{s.title}. {s.text}" for s in found])
    return found, vectors


def _context_lines(context: ChatContext) -> list[str]:
    facts = []
    if context.resume_name:
        facts.append(f"Your default resume is “{context.resume_name}”.")
    if context.profile.target_roles:
        facts.append("Your target roles: " + ", ".join(context.profile.target_roles) + ".")
    if context.applications:
        shown = context.applications[:5]
        facts.append(f"You are tracking {len(context.applications)} applications"
                     + f", including {'; '.join(shown)}." if shown else ".")  # fmt: skip
    return facts


def reply(context: ChatContext, history: list[ChatTurn], message: str) -> ChatReply:
    text = message.strip()
    actions = [
        ChatAction(label=label, url=route)
        for pattern, label, route, _ in INTENTS
        if pattern.search(text)
    ]
    parts: list[str] = []
    for pattern, _label, _route, explanation in INTENTS:
        if pattern.search(text):
            parts.append(explanation)
    sections, vectors = _sections()
    query = embed([text])[0]
    scores = vectors @ query
    order = [i for i in np.argsort(-scores)[:2] if scores[i] >= MIN_SIMILARITY]
    sources = [ChatSource(title=sections[i].title, excerpt=sections[i].text) for i in order]
    if sources:
        parts.append(f"From the Career Copilot guide, “{sources[0].title}”: {sources[0].excerpt}")
        if len(sources) > 1:
            parts.append(f"See also “{sources[1].title}”.")
    if not parts:
        parts.append(
            "I could not find this in the Career Copilot guide. In offline mode I answer "
            "from the guide and run the product's tools (match analysis, cover letters, "
            "interview prep, fit ranking); try asking about one of those."
        )
    facts = _context_lines(context)
    if facts and (actions or re.search(r"\b(my|me|i)\b", text, re.I)):
        parts.append(" ".join(facts))
    return ChatReply(text="\n\n".join(parts), actions=actions, sources=sources)
