"""Resume sections from headings, plus the dates, titles and degrees found in them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .text import normalise

SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
        "career summary",
        "executive summary",
        "personal statement",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "clinical experience",
        "professional background",
        "experience highlights",
    ),
    "education": (
        "education",
        "academic background",
        "education and training",
        "academics",
        "education and certifications",
        "education & certifications",
        "training",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "core competencies",
        "competencies",
        "skills and tools",
        "skills & tools",
        "tools",
        "technologies",
        "areas of expertise",
        "expertise",
        "skills summary",
        "tech stack",
        "clinical skills",
        "software",
        "tools and technologies",
    ),
    "projects": ("projects", "selected projects", "personal projects", "portfolio", "key projects"),
    "certifications": (
        "certifications",
        "certificates",
        "licenses",
        "licenses and certifications",
        "licenses & certifications",
        "licensure",
        "certifications and licenses",
    ),
    "other": (
        "awards",
        "honors",
        "volunteer",
        "volunteering",
        "publications",
        "interests",
        "languages",
        "activities",
        "leadership",
        "achievements",
        "references",
    ),
}
SECTION_ORDER = (
    "contact",
    "summary",
    "experience",
    "education",
    "skills",
    "projects",
    "certifications",
    "other",
)
_HEADING_LOOKUP = {h: name for name, heads in SECTION_HEADINGS.items() for h in heads}

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_POINT = rf"(?:{_MONTH}\s+)?(?:\d{{1,2}}/)?(?:19|20)\d\d"
DATE_RANGE_RE = re.compile(
    rf"(?P<start>{_POINT})\s*(?:-|to|until|–|—)\s*(?P<end>{_POINT}|present|current|now|today)",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]?\d{3,4}[\s.-]?\d{3,4}")
URL_RE = re.compile(r"(?:https?://|www\.)\S+|linkedin\.com/\S+|github\.com/\S+", re.IGNORECASE)
LOCATION_RE = re.compile(r"\b[A-Z][a-zA-Z .'-]+,\s*(?:[A-Z]{2}\b|[A-Z][a-z]+)")
ROLE_NOUNS = re.compile(
    r"\b(engineer|developer|programmer|nurse|manager|analyst|designer|scientist|executive|"
    r"representative|rep|accountant|specialist|consultant|associate|coordinator|director|"
    r"teacher|assistant|intern|lead|officer|administrator|architect|technician|"
    r"controller|auditor|advisor|adviser|strategist|writer|editor|researcher|owner|founder|"
    r"cashier|clerk|supervisor|head|vp|president|planner|recruiter|therapist|practitioner|"
    r"cna|lpn|rn|bookkeeper|producer|marketer|agent|partner|instructor|tutor|sales|"
    r"advocate|lawyer|attorney|paralegal|trainer|tester|artist|painter|illustrator|chef|"
    r"pharmacist|physician|doctor|dietitian|nutritionist|physiotherapist|electrician|"
    r"mechanic|operator|surveyor|draftsman|receptionist|secretary|counsell?or|coach|"
    r"photographer|musician|dancer|buyer|merchandiser|underwriter|actuary|economist|"
    r"statistician|librarian|professor|lecturer|educator)\b",
    re.IGNORECASE,
)
SENIORITY_WORDS = (
    (0, ("intern", "internship", "trainee", "apprentice", "student")),
    (1, ("junior", "jr", "entry", "entry-level", "graduate", "associate", "assistant")),
    (3, ("senior", "sr")),
    (4, ("lead", "staff", "principal", "manager", "supervisor", "charge")),
    (5, ("director", "head", "vp", "vice", "chief", "cto", "cfo", "ceo", "president")),
)
SENIORITY_NAMES = {
    0: "intern",
    1: "junior",
    2: "mid-level",
    3: "senior",
    4: "lead/manager",
    5: "director+",
}

DEGREE_PATTERNS = (
    (5, r"\b(ph\.?\s?d|doctorate|doctor of|dnp|md|j\.?d)\b"),
    (4, r"\b(master'?s?|m\.?s\.?c?|m\.?a\.|mba|msn|m\.?eng|meng|mfa|mph)\b"),
    (
        3,
        r"\b(bachelor'?s?|b\.?s\.?c?|b\.?a\.|bsn|b\.?eng|beng|bfa|bba|undergraduate degree|four-year degree|4-year degree)\b",
    ),
    (2, r"\b(associate'?s? degree|associate of|adn|a\.?a\.?s|a\.?s\. degree|diploma in nursing)\b"),
    (1, r"\b(high school|ged|secondary school)\b"),
)
DEGREE_NAMES = {
    0: "",
    1: "high school",
    2: "associate",
    3: "bachelor's",
    4: "master's",
    5: "doctorate",
}


@dataclass
class Role:
    title: str
    start: date | None
    end: date | None
    current: bool
    line: str


def heading_of(line: str) -> str | None:
    """The section a heading line opens, or None for a line that is not a heading."""
    clean = re.sub(r"[^a-z& ]", "", normalise(line).lower()).strip()
    clean = re.sub(r"\s+", " ", clean.replace("&", "and"))
    if not clean or len(clean.split()) > 5:
        return None
    return _HEADING_LOOKUP.get(clean) or _HEADING_LOOKUP.get(clean.replace("and", "&"))


def split_sections(text: str, *, heading_hints: set[str] | None = None) -> dict[str, str]:
    """Section name -> text. Lines before the first heading are the contact block.

    `heading_hints` are lines the layout marked as headings (bold, larger or all caps);
    they are trusted when they name a known section even with extra words.
    """
    sections: dict[str, list[str]] = {}
    current = "contact"
    for raw in normalise(text).splitlines():
        line = raw.strip()
        if not line:
            continue
        inline = re.match(r"^([A-Za-z &/]{3,40}):\s+(\S.*)$", line)
        name = heading_of(line.rstrip(":"))
        if name is None and heading_hints and line in heading_hints:
            words = re.findall(r"[a-z]+", line.lower())
            name = next((_HEADING_LOOKUP[w] for w in words if w in _HEADING_LOOKUP), None)
        if name:
            current = name
            sections.setdefault(current, [])
            continue
        inline_name = heading_of(inline.group(1)) if inline else None
        if inline and inline_name in ("skills", "certifications", "summary"):
            sections.setdefault(inline_name, []).append(inline.group(2))
            continue
        sections.setdefault(current, []).append(line)
    return {k: "\n".join(v) for k, v in sections.items() if v or k != "contact"}


def _parse_point(value: str, *, end: bool) -> date | None:
    value = value.strip().lower().rstrip(".")
    if value in ("present", "current", "now", "today"):
        return date.today()
    year_match = re.search(r"(19|20)\d\d", value)
    if not year_match:
        return None
    year = int(year_match.group(0))
    month = 12 if end else 1
    month_match = re.match(r"([a-z]+)", value)
    if month_match and month_match.group(1)[:4].rstrip(".") in MONTHS:
        month = MONTHS[month_match.group(1)[:4].rstrip(".")]
    elif month_match and month_match.group(1)[:3] in MONTHS:
        month = MONTHS[month_match.group(1)[:3]]
    numeric = re.match(r"(\d{1,2})/", value)
    if numeric and 1 <= int(numeric.group(1)) <= 12:
        month = int(numeric.group(1))
    return date(year, month, 1)


def roles(experience_text: str) -> list[Role]:
    """Each dated role in the experience section, with the title nearest to its dates."""
    found: list[Role] = []
    previous = ""
    for raw in experience_text.splitlines():
        line = raw.strip()
        match = DATE_RANGE_RE.search(line)
        if match:
            start = _parse_point(match.group("start"), end=False)
            end = _parse_point(match.group("end"), end=True)
            current = match.group("end").lower() in ("present", "current", "now", "today")
            before = line[: match.start()].strip(" ,|-–—()")
            title_source = before if ROLE_NOUNS.search(before) else previous
            found.append(Role(_clean_title(title_source), start, end, current, line))
        previous = line
    return found


def _clean_title(line: str) -> str:
    parts = re.split(r"\s+(?:at|@)\s+|\s[|,–—-]\s|,\s|\s\|\s|\t", line)
    for part in parts:
        if ROLE_NOUNS.search(part):
            return part.strip(" ,|-–—")[:120]
    return parts[0].strip(" ,|-–—")[:120] if parts else ""


def total_years(found: list[Role]) -> float:
    """Years covered by the roles, overlapping periods counted once."""
    spans = sorted((s, e) for r in found if (s := r.start) and (e := r.end) and e >= s)
    if not spans:
        return 0.0
    total_days = 0
    cursor_start, cursor_end = spans[0]
    for start, end in spans[1:]:
        if start > cursor_end:
            total_days += (cursor_end - cursor_start).days
            cursor_start, cursor_end = start, end
        else:
            cursor_end = max(cursor_end, end)
    total_days += (cursor_end - cursor_start).days + 30
    return round(total_days / 365.25, 1)


def stated_years(text: str) -> float | None:
    """'8+ years of experience' in a summary."""
    match = re.search(
        r"(\d{1,2})\+?\s*(?:years|yrs)\s+(?:of\s+)?(?:[a-z-]+\s+){0,3}(?:experience|expertise)",
        text.lower(),
    )
    return float(match.group(1)) if match else None


def seniority_of(title: str) -> int:
    """0 intern … 2 mid-level (no marker) … 5 director and above."""
    low = title.lower()
    words = set(re.findall(r"[a-z]+", low))
    levels = [value for value, markers in SENIORITY_WORDS if words & set(markers)]
    if re.search(r"\b(iii|3)$", low):
        levels.append(3)
    high = [v for v in levels if v >= 3]
    if high:
        return max(high)
    return min(levels) if levels else 2


def degree_level(text: str) -> int:
    low = normalise(text).lower()
    for level, pattern in DEGREE_PATTERNS:
        if re.search(pattern, low):
            return level
    return 0


def contact_details(text: str) -> dict[str, str]:
    head = "\n".join(normalise(text).splitlines()[:12])
    details = {}
    if email := EMAIL_RE.search(text):
        details["email"] = email.group(0)
    if phone := PHONE_RE.search(head):
        details["phone"] = phone.group(0).strip()
    if url := URL_RE.search(text):
        details["link"] = url.group(0)
    if location := LOCATION_RE.search(head):
        details["location"] = location.group(0)
    return details
