"""Match analysis (C3): a resume against a job description, every number explained.

The overall score is a logistic function of four measured signals: how much of the job's
meaning the resume shares (MiniLM document similarity), how much of its vocabulary
(IDF-weighted stem overlap), the share of the job's named skills the resume names, and the
title. Its coefficients were fitted on the team's own labelled resume/job sets
(`bench/eval/eval_match.py --fit`), never on evaluation data. Experience, education and
ATS formatting did not separate fitting from non-fitting pairs there, so they are shown
beside the score as information and carry no weight in it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..schemas import (
    Facts,
    JobInput,
    MatchResult,
    ResumeInput,
    SkillEvidence,
    Subscores,
    Suggestion,
)
from . import quality
from . import sections as sec
from .embeddings import similarity
from .similarity import key_terms, lexical, semantic, term_vector
from .taxonomy import taxonomy
from .text import lines, normalise, sentences, stem, stems, words

# Logistic calibration, fitted by `bench/eval/eval_match.py --fit` on the team's own pairs
# (bench/eval/), its regularisation chosen by leave-one-resume-out log loss there.
COEFFICIENTS = {"semantic": 8.31, "lexical": 3.33, "skills": 5.36, "title": 1.60}
INTERCEPT = -5.94
# Display scale of the document similarities: a cosine at LOW shows as 0, at HIGH as 100.
SEMANTIC_LOW, SEMANTIC_HIGH = 0.25, 0.75
LEXICAL_LOW, LEXICAL_HIGH = 0.0, 0.5
PREFERRED_RE = re.compile(
    r"\b(preferred|nice to have|nice-to-have|a plus|is a plus|bonus|ideally|desirable|"
    r"good to have|familiarity with|exposure to)\b",
    re.IGNORECASE,
)
YEARS_RE = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:(?:-|to|–)\s*\d{1,2}\s*)?\+?\s*(?:years|yrs)", re.IGNORECASE
)
TITLE_LINE_RE = re.compile(r"^(?:job\s+title|title|position|role)\s*:\s*(.+)$", re.IGNORECASE)
IMPLIED_CREDIT = 0.75
MAX_TITLE_LINES = 6
MAX_KEYWORDS = 15
COVERED_SHARE = 0.5  # of a job sentence's weighted words, on one resume line
POSTING_WORDS = frozenset(
    """hour hours hiring hire salary salaries benefit benefits apply applicant applicants
    opportunity opportunities location locations company companies shift shifts update
    updates provide provides providing ensure ensures join joining employer employers
    equal position positions openings opening candidate candidates immediate immediately
    excellent good great best please days week weeks month months annum lakh lakhs""".split()
)


@dataclass
class _Requirement:
    skill: str
    required: bool
    line: str


def job_title(job: JobInput) -> str:
    if job.title.strip():
        return job.title.strip()
    for line in lines(job.description)[:6]:
        match = TITLE_LINE_RE.match(line)
        if match:
            return match.group(1).strip()
    first = (lines(job.description) or [""])[0]
    if len(first.split()) <= 8 and sec.ROLE_NOUNS.search(first):
        return re.split(r"\s+[-–—|@]\s+|\s+at\s+|,", first)[0].strip()
    return ""


def _title_lines(resume_lines: list[str]) -> list[str]:
    """Short lines naming a role ("Data Scientist - Acme"), for a resume whose experience
    section yields no dated roles; the headline first when it names one."""
    found = [
        line for line in resume_lines if len(line.split()) <= 10 and sec.ROLE_NOUNS.search(line)
    ]
    return found[:MAX_TITLE_LINES]


def job_requirements(description: str) -> list[_Requirement]:
    """The skills a job names, each marked required or preferred by its line."""
    tx = taxonomy()
    found: dict[str, _Requirement] = {}
    in_preferred_block = False
    for line in lines(description):
        if re.match(r"^(preferred|nice to have|bonus|pluses|desired)", line, re.IGNORECASE):
            in_preferred_block = True
        elif re.match(
            r"^(requirements|required|must have|what you|qualifications|minimum)",
            line,
            re.IGNORECASE,
        ):
            in_preferred_block = False
        required = not (in_preferred_block or PREFERRED_RE.search(line))
        for mention in tx.line_mentions(line):
            skill = mention.skill
            if skill in found:
                found[skill].required = found[skill].required or required
            else:
                found[skill] = _Requirement(skill, required, line)
    return list(found.values())


def _years_required(description: str) -> float | None:
    best = None
    for line in lines(description):
        for match in YEARS_RE.finditer(line):
            if "experience" in line.lower() or "years" in line.lower():
                value = float(match.group(1))
                if value <= 25:
                    best = value if best is None else min(best, value)
    return best


def _education_required(description: str) -> tuple[int, bool]:
    low = normalise(description).lower()
    level = sec.degree_level(low)
    if not level and re.search(r"\bdegree\b", low):
        level = 3
    lenient = bool(re.search(r"equivalent (?:practical |work )?experience|or equivalent", low))
    return level, lenient


def _keywords(description: str, skills: set[str]) -> list[tuple[str, str]]:
    """The job's heaviest words (IDF-weighted, as the vocabulary similarity weighs them) as
    (stem, the word as the job writes it), leaving out words of its named skills and the
    words of any posting (hours, salary, apply)."""
    skill_stems = {stem(w) for s in skills for w in words(s)}
    out = []
    for term, word in key_terms(description, top=3 * MAX_KEYWORDS):
        if term in skill_stems or word in POSTING_WORDS or len(word) < 4:
            continue
        out.append((term, word))
    return out[:MAX_KEYWORDS]


def _sentences_covered(description: str, resume_lines: list[str]) -> float:
    """Share of the job's sentences (4+ words) that one resume line covers: the line holds
    at least half of the sentence's IDF-weighted vocabulary."""
    line_stems = [stems(line) for line in resume_lines]
    covered = total = 0
    for sentence in sentences(description):
        weights = term_vector(sentence)
        if len(sentence.split()) < 4 or not weights:
            continue
        total += 1
        whole = sum(weights.values())
        best = max(
            (sum(w for t, w in weights.items() if t in found) for found in line_stems), default=0.0
        )
        covered += best >= COVERED_SHARE * whole
    return covered / total if total else 0.0


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _scale(value: float, low: float, high: float) -> float:
    return _clamp((value - low) / (high - low))


def overall(*, semantic: float, lexical: float, skills: float, title: float) -> float:
    """0-100: the calibrated chance that the pair is a fit, from the four signals."""
    z = INTERCEPT + sum(
        COEFFICIENTS[name] * value
        for name, value in (
            ("semantic", semantic),
            ("lexical", lexical),
            ("skills", skills),
            ("title", title),
        )
    )
    return 100 / (1 + math.exp(-z))


def analyse(resume: ResumeInput, job: JobInput) -> MatchResult:
    tx = taxonomy()
    text = normalise(resume.text)
    parts = resume.sections or sec.split_sections(text)
    resume_lines = lines(text)
    findings = tx.find(text)
    report = quality.assess(resume.model_copy(update={"sections": parts}))

    # --- Skills ------------------------------------------------------------------------
    requirements = job_requirements(job.description)
    matched, missing, implied = [], [], []
    earned = possible = 0.0
    for req in requirements:
        weight = 1.0 if req.required else 0.5
        possible += weight
        if req.skill in findings.named:
            earned += weight
            matched.append(
                SkillEvidence(
                    skill=req.skill, required=req.required, lines=findings.named[req.skill][:3]
                )
            )
        elif req.skill in findings.implied:
            earned += weight * IMPLIED_CREDIT
            line, why = findings.implied[req.skill]
            implied.append(
                SkillEvidence(
                    skill=req.skill, required=req.required, lines=[line], reason=f"Shown by {why}"
                )
            )
        else:
            missing.append(SkillEvidence(skill=req.skill, required=req.required, lines=[req.line]))

    # --- Whole-document similarity: meaning and vocabulary -----------------------------
    semantic_sim = semantic(text, job.description)
    lexical_sim = lexical(text, job.description)
    semantic_share = _scale(semantic_sim, SEMANTIC_LOW, SEMANTIC_HIGH)
    lexical_share = _scale(lexical_sim, LEXICAL_LOW, LEXICAL_HIGH)
    skills_score = (earned / possible) if possible else semantic_share

    # --- Keywords: the job's vocabulary and key phrases (stems: "mentored" ~ "mentoring") -
    resume_stems = stems(text)
    phrases = _keywords(job.description, {r.skill for r in requirements})
    kw_hit = [word for term, word in phrases if term in resume_stems]
    kw_miss = [word for term, word in phrases if term not in resume_stems]
    keywords_score = (lexical_share + semantic_share) / 2

    # --- Title and seniority --------------------------------------------------------------
    title = job_title(job)
    found_roles = sec.roles(parts.get("experience", text))
    resume_titles = [r.title for r in found_roles if r.title][:3]
    if not resume_titles:
        resume_titles = _title_lines(resume_lines)
    if title and resume_titles:
        base = re.sub(r"\b(senior|sr|junior|jr|lead|principal|staff)\b\.?", "", title, flags=re.I)
        role_sims = similarity([base.strip()], resume_titles)[0]
        role = _clamp((float(role_sims.max()) - 0.30) / (0.80 - 0.30))
        code = tx.occupation_for_title(title)
        if code and any(tx.occupation_for_title(t) == code for t in resume_titles):
            role = max(role, 0.9)
        job_level = sec.seniority_of(title)
        resume_level = sec.seniority_of(resume_titles[0])
        seniority_fit = max(0.0, 1 - 0.3 * abs(job_level - resume_level))
        title_score = 0.7 * role + 0.3 * seniority_fit
    else:
        job_level = sec.seniority_of(title) if title else 2
        resume_level = sec.seniority_of(resume_titles[0]) if resume_titles else 2
        title_score = 0.6 * semantic_share + 0.2

    # --- Experience ---------------------------------------------------------------------
    years_needed = _years_required(job.description)
    years_found = sec.total_years(found_roles) if found_roles else None
    stated = sec.stated_years(text)
    if stated is not None:
        years_found = max(years_found or 0.0, stated)
    if years_needed is None:
        experience_score = 1.0 if years_found else 0.7
    elif years_found is None:
        experience_score = 0.3
    else:
        experience_score = _clamp(years_found / years_needed) if years_needed else 1.0
        if years_found < years_needed:
            experience_score **= 1.5

    # --- Education ----------------------------------------------------------------------
    needed_level, lenient = _education_required(job.description)
    found_level = sec.degree_level(parts.get("education", "") or text)
    if not needed_level:
        education_score = 1.0
    elif found_level >= needed_level:
        education_score = 1.0
    elif found_level == 0:
        education_score = 0.5 if lenient else 0.3
    else:
        gap = needed_level - found_level
        education_score = max(0.0, (0.85 if lenient else 0.6) - 0.3 * (gap - 1))

    subscores = Subscores(
        skills=round(100 * skills_score),
        keywords=round(100 * keywords_score),
        title=round(100 * title_score),
        experience=round(100 * experience_score),
        education=round(100 * education_score),
        ats=report.score,
    )
    total = overall(
        semantic=semantic_sim, lexical=lexical_sim, skills=skills_score, title=title_score
    )
    facts = Facts(
        job_title=title,
        resume_title=resume_titles[0] if resume_titles else "",
        job_seniority=sec.SENIORITY_NAMES[job_level] if title else "",
        resume_seniority=sec.SENIORITY_NAMES[resume_level] if resume_titles else "",
        years_required=years_needed,
        years_found=years_found,
        education_required=sec.DEGREE_NAMES[needed_level],
        education_found=sec.DEGREE_NAMES[found_level],
        keywords_matched=kw_hit,
        keywords_missing=kw_miss,
        semantic_coverage=round(100 * _sentences_covered(job.description, resume_lines)),
    )
    suggestions = _suggestions(
        matched=matched,
        missing=missing,
        implied=implied,
        facts=facts,
        report=report,
        resume_lines=resume_lines,
        parts=parts,
    )
    required_total = sum(1 for r in requirements if r.required)
    required_hit = sum(1 for m in matched if m.required)
    summary = (
        f"Names {required_hit} of {required_total} required skills"
        + (f", and shows {len(implied)} more without naming them" if implied else "")
        + f"; {len(kw_hit)} of {len(phrases)} job keywords appear"
        + (
            f"; {years_found:g} of {years_needed:g} years of experience found"
            if years_needed and years_found is not None
            else ""
        )
        + "."
    )
    return MatchResult(
        score=round(total),
        subscores=subscores,
        matched_skills=matched,
        missing_skills=missing,
        implied_skills=implied,
        suggestions=suggestions,
        summary=summary,
        facts=facts,
        quality=report,
    )


def _best_line_for(
    item: SkillEvidence, line_stems: list[tuple[str, set[str]]], parts: dict[str, str]
) -> str:
    """The resume line a missing skill would most naturally go on: the one sharing most
    words with the job's line that asks for it; else the first line of the skills block."""
    wanted = stems(" ".join(item.lines)) - stems(item.skill)
    best, best_overlap = "", 1
    for line, found in line_stems:
        overlap = len(wanted & found)
        if overlap > best_overlap:
            best, best_overlap = line, overlap
    if best:
        return best
    skills_block = lines(parts.get("skills", ""))
    return skills_block[0] if skills_block else ""


def _suggestions(
    *, matched, missing, implied, facts, report, resume_lines, parts
) -> list[Suggestion]:
    out: list[Suggestion] = []
    line_stems = [(line, stems(line)) for line in resume_lines if len(line.split()) >= 4]
    for item in implied:
        out.append(
            Suggestion(
                priority="high" if item.required else "medium",
                category="say it",
                text=f"Name “{item.skill}” explicitly. {item.reason}, but an ATS searching for "
                f"“{item.skill}” will not find it.",
                line=item.lines[0] if item.lines else "",
            )
        )
    for item in missing:
        out.append(
            Suggestion(
                priority="high" if item.required else "medium",
                category="missing skill",
                text=f"The job {'requires' if item.required else 'prefers'} “{item.skill}” and the "
                "resume does not show it. If you have used it, add it to the line where you "
                "did; if not, be ready to say how you would learn it.",
                line=_best_line_for(item, line_stems, parts),
            )
        )
    if facts.job_title and facts.resume_title and facts.job_seniority != facts.resume_seniority:
        out.append(
            Suggestion(
                priority="medium",
                category="title",
                text=f"The job is {facts.job_seniority} (“{facts.job_title}”); your latest title "
                f"reads as {facts.resume_seniority}. If your scope matches, say so in the "
                "summary with the team size, budget or ownership you had.",
                line=facts.resume_title,
            )
        )
    if facts.years_required and (facts.years_found or 0) < facts.years_required:
        out.append(
            Suggestion(
                priority="medium",
                category="experience",
                text=f"The job asks for {facts.years_required:g}+ years; the dates on your resume "
                f"add up to {facts.years_found or 0:g}. Include relevant earlier roles, "
                "freelance work or projects with dates.",
            )
        )
    for phrase in facts.keywords_missing[:4]:
        out.append(
            Suggestion(
                priority="low",
                category="keyword",
                text=f"The job description stresses “{phrase}”; use the same words where your "
                "experience matches.",
            )
        )
    for check in report.checks:
        if check.passed:
            continue
        for line in check.lines[:2] or [""]:
            out.append(
                Suggestion(
                    priority="medium"
                    if check.key in ("quantified", "contact", "sections")
                    else "low",
                    category=check.label.lower(),
                    text=_fix_for(check.key, check.detail),
                    line=line,
                )
            )
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(out, key=lambda s: order[s.priority])[:20]


def _fix_for(key: str, detail: str) -> str:
    fixes = {
        "quantified": "Add a number to this line: how many, how much, how fast, or by what %.",
        "action_verbs": "Start this line with what you did (Built, Led, Reduced, Sold…).",
        "weak_phrases": "Replace the filler phrase with the action and its result.",
        "tense": "This role has ended: write the line in the past tense.",
        "parseable": "Use a single-column layout with plain text and standard headings.",
    }
    return fixes.get(key, detail)
