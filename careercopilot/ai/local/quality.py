"""Resume quality checks (C4): rules over the text as an ATS reads it."""

from __future__ import annotations

import re

from ..schemas import QualityCheck, QualityReport, ResumeInput
from . import sections as sec
from .text import has_metric, lines, normalise, stem, words

ACTION_VERBS = """accelerate achieve administer advise analyse analyze architect assess audit
automate build champion close coach collaborate conduct consolidate coordinate create cut
debug decrease define deliver deploy design develop diagnose direct drive earn educate
eliminate enable engineer establish evaluate exceed execute expand facilitate forecast found
generate grow guide halve handle hire identify implement improve increase initiate install
integrate introduce launch lead led maintain manage mentor migrate model monitor negotiate
optimise optimize orchestrate organise organize oversee own partner pilot pioneer plan
prepare present prioritise prioritize produce program prototype publish rebuild recruit
redesign reduce refactor reorganize research resolve restructure revamp run save scale
secure ship simplify sold spearhead standardise standardize streamline strengthen supervise
support teach test train transform triage troubleshoot unify upgrade win won write wrote
administered assessed educated cared performed provided processed prospected booked closed
exceeded sourced illustrated sketched shot edited reconciled valued audited filed
""".split()
ACTION_STEMS = {stem(v) for v in ACTION_VERBS}
WEAK_PHRASES = (
    "responsible for",
    "duties included",
    "duties include",
    "helped with",
    "helped to",
    "worked on",
    "assisted with",
    "assisted in",
    "team player",
    "hard-working",
    "hard working",
    "go-getter",
    "results-driven",
    "results driven",
    "self-starter",
    "think outside the box",
    "various tasks",
    "references available",
    "etc.",
    "was involved in",
    "involved in",
    "tasked with",
)
PAST_IRREGULAR = {
    "led",
    "built",
    "ran",
    "won",
    "wrote",
    "drove",
    "grew",
    "made",
    "sold",
    "taught",
    "began",
    "took",
    "gave",
    "set",
    "cut",
    "spent",
    "kept",
    "held",
}
PRESENT_IRREGULAR = {
    "lead",
    "build",
    "run",
    "win",
    "write",
    "drive",
    "grow",
    "make",
    "sell",
    "teach",
    "take",
    "give",
    "keep",
    "hold",
}
WEIGHTS = {
    "contact": 15,
    "sections": 20,
    "quantified": 20,
    "action_verbs": 10,
    "weak_phrases": 10,
    "length": 10,
    "tense": 5,
    "parseable": 10,
}


def _bullets(text: str) -> list[str]:
    """Accomplishment lines of the experience and projects sections."""
    out = []
    for line in text.splitlines():
        clean = sec.normalise(line).strip(" -•*·▪◦●–").strip()
        if len(clean.split()) < 5 or sec.DATE_RANGE_RE.search(clean):
            continue
        out.append(clean)
    return out


def _tense(line: str) -> str | None:
    first = (words(line) or [""])[0]
    if not first or stem(first) not in ACTION_STEMS and first not in PAST_IRREGULAR:
        return None
    if first in PAST_IRREGULAR or first.endswith("ed"):
        return "past"
    if first in PRESENT_IRREGULAR or not first.endswith("ing"):
        return "present"
    return None


def assess(resume: ResumeInput) -> QualityReport:
    text = normalise(resume.text)
    parts = resume.sections or sec.split_sections(text)
    checks: list[QualityCheck] = []

    # Contact details.
    contact = sec.contact_details(text)
    points = {"email": 40, "phone": 30, "link": 15, "location": 15}
    score = sum(v for k, v in points.items() if k in contact)
    missing = [k for k in points if k not in contact]
    checks.append(
        QualityCheck(
            key="contact",
            label="Contact details",
            passed="email" in contact and "phone" in contact,
            score=score,
            detail="Found: "
            + (", ".join(contact) or "nothing")
            + (f". Missing: {', '.join(missing)}." if missing else "."),
        )
    )

    # Sections.
    wanted = ("experience", "education", "skills", "summary")
    present = [s for s in wanted if parts.get(s, "").strip()]
    absent = [s for s in wanted if s not in present]
    checks.append(
        QualityCheck(
            key="sections",
            label="Standard sections",
            passed=all(s in present for s in ("experience", "education", "skills")),
            score=round(100 * len(present) / len(wanted)),
            detail=f"Found {', '.join(present) or 'no standard headings'}"
            + (f"; an ATS also looks for {', '.join(absent)}." if absent else "."),
        )
    )

    bullets = _bullets(parts.get("experience", "") + "\n" + parts.get("projects", ""))
    # Quantified achievements.
    with_numbers = [b for b in bullets if has_metric(b)]
    share = len(with_numbers) / len(bullets) if bullets else 0.0
    checks.append(
        QualityCheck(
            key="quantified",
            label="Quantified achievements",
            passed=share >= 0.4,
            score=min(100, round(share / 0.6 * 100)),
            detail=f"{len(with_numbers)} of {len(bullets)} experience lines have a number "
            "(aim for at least 40%: money, percentages, counts, time saved).",
            lines=[b for b in bullets if not has_metric(b)][:5],
        )
    )

    # Action verbs.
    starts = [b for b in bullets if _tense(b) is not None]
    share = len(starts) / len(bullets) if bullets else 0.0
    checks.append(
        QualityCheck(
            key="action_verbs",
            label="Action verbs",
            passed=share >= 0.6,
            score=min(100, round(share / 0.8 * 100)),
            detail=f"{len(starts)} of {len(bullets)} experience lines start with an action verb.",
            lines=[b for b in bullets if _tense(b) is None][:5],
        )
    )

    # Weak phrases.
    low_lines = [(line, line.lower()) for line in lines(text)]
    weak = [(line.strip(), p) for line, low in low_lines for p in WEAK_PHRASES if p in low]
    checks.append(
        QualityCheck(
            key="weak_phrases",
            label="Weak phrases",
            passed=len(weak) <= 1,
            score=max(0, 100 - 25 * len(weak)),
            detail=(
                "Replace: " + ", ".join(sorted({f"“{p}”" for _, p in weak})) + " with what you did."
                if weak
                else "No filler phrases such as “responsible for” or “team player”."
            ),
            lines=[line for line, _ in weak][:5],
        )
    )

    # Length.
    count = len(text.split())
    if 350 <= count <= 900:
        score, detail = 100, f"{count} words: a one-to-two page resume."
    elif count < 350:
        score = max(0, round(100 * count / 350))
        detail = f"{count} words: short. Most resumes that pass screening have 350–900."
    else:
        score = max(30, 100 - round((count - 900) / 10))
        detail = f"{count} words: long. Trim to the last 10–15 years and the most relevant work."
    if resume.page_count > 2:
        score = min(score, 60)
        detail += f" {resume.page_count} pages; keep it to two."
    checks.append(
        QualityCheck(key="length", label="Length", passed=score >= 80, score=score, detail=detail)
    )

    # Tense consistency: past roles in the past tense.
    past_roles_text = _past_role_lines(parts.get("experience", ""))
    present_in_past = [b for b in _bullets(past_roles_text) if _tense(b) == "present"]
    past = [b for b in _bullets(past_roles_text) if _tense(b) == "past"]
    consistent = not present_in_past or len(present_in_past) <= len(past) * 0.1
    checks.append(
        QualityCheck(
            key="tense",
            label="Tense consistency",
            passed=consistent,
            score=100 if consistent else max(0, 100 - 20 * len(present_in_past)),
            detail="Past roles are written in the past tense."
            if consistent
            else f"{len(present_in_past)} lines of past roles use the present tense.",
            lines=present_in_past[:5],
        )
    )

    # Parse-ability as an ATS sees it.
    chars_per_page = len(text) / max(1, resume.page_count)
    odd = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) > 0x2000 and not ch.isalnum()))
    long_lines = [line for line in text.splitlines() if len(line) > 220]
    problems = []
    score = 100
    if chars_per_page < 300:
        problems.append("very little text per page")
        score -= 40
    if resume.ocr_used:
        problems.append("the text came from OCR (a scanned or image resume); many ATSs read none")
        score -= 30
    if odd > len(text) * 0.01:
        problems.append("unusual symbols an ATS may garble")
        score -= 15
    if long_lines:
        problems.append("very long lines, often from tables or columns")
        score -= 15
    if len([s for s in parts if s != "contact"]) < 2:
        problems.append("few recognisable section headings")
        score -= 20
    checks.append(
        QualityCheck(
            key="parseable",
            label="ATS parse-ability",
            passed=score >= 70,
            score=max(0, score),
            detail=("Possible problems: " + "; ".join(problems) + ".")
            if problems
            else "Plain text with clear headings: an ATS reads it as shown.",
            lines=[line[:160] for line in long_lines[:3]],
        )
    )
    total = sum(WEIGHTS[c.key] * c.score for c in checks) / sum(WEIGHTS.values())
    return QualityReport(score=round(total), checks=checks, word_count=count)


def _past_role_lines(experience: str) -> str:
    """The lines of roles that have ended (their dates do not end in 'present')."""
    out, keep = [], False
    for line in experience.splitlines():
        match = sec.DATE_RANGE_RE.search(line)
        if match:
            keep = match.group("end").lower() not in ("present", "current", "now", "today")
            continue
        if keep:
            out.append(line)
    return "\n".join(out)


def action_verb_start(line: str) -> bool:
    return _tense(line) is not None


def weak_phrase_in(line: str) -> str | None:
    low = line.lower()
    return next((p for p in WEAK_PHRASES if p in low), None)


QUANTITY_HINT = re.compile(r"\d")
