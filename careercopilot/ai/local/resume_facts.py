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
from .quality import action_verb_start, weak_phrase_in
from .text import lines, normalise, stem

# Common resume verbs that the quality check's action-verb list does not hold.
EXTRA_VERBS = {
    stem(v)
    for v in """use handle schedule answer respond process serve post greet stock check track
    update review draft edit collect send book place pack deliver fix""".split()
}
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
    first = (re.findall(r"[A-Za-z]+", line) or [""])[0].lower()
    past = len(first) > 4 and first.endswith("ed") and line[:1].isupper()
    return action_verb_start(line) or stem(first) in EXTRA_VERBS or past


def first_person(line: str) -> str:
    """'Built the billing service' -> 'I built the billing service.'; '' if not a verb line."""
    sentence = as_sentence(line)
    if not sentence or not _starts_with_verb(sentence):
        return ""
    first, _, rest = sentence.partition(" ")
    return f"I {first.lower()} {rest}".strip()


def _employer(header: str, title: str) -> str:
    match = sec.DATE_RANGE_RE.search(header)
    before = header[: match.start()] if match else header
    parts = [p.strip(" ,|-–—()") for p in _SPLIT_HEADER.split(before.strip(" ,|-–—("))]
    others = [p for p in parts if p and p != title and not sec.ROLE_NOUNS.search(p)]
    return others[-1] if others else ""


def accomplishments(text: str, parts: dict[str, str]) -> list[Line]:
    """Experience and project lines that read as first-person sentences, with their role."""
    experience = parts.get("experience", "")
    found: list[Line] = []
    title = employer = ""
    current = False
    previous = ""
    for line in lines(experience) + lines(parts.get("projects", "")):
        match = sec.DATE_RANGE_RE.search(line)
        if match:
            role = sec.roles(f"{previous}\n{line}")[-1]
            title, current = role.title, role.current
            employer = _employer(line, title) or _employer(previous, title)
            previous = line
            continue
        previous = line
        if len(line.split()) < 5 or weak_phrase_in(line):
            continue
        sentence = first_person(line)
        if sentence:
            found.append(Line(line, sentence, title, employer, current))
    if not found:  # no experience heading: any verb line of five words or more
        for line in lines(text):
            if len(line.split()) >= 6 and not weak_phrase_in(line) and first_person(line):
                found.append(Line(line, first_person(line)))
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


def skills_sentence(parts: dict[str, str]) -> str:
    items = [i.strip() for i in re.split(r"[,;|•·\n]", parts.get("skills", "")) if i.strip()]
    items = [i for i in items if len(i.split()) <= 4][:10]
    return f"The skills section of my resume lists {', '.join(items)}." if len(items) >= 3 else ""


def role_lead(line: Line) -> str:
    """'As a Senior Engineer at Ledgerly, ' for the first sentence about a role."""
    if not line.title:
        return ""
    where = f" at {line.employer}" if line.employer else ""
    return f"As {with_article(line.title)}{where}, "
