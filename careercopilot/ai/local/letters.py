"""Cover letters from a marked template, filled only with the user's own resume lines (C5).

The local engine does not write prose about the user: it picks the user's lines that best
match the job, turns each into a first-person sentence ("Built X" -> "I built X"), and
places them in plainly worded paragraphs. [Brackets] mark what only the user can say
(why this company, a story behind a result); they count toward the chosen length, so the
letter lands in its range once the user has filled them in.
"""

from __future__ import annotations

import re

import numpy as np

from ..schemas import CoverLetterInput, CoverLetterResult
from . import resume_facts as facts
from . import sections as sec
from .embeddings import similarity
from .match import job_requirements, job_title
from .prose import in_prose, join_list
from .quality import weak_phrase_in
from .taxonomy import taxonomy
from .text import has_metric, lines, normalise

# Word ranges of the lengths the form offers ("about 150 / 250 / 400 words").
WORD_RANGES = {"short": (120, 180), "medium": (200, 300), "long": (320, 480)}
OPENINGS = {
    "professional": "I am applying for the {role} position at {company}.",
    "warm": "I was glad to see the {role} opening at {company}, and I would like to apply.",
    "confident": "I am applying for the {role} role at {company}, and the work below shows "
    "what I would bring.",
}
EVIDENCE_LEADS = {
    "professional": "Here is the experience from my resume that is most relevant to the role.",
    "warm": "Here is some of the work from my resume that I think you will find relevant.",
    "confident": "Here is what I have done that matters most for this role.",
}
SKILLS_SENTENCE = "My resume shows the {skills} that the posting asks for."
CLOSINGS = {
    "professional": "Thank you for your consideration. I would welcome the chance to discuss "
    "how I can contribute to {company}.",
    "warm": "Thank you for reading. I would love to talk about how I could help {company}.",
    "confident": "I would like to discuss how I can bring the same results to {company}.",
}
SIGN_OFF = {"professional": "Sincerely,", "warm": "Best regards,", "confident": "Regards,"}
WHY_PLACEHOLDER = "[Why {company}: one specific reason, in your own words]"
STORY_PLACEHOLDER = (
    "[The story behind “{line}”: the situation, what you did yourself and what changed, "
    "in two or three sentences]"
)
GAP_PLACEHOLDER = (
    "[The posting also asks for {skills}. If you have used them, say where and how; "
    "if not, leave this out]"
)
MORE_PLACEHOLDER = (
    "[Another example from your own work that fits this role: what you did and what "
    "came of it, in two or three sentences]"
)
TEAM_PLACEHOLDER = (
    "[How you work with others: one example of a colleague, client or team you helped, "
    "and what came of it]"
)
COMPANY_PLACEHOLDER = (
    "[What you know about {company}'s work or customers, and how your experience connects "
    "to it, in two or three sentences]"
)
SKILL_PLACEHOLDER = (
    "[A skill the posting names that you have used: where you used it and what came of it, "
    "in two or three sentences]"
)
RESULT_PLACEHOLDER = (
    "[A result you are proud of, with a number if you can: what you did and what changed]"
)
GOAL_PLACEHOLDER = "[What you would like to achieve in your first months in this role]"
# The paragraphs after the evidence, in the order they appear.
LATER_BLOCKS = (
    "career",
    "background",
    "skills_list",
    "story",
    "story2",
    "story3",
    "gaps",
    "skill",
    "result",
    "more",
    "more2",
    "team",
    "company",
    "goal",
)


def word_count(text: str) -> int:
    return len(text.split())


def _ranked_lines(inp: CoverLetterInput, pool: list[facts.Line]) -> list[facts.Line]:
    """The user's lines closest to the job's requirement lines, quantified ones first."""
    if not pool:
        return []
    reqs = [line for line in lines(inp.job.description) if len(line.split()) >= 3][:40]
    sims = similarity([p.text for p in pool], reqs or [inp.job.description[:500]])
    relevance = sims.max(axis=1) + np.array([0.08 if has_metric(p.text) else 0.0 for p in pool])
    return [pool[i] for i in np.argsort(-relevance, kind="stable")]


def _evidence_paragraphs(chosen: list[facts.Line], order: list[facts.Line], tone: str) -> str:
    """The chosen lines in resume order, one paragraph per role, each role named once."""
    kept = [line for line in order if line in chosen]
    groups: list[list[facts.Line]] = []
    for line in kept:
        if groups and (groups[-1][0].title, groups[-1][0].employer) == (line.title, line.employer):
            groups[-1].append(line)
        else:
            groups.append([line])
    paragraphs = []
    for index, group in enumerate(groups):
        sentences = []
        for position, line in enumerate(group):
            sentence = line.sentence
            if position == 0 and (lead := facts.role_lead(line)):
                sentence = lead + sentence
            sentences.append(sentence)
        if index == 0:
            sentences.insert(0, EVIDENCE_LEADS[tone])
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def write(inp: CoverLetterInput) -> CoverLetterResult:
    tone, low, high = inp.tone, *WORD_RANGES[inp.length]
    target = (low + high) // 2
    company = inp.job.company.strip() or "[Company]"
    role = job_title(inp.job) or "[Role]"
    name = inp.profile.name.strip() or "[Your name]"
    text = normalise(inp.resume.text)
    parts = inp.resume.sections or sec.split_sections(text)
    context = f"{text}\n{inp.job.description}"

    found = taxonomy().find(text).named
    requirements = job_requirements(inp.job.description)
    shared = [in_prose(r.skill, context=context) for r in requirements if r.skill in found]
    missing = [
        in_prose(r.skill, context=context)
        for r in requirements
        if r.required and r.skill not in found
    ]
    pool = facts.accomplishments(text, parts)
    ranked = _ranked_lines(inp, pool)

    opening = OPENINGS[tone].format(role=role, company=company)
    summary = facts.summary_sentence(parts)
    skills = SKILLS_SENTENCE.format(skills=join_list(shared[:5])) if shared else ""
    named = inp.job.company.strip() or "this company"  # inside brackets: no nested ones
    why = WHY_PLACEHOLDER.format(company=named)
    closing = CLOSINGS[tone].format(company=company)
    contact = inp.profile.email.strip()
    sign_off = f"{SIGN_OFF[tone]}\n{name}" + (f"\n{contact}" if contact else "")

    # Optional pieces in the order they are worth adding; each is used only if it fits.
    extras: dict[str, str] = {}
    chosen: list[facts.Line] = []

    def body() -> str:
        first = " ".join(s for s in (opening, extras.get("summary"), extras.get("skills")) if s)
        blocks = ["Dear Hiring Manager,", first]
        if chosen:
            blocks.append(_evidence_paragraphs(chosen, pool, tone))
        blocks += [extras.get(key, "") for key in LATER_BLOCKS]
        blocks += [why, closing, sign_off]
        return "\n\n".join(b for b in blocks if b)

    candidates: list[tuple[str, str | facts.Line]] = [("summary", summary)]
    candidates += [("line", line) for line in ranked[:2]]
    candidates += [("skills", skills)]
    candidates += [("line", line) for line in ranked[2:]]
    background = " ".join(
        s for s in (facts.education_sentence(parts), facts.certifications_sentence(parts)) if s
    )
    stories = [line.text for line in ranked if has_metric(line.text)]
    stories += [line.text for line in ranked if line.text not in stories]
    candidates += [
        ("career", facts.career_sentence(parts)),
        ("background", background),
        ("skills_list", facts.skills_sentence(parts, list(found))),
        ("story", STORY_PLACEHOLDER.format(line=as_quote(stories[0])) if stories else ""),
        ("gaps", GAP_PLACEHOLDER.format(skills=join_list(missing[:3], "or")) if missing else ""),
        ("goal", GOAL_PLACEHOLDER),
        ("story2", STORY_PLACEHOLDER.format(line=as_quote(stories[1])) if stories[1:] else ""),
        ("story3", STORY_PLACEHOLDER.format(line=as_quote(stories[2])) if stories[2:] else ""),
        ("more", MORE_PLACEHOLDER),
        ("more2", MORE_PLACEHOLDER.replace("Another", "A second")),
        ("team", TEAM_PLACEHOLDER),
        ("company", COMPANY_PLACEHOLDER.format(company=named)),
        ("skill", SKILL_PLACEHOLDER),
        ("result", RESULT_PLACEHOLDER),
    ]
    for key, value in candidates:
        if word_count(body()) >= target:
            break
        if not value or isinstance(value, str) and weak_phrase_in(value):
            continue  # the user's own lines, but ones the quality check flags
        if isinstance(value, facts.Line):
            chosen.append(value)
            if word_count(body()) > high:
                chosen.pop()
        else:
            extras[key] = value
            if word_count(body()) > high:
                extras.pop(key)
    letter = re.sub(r"\n{3,}", "\n\n", body())
    placeholders = re.findall(r"\[[^\]]+\]", letter)
    return CoverLetterResult(
        body=letter,
        is_template=True,
        placeholders=list(dict.fromkeys(placeholders)),
        evidence_lines=[line.text for line in pool if line in chosen],
    )


def as_quote(line: str) -> str:
    line = line.strip().rstrip(".")
    return line if len(line) <= 90 else line[:87].rsplit(" ", 1)[0] + "…"
