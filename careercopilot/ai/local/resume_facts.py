"""What a resume says, as first-person sentences the letter template may use.

Nothing here adds a fact: each sentence is one of the user's own lines, with "I" put in
front of a line that starts with a verb, or a labelled copy of a line (education,
certifications). Lines that the quality checks flag (weak phrases) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import sections as sec
from .prose import as_sentence, join_list, with_article
from .quality import ACTION_VERBS, PAST_IRREGULAR, action_verb_start, weak_phrase_in
from .text import lines, normalise, stem

# Common resume verbs that the quality check's action-verb list does not hold.
EXTRA_VERB_WORDS = """use handle schedule answer respond process serve post greet stock check
track update review draft edit collect send book place pack deliver fix verify""".split()
EXTRA_VERBS = {stem(v) for v in EXTRA_VERB_WORDS}
SENTENCE_END = re.compile(r"(?<=[a-z0-9%)][.!?])\s+(?=[A-Z])")
# Present forms of known action verbs by stem, to turn 'Managing' into 'manage'.
VERB_BY_STEM = {
    stem(v): v
    for v in [*ACTION_VERBS, *EXTRA_VERB_WORDS]
    if not v.endswith("ed") and v not in PAST_IRREGULAR
}
GERUNDS = re.compile(r"^[A-Za-z]+ing(?:,\s*[a-z]+ing)*(?:,?\s+and\s+[a-z]+ing)?\b")
NOUN_ENDINGS = ("ment", "tion", "sion", "ance", "ence", "ness", "ity", "ing", "ship")
# Where a run-together line holds several items: bullets, or list numbers such as ' 4. '.
ITEM_BREAK = re.compile(r"\s*[•▪●◦·]\s*|\s+\d{1,2}[.)]\s+(?=[A-Z])")
MIN_WORDS, MAX_WORDS = 5, 45  # shorter is a fragment, longer a paragraph run together
_SPLIT_HEADER = re.compile(r"\s+(?:at|@)\s+|\s[|–—-]\s|,\s|\s\|\s|\t")


@dataclass
class Line:
    """One accomplishment line, the role it belongs to, and the sentence made of it."""

    text: str
    sentence: str
    title: str = ""
    employer: str = ""
    current: bool = False


def _starts_with_verb(line: str) -> bool:
    words = re.findall(r"[A-Za-z]+", line.lower())[:2]
    first = words[0] if words else ""
    if first.endswith(NOUN_ENDINGS) or words[1:] == ["of"]:  # 'Management of', 'Review of'
        return False
    past = len(first) > 4 and first.endswith("ed")
    base = _base_form(first)  # 'manages' -> 'manage'
    known = action_verb_start(line) or action_verb_start(base)
    return known or stem(first) in EXTRA_VERBS or stem(base) in EXTRA_VERBS or past


def _base_form(verb: str) -> str:
    """'maintains' -> 'maintain', 'verifies' -> 'verify', 'processes' -> 'process'."""
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith(("ss", "us", "is")):
        return verb[:-1]
    return verb


def first_person(line: str) -> str:
    """'Built the billing service' -> 'I built the billing service.'; '' if not a verb line."""
    sentence = as_sentence(line)
    if sentence and (chain := GERUNDS.match(sentence)):
        verbs = [VERB_BY_STEM.get(stem(g.lower())) for g in re.findall(r"[A-Za-z]+ing", chain[0])]
        if all(verbs):  # 'Leading and coordinating a team' -> 'I lead and coordinate a team'
            joined = join_list(verbs)  # type: ignore[arg-type]
            return f"I {joined}{sentence[chain.end() :]}"
        return ""
    if not sentence or not _starts_with_verb(sentence):
        return ""
    first, _, rest = sentence.partition(" ")
    return f"I {_base_form(first.lower())} {rest}".strip()


def _employer(header: str, title: str) -> str:
    match = sec.DATE_RANGE_RE.search(header)
    before = header[: match.start()] if match else header
    parts = [p.strip(" ,|-–—()") for p in _SPLIT_HEADER.split(before.strip(" ,|-–—("))]
    others = [p for p in parts if p and p != title and not sec.ROLE_NOUNS.search(p)]
    return others[-1] if others else ""


def units(line: str) -> list[str]:
    """A line split where it holds several items: inline bullets, then sentences.

    Resumes pasted or extracted without line breaks put a whole section on one line.
    """
    out = []
    for piece in ITEM_BREAK.split(line):
        out += [s.strip(" ,;-") for s in SENTENCE_END.split(piece) if s.strip(" ,;-")]
    return out


def accomplishments(text: str, parts: dict[str, str]) -> list[Line]:
    """Experience and project lines that read as first-person sentences, with their role."""
    experience = parts.get("experience", "")
    found: list[Line] = []
    title = employer = ""
    current = False
    previous = ""

    def add(unit: str) -> None:
        sentence = first_person(unit) if MIN_WORDS <= len(unit.split()) <= MAX_WORDS else ""
        if sentence and not weak_phrase_in(sentence):
            found.append(Line(unit, sentence, title, employer, current))

    for line in lines(experience) + lines(parts.get("projects", "")):
        match = sec.DATE_RANGE_RE.search(line)
        if match:
            role = sec.roles(f"{previous}\n{line}")[-1]
            title, current = role.title, role.current
            employer = _employer(line, title) or _employer(previous, title)
            previous = line
            continue
        previous = line
        for unit in units(line):
            add(unit)
    if not found:  # no experience heading: any verb line or sentence of the whole text
        title = employer = ""
        for line in lines(text):
            for unit in units(line):
                add(unit)
    return found


def summary_sentence(parts: dict[str, str]) -> str:
    """The first sentence of the summary, in the first person; '' when it has a weak phrase."""
    summary = " ".join(lines(parts.get("summary", "")))
    first = re.split(r"(?<=[.!?])\s+", summary.strip())[0] if summary.strip() else ""
    first = as_sentence(first)
    if not first or weak_phrase_in(first) or len(first.split()) < 4:
        return ""
    if re.match(r"^I\b", first):
        return first
    if _starts_with_verb(first):
        return first_person(first)
    word, _, rest = first.partition(" ")
    context = normalise("\n".join(parts.values()))
    mid_sentence = re.search(rf"(?<![A-Za-z])[a-z]+[,;:]?[ \t]+{re.escape(word)}\b", context)
    if word[1:].islower() and not mid_sentence:  # 'Software developer', not 'Python developer'
        word = word.lower()
    return f"I am {with_article(word)} {rest}".strip()


def education_sentence(parts: dict[str, str]) -> str:
    found = [line for line in lines(parts.get("education", "")) if len(line.split()) >= 2]
    if not found:  # no education heading: the short lines that name a degree
        everything = lines("\n".join(parts.values()))
        found = [line for line in everything if sec.degree_level(line) and len(line.split()) <= 15]
    if not found:
        return ""
    return f"My education: {'; '.join(line.rstrip('.') for line in found[:2])}."


def certifications_sentence(parts: dict[str, str]) -> str:
    found = [line.rstrip(".") for line in lines(parts.get("certifications", ""))]
    return f"My licences and certifications: {'; '.join(found[:3])}." if found else ""


def career_sentence(parts: dict[str, str]) -> str:
    """'My roles so far: Analyst at Globex (2019 - present) and …', from the dated lines."""
    found = []
    previous = ""
    for line in lines(parts.get("experience") or "\n".join(parts.values())):
        match = sec.DATE_RANGE_RE.search(line)
        if match:
            title = sec.roles(f"{previous}\n{line}")[-1].title
            if not sec.ROLE_NOUNS.search(title) or sec.heading_of(title):
                previous = line
                continue
            employer = _employer(line, title) or _employer(previous, title)
            where = f" at {employer}" if employer else ""
            end = match.group("end")
            end = end.lower() if end.lower() in ("present", "current", "now", "today") else end
            found.append(f"{title}{where} ({match.group('start')} to {end})")
        previous = line
    if not found:
        return ""
    if len(found) == 1:
        return (
            f"My current role: {found[0]}."
            if "present" in found[0]
            else f"My last role: {found[0]}."
        )
    return f"My roles so far: {join_list(found[:4])}."


def skills_sentence(parts: dict[str, str], named: list[str]) -> str:
    """The skills section's items, or else the skills the resume names (`named`)."""
    items = [i.strip() for i in re.split(r"[,;|•·\n]", parts.get("skills", "")) if i.strip()]
    items = [i for i in items if len(i.split()) <= 4][:10]
    if len(items) >= 3:
        return f"The skills section of my resume lists {', '.join(items)}."
    return f"My resume names these skills: {join_list(named[:10])}." if len(named) >= 3 else ""


def role_lead(line: Line) -> str:
    """'As a Senior Engineer at Ledgerly, ' for the first sentence about a role."""
    if not line.title:
        return ""
    where = f" at {line.employer}" if line.employer else ""
    return f"As {with_article(line.title)}{where}, "
