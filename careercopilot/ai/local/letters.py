"""Cover letters from a marked template, filled only with the user's own resume lines (C5).

The local engine does not write prose: it picks the user's strongest lines that match
the job, and places them in a plainly marked template with [brackets] wherever only the
user can supply the words (for example why this company).
"""

from __future__ import annotations

import re

import numpy as np

from ..schemas import CoverLetterInput, CoverLetterResult
from . import sections as sec
from .embeddings import similarity
from .match import job_requirements, job_title
from .taxonomy import taxonomy
from .text import has_metric, lines, normalise

OPENINGS = {
    "professional": "I am applying for the {role} position at {company}.",
    "warm": "I was glad to see the {role} opening at {company}, and I would like to apply.",
    "confident": "I am applying for the {role} role at {company}, where my experience fits "
    "what the team needs.",
}
CLOSINGS = {
    "professional": "Thank you for your consideration. I would welcome the chance to discuss "
    "how I can contribute to {company}.",
    "warm": "Thank you for reading. I would love to talk about how I could help {company}.",
    "confident": "I would like to discuss how I can deliver the same results at {company}.",
}
SIGN_OFF = {"professional": "Sincerely,", "warm": "Best regards,", "confident": "Regards,"}
EVIDENCE_COUNT = {"short": 2, "medium": 3, "long": 5}
WHY_PLACEHOLDER = "[Why {company}: one specific reason, in your own words]"


def _as_sentence(line: str) -> str:
    line = sec.normalise(line).strip(" -•*·").rstrip(".;,")
    return line[0].upper() + line[1:] + "." if line else ""


def _in_prose(skill: str) -> str:
    """'Machine learning' reads as 'machine learning' mid-sentence; 'Python', 'CI/CD' stay."""
    words = skill.split()
    if len(words) > 1 and words[0][1:].islower() and all(w.islower() for w in words[1:]):
        return skill[0].lower() + skill[1:]
    return skill


def _evidence_lines(inp: CoverLetterInput) -> list[str]:
    """The resume's accomplishment lines closest to the job, preferring quantified ones."""
    text = normalise(inp.resume.text)
    parts = inp.resume.sections or sec.split_sections(text)
    pool = [
        line
        for line in lines(parts.get("experience", "") + "\n" + parts.get("projects", ""))
        if len(line.split()) >= 6 and not sec.DATE_RANGE_RE.search(line)
    ] or [line for line in lines(text) if len(line.split()) >= 6]
    if not pool:
        return []
    reqs = [line for line in lines(inp.job.description) if len(line.split()) >= 3][:40]
    sims = similarity(pool, reqs or [inp.job.description[:500]])
    relevance = sims.max(axis=1) + np.array([0.08 if has_metric(p) else 0.0 for p in pool])
    order = np.argsort(-relevance)
    return [pool[i] for i in order[: EVIDENCE_COUNT[inp.length]]]


def write(inp: CoverLetterInput) -> CoverLetterResult:
    tone = inp.tone
    company = inp.job.company.strip() or "[Company]"
    role = job_title(inp.job) or "[Role]"
    name = inp.profile.name.strip() or "[Your name]"
    placeholders = []
    if company == "[Company]":
        placeholders.append("[Company]")
    if role == "[Role]":
        placeholders.append("[Role]")
    if name == "[Your name]":
        placeholders.append("[Your name]")
    resume_skills = taxonomy().find(inp.resume.text).named
    wanted = [r.skill for r in job_requirements(inp.job.description)]
    shared = [_in_prose(s) for s in wanted if s in resume_skills][:5]
    evidence = _evidence_lines(inp)

    paragraphs = [
        "Dear Hiring Manager,",
        OPENINGS[tone].format(role=role, company=company)
        + (
            f" My background in {', '.join(shared[:-1]) + ' and ' + shared[-1] if len(shared) > 1 else shared[0]}"
            " matches what the role asks for."
            if shared
            else ""
        ),
    ]
    if evidence:
        intro = {
            "professional": "Highlights from my experience that are relevant to this role:",
            "warm": "A few things from my experience that I think you will find relevant:",
            "confident": "What I have delivered that is relevant to this role:",
        }[tone]
        paragraphs.append(intro + "\n" + "\n".join(f"- {_as_sentence(e)}" for e in evidence))
    why = WHY_PLACEHOLDER.format(company=company)
    placeholders.append(why)
    paragraphs.append(why)
    if inp.length == "long":
        extra = "[A short story about a result you are proud of, and what it taught you]"
        placeholders.append(extra)
        paragraphs.append(extra)
    paragraphs.append(CLOSINGS[tone].format(company=company))
    contact = " · ".join(v for v in (inp.profile.email,) if v)
    paragraphs.append(f"{SIGN_OFF[tone]}\n{name}" + (f"\n{contact}" if contact else ""))
    body = "\n\n".join(paragraphs)
    body = re.sub(r"\n{3,}", "\n\n", body)
    return CoverLetterResult(
        body=body, is_template=True, placeholders=placeholders, evidence_lines=evidence
    )
