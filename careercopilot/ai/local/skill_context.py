"""Whether a skill named on a resume line is the person's: not a degree on a qualification
line, not what a product or an organisation does, not a department or an employer's name."""

from __future__ import annotations

import re

# A name that heads a department, an industry or a business domain ("sales, marketing &
# commercial department", "the banking sector") names where someone worked, not a skill.
DEPARTMENT_RE = re.compile(
    r"^\s*(?:(?:,|&|/|\band\b)?\s*(?!(?:in|the|of|for|with|at|on|to|from|by|an?)\b)[\w-]+\s*)"
    r"{0,4}?(?:departments?|dept\b\.?|divisions?|"
    r"domains?|industry|industries|sectors?|verticals?)\b",
    re.IGNORECASE,
)
PRODUCT_SENTENCE_RE = re.compile(
    r"^\W*(?:description\s*[-:]\s*)?(?:project\s+description\s*:?\s*)?"
    r"(?:(?:this|the|it|our)\s+(?:[\w-]+\s+){0,3}?(?:project|application|system|platform|"
    r"product|tool|module|software|portal|website|app|solution|universe|dashboard|company|"
    r"client|organi[sz]ation|firm|bank)s?\b|it\s+(?:can|is|was|will)\b|[A-Z][\w-]*\s+is\s+an?\s|"
    r"(?:company|client|organi[sz]ation|firm|bank)\s+(?:provides|offers|serves|speciali[sz]es)|"
    r"(?:project|application|system|platform|product|tool|module|software|portal|website|app|"
    r"solution)\s+(?:relates|handles|provides|supports|allows|helps|aims|includes|manages|"
    r"deals|covers|consists))",
    re.IGNORECASE,
)
SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9)])\.\s*(?=[A-Z])")
# A short line naming a degree or a school ("January 2012 Diploma Labour Law Pune University")
# names a field of study, not a skill.
QUALIFICATION_RE = re.compile(
    r"\b(?:b\.?\s?tech|m\.?\s?tech|b\.\s?e\.?|m\.\s?e\.|b\.?\s?sc|m\.?\s?sc|bachelor'?s?|"
    r"master'?s?|diploma|degree|university|college|polytechnic|institute\s+of|hsc|ssc|cgpa|"
    r"gpa)\b",
    re.IGNORECASE,
)
SKILL_WORD_RE = re.compile(r"skill|proficien|knowledge|expertise|tools", re.IGNORECASE)
QUALIFICATION_MAX_WORDS = 16
COMPANY_SUFFIX = r"(?:Ltd|Limited|Pvt|Inc|Corp|Corporation|LLC|LLP|GmbH|Labs|Infotech)\b\.?"


def is_qualification_line(line: str) -> bool:
    return (
        len(line.split()) <= QUALIFICATION_MAX_WORDS
        and bool(QUALIFICATION_RE.search(line))
        and not SKILL_WORD_RE.search(line)
    )


def product_sentences(line: str) -> list[str]:
    """The sentences of a line that describe a product, a project or an organisation."""
    return [part for part in SENTENCE_END_RE.split(line) if PRODUCT_SENTENCE_RE.search(part)]


def only_within(surface: str, line: str, sentences: list[str]) -> bool:
    """Every occurrence of `surface` in the line lies in one of `sentences`."""
    if not sentences:
        return False
    inside = sum(sentence.count(surface) for sentence in sentences)
    return inside > 0 and inside >= line.count(surface)


def names_a_department(surface: str, line: str) -> bool:
    """ "Coordinated with sales, marketing & commercial department": a part of a company."""
    at = line.find(surface)
    return at >= 0 and bool(DEPARTMENT_RE.match(line[at + len(surface) :]))


def names_a_company(surface: str, line: str) -> bool:
    """ "Oracle Financial Services Ltd", "SAP Labs India": the name of an employer."""
    pattern = rf"(?<![\w.]){re.escape(surface)}\s+(?:[A-Z][\w&.-]*\s+){{0,4}}{COMPANY_SUFFIX}"
    return bool(re.search(pattern, line))
