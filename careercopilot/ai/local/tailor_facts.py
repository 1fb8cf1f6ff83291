"""The facts a resume holds, and the check that a tailored one adds none.

A fact is a number, a date, an organisation (employer, school, issuer...), a job title, a
degree, a skill, a proper name, or a contact detail. A tailored document passes when every
one of its facts is among the base document's: that is how rewordings from any engine
(local or Claude) are screened before the user sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .taxonomy import taxonomy
from .text import normalise

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
PROPER = re.compile(r"\b[A-Z][A-Za-z0-9&+#.'-]*[A-Za-z0-9+#]|\b[A-Z]\b")
SENTENCE_START = re.compile(r"(?:^|[.!?:;•]\s+|\(\s*)$")
DATE_FIELDS = ("startDate", "endDate", "date", "releaseDate")
ORG_FIELDS = {
    "work": ("name", "position", "location", "url"),
    "volunteer": ("organization", "position", "url"),
    "education": ("institution", "area", "studyType", "score", "url"),
    "awards": ("title", "awarder"),
    "certificates": ("name", "issuer", "url"),
    "publications": ("name", "publisher", "url"),
    "projects": ("name", "entity", "url"),
    "languages": ("language", "fluency"),
    "references": ("name",),
}
# Fields whose entries must be kept exactly: an entry with other values is a new fact.
IDENTITY_FIELDS = {section: (*names, *DATE_FIELDS) for section, names in ORG_FIELDS.items()}


def document_text(document: dict) -> str:
    """Every string of the document, one per line (what the facts are looked for in)."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return "\n".join(out)


def _numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in NUMBER.finditer(normalise(text))}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z0-9&+#.'-]+", normalise(text))} | {
        w.lower().strip(".'-") for w in re.findall(r"[A-Za-z0-9&+#.'-]+", normalise(text))
    }


def skills_of(text: str) -> set[str]:
    return {name.lower() for name in taxonomy().find(text).named}


def _proper_names(text: str) -> set[str]:
    """Capitalised words that do not start a sentence: names of things, places, products."""
    found = set()
    for line in normalise(text).splitlines():
        for match in PROPER.finditer(line):
            if SENTENCE_START.search(line[: match.start()]):
                continue
            found.add(match.group(0).lower().strip(".'-"))
    return found


@dataclass
class Facts:
    numbers: set[str]
    words: set[str]
    skills: set[str]
    skill_surfaces: set[str]
    entries: dict[str, set[tuple]] = field(default_factory=dict)
    basics: dict = field(default_factory=dict)

    @classmethod
    def of(cls, document: dict) -> Facts:
        text = document_text(document)
        surfaces = set()
        skills = skills_of(text)
        for mention in taxonomy().mentions(text):
            surfaces.add(mention.surface.lower())
        return cls(
            numbers=_numbers(text),
            words=_words(text),
            skills=skills,
            skill_surfaces=surfaces,
            entries={s: {_identity(s, e) for e in document.get(s) or []} for s in ORG_FIELDS},
            basics=document.get("basics") or {},
        )

    def unsupported_in_text(self, text: str) -> list[str]:
        """What a piece of text claims that the base does not: numbers, skills, names."""
        problems = []
        for number in sorted(_numbers(text) - self.numbers):
            problems.append(f"the number {number}")
        for skill in sorted(skills_of(text) - self.skills):
            problems.append(f"the skill {skill}")
        for name in sorted(_proper_names(text)):
            if name in self.words or self._names_a_held_skill(name):
                continue
            problems.append(f"the name {name}")
        return problems

    def _names_a_held_skill(self, word: str) -> bool:
        skill = taxonomy().lookup(word)
        return skill is not None and skill.lower() in self.skills


def _identity(section: str, entry: dict) -> tuple:
    return tuple(str(entry.get(name, "")) for name in IDENTITY_FIELDS[section])


def check(base: dict, candidate: dict) -> list[str]:
    """Every fact of ``candidate`` that ``base`` does not hold ([] when none)."""
    facts = Facts.of(base)
    problems: list[str] = []
    if (candidate.get("basics") or {}) != facts.basics:
        problems.append("the contact details and summary changed")
    for section in ORG_FIELDS:
        for entry in candidate.get(section) or []:
            if _identity(section, entry) not in facts.entries[section]:
                label = entry.get("name") or entry.get("institution") or entry.get("title") or ""
                problems.append(f"a {section} entry the base does not hold ({label})")
    problems.extend(facts.unsupported_in_text(document_text(candidate)))
    return list(dict.fromkeys(problems))
