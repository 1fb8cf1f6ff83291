"""Skills and job titles: our curated vocabulary plus the O*NET taxonomy, and the matcher.

Skills are found by longest-phrase lookup over tokens (aliases included), with a fuzzy
fallback for misspellings of our curated names (rapidfuzz), then "implied" skills are added
from what the text shows without naming: a framework implies its language, and evidence
phrases such as "led a team of 6" imply leadership.

Precision comes first. An O*NET product name made only of ordinary words of work ("Work
order", "Chef", "Act!") is not looked for; an ordinary word is never corrected into a
product name ("employee" is not "iEmployee"); the text after "Company -" names an
employer, not a skill; a one-letter language (C, R) needs a programming context on its line.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from .text import STOPWORDS, lines, tokens

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_PHRASE = 6
FUZZY_MIN_LENGTH = 8
FUZZY_SCORE = 91
ORDINARY_MIN_OCCUPATIONS = 3  # a word in this many O*NET occupation texts is ordinary
CURATED_FILES = ("skills.txt", "skills_fields.txt")
EMPLOYER_RE = re.compile(r"^\s*(?:company|employer|organi[sz]ation)\s*(?:name)?\s*[-:]", re.I)
TECHNICAL = {"language", "framework", "data", "database"}
COMPANY_SUFFIX = r"(?:Ltd|Limited|Pvt|Inc|Corp|Corporation|LLC|LLP|GmbH|Labs|Infotech)\b\.?"
VERSION_RE = re.compile(r"^([A-Za-z][A-Za-z+#]*[A-Za-z+#])\d[\d.]*$")
# "Manual and Automation Testing", "usability, reliability and exploratory testing": each
# modifier with the shared head word can name a skill of its own.
_WORDS = r"[A-Za-z][\w+#-]*(?:\s+[A-Za-z][\w+#-]*)?"
COORDINATION_RE = re.compile(
    rf"\b((?:{_WORDS}\s*(?:,|/|&|\band\b|\bor\b)\s*){{1,5}})([A-Za-z][\w+#-]*)\s+([A-Za-z][\w-]*)"
)
CONJUNCTION_RE = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b)\s*")
PROGRAMMING_RE = re.compile(r"\b(?:programming|languages?|coding|developer|c\+\+|c#|java|python)\b",
                            re.I)  # fmt: skip
# Vendor prefixes dropped to make an alias ("Atlassian JIRA" -> "JIRA").
VENDORS = {
    "microsoft", "adobe", "oracle", "apache", "amazon", "google", "ibm", "autodesk",
    "atlassian", "intuit", "apple", "the", "red", "sap", "salesforce", "dassault", "esri",
    "cisco", "vmware", "mathworks", "statacorp", "trimble", "bentley", "ptc", "national",
}  # fmt: skip


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    implies: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    curated: bool = True


@dataclass
class SkillMention:
    skill: str
    line: str
    surface: str


@dataclass
class SkillFindings:
    """Skills named in a text (with the lines naming them) and skills only shown."""

    named: dict[str, list[str]] = field(default_factory=dict)
    implied: dict[str, tuple[str, str]] = field(default_factory=dict)  # skill -> (line, why)

    def names(self) -> list[str]:
        return list(self.named)


class Taxonomy:
    def __init__(self) -> None:
        self.skills: dict[str, Skill] = {}
        self._ci: dict[tuple[str, ...], str] = {}  # lower-case token tuple -> skill
        self._cs: dict[tuple[str, ...], str] = {}  # exact-case token tuple -> skill
        self._evidence: list[tuple[re.Pattern, str, str]] = []
        self.onet_occupations: dict[str, tuple[str, int]] = {}
        self.titles: dict[str, str] = {}
        self.attribution = ""
        self._ordinary = ordinary_words()
        self._load_onet()
        self._load_curated()
        self._prefer_curated_names()
        self._fuzzy_choices = sorted(
            {k[0] for k, skill in self._ci.items()
             if len(k) == 1 and len(k[0]) >= FUZZY_MIN_LENGTH and self.skills[skill].curated}
        )  # fmt: skip

    # -- loading ------------------------------------------------------------------------
    def _add_alias(self, alias: str, skill: str, *, override: bool) -> None:
        case_sensitive = alias.startswith("=")
        alias = alias.lstrip("=").strip()
        toks = tokens(alias)
        if not toks or len(toks) > MAX_PHRASE:
            return
        if case_sensitive:
            key = tuple(toks)
            target = self._cs
        else:
            key = tuple(t.lower() for t in toks)
            target = self._ci
        if override or key not in target:
            target[key] = skill

    def _curated_lines(self) -> list[str]:
        out: list[str] = []
        for name in CURATED_FILES:
            out += (DATA / name).read_text(encoding="utf-8").splitlines()
        return out

    def _load_curated(self) -> None:
        for raw in self._curated_lines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in raw.split("|")] + ["", "", "", ""]
            name_raw, category, aliases, implies, evidence = parts[:5]
            name = name_raw.lstrip("=")
            self.skills[name] = Skill(
                name=name,
                category=category,
                implies=tuple(s.strip() for s in implies.split(";") if s.strip()),
                evidence=tuple(s.strip() for s in evidence.split(";") if s.strip()),
            )
            # An O*NET spelling of the same name now belongs to the curated skill.
            self._ci.pop(tuple(t.lower() for t in tokens(name)), None)
            self._add_alias(name_raw, name, override=True)
            for alias in aliases.split(";"):
                if alias.strip():
                    self._add_alias(alias.strip(), name, override=True)
            for phrase in self.skills[name].evidence:
                pattern = re.compile(r"(?<![a-z0-9])" + re.escape(phrase.lower()) + r"(?![a-z])")
                self._evidence.append((pattern, name, phrase))

    def _load_onet(self) -> None:
        with gzip.open(DATA / "onet.json.gz", "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        self.attribution = data["attribution"]
        self.onet_occupations = {k: (v[0], v[1]) for k, v in data["occupations"].items()}
        self.titles = dict(data["titles"])
        for name, commodity, flags, _count in data["technologies"]:
            display = re.sub(r"\s+software$", "", name).strip() or name
            if display.lower() in STOPWORDS or self._is_ordinary(display):
                continue
            # A single plain word ("Medical", "Sales", "Loom") is too ambiguous to detect,
            # unless O*NET flags it as a hot or in-demand technology (Python, Tableau).
            plain_word = " " not in display and display.isalpha() and display[1:].islower()
            if plain_word and not flags:
                continue
            self.skills.setdefault(
                display, Skill(name=display, category=commodity.lower(), curated=False)
            )
            for alias in self._onet_aliases(name, display):
                self._add_alias(alias, display, override=False)

    def _prefer_curated_names(self) -> None:
        """A vendor-qualified O*NET name of a curated skill ("Oracle PL/SQL", "Microsoft
        Visual Studio") is that skill, under the curated name."""
        for key, skill in list(self._ci.items()):
            if self.skills[skill].curated or len(key) < 2 or key[0] not in VENDORS:
                continue
            curated = self._ci.get(key[1:])
            if curated and self.skills[curated].curated:
                self._ci[key] = curated

    def _is_ordinary(self, name: str) -> bool:
        """A name made only of ordinary words of work, or of single letters and numerals:
        "Work order", "Human resources", "Act!", "J", "1-2-3"."""
        toks = tokens(name)
        if any(c.isupper() for tok in toks[1:] for c in tok) or any(
            c.isupper() for c in (toks[0][1:] if toks else "")
        ):
            return len("".join(toks)) <= 1
        return all(
            t.lower() in self._ordinary or t.lower() in STOPWORDS or len(t) <= 1 or t.isdigit()
            for t in toks
        )

    def _onet_aliases(self, name: str, display: str) -> list[str]:
        aliases = []
        for candidate in {name, display}:
            toks = candidate.split()
            if len(toks) == 1:
                # A single plain word ("Slack") only counts in its exact case.
                aliases.append(("=" if toks[0][:1].isupper() else "") + candidate)
            elif toks[0][:1].isupper() or not candidate.endswith("software"):
                aliases.append(candidate)
            if len(toks) >= 2 and toks[0].lower() in VENDORS:
                rest = toks[1:]
                distinctive = (
                    len(rest) >= 2
                    or any(c.isupper() for c in rest[0][1:])
                    or (not rest[0].isalpha())
                )
                if distinctive and not self._is_ordinary(" ".join(rest).lower()):
                    aliases.append(" ".join(rest))
        return aliases

    # -- matching ---------------------------------------------------------------------------
    def _match_tokens(self, toks: list[str]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        lower = [t.lower() for t in toks]
        i = 0
        while i < len(toks):
            hit = None
            for length in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
                skill = self._cs.get(tuple(toks[i : i + length])) or self._ci.get(
                    tuple(lower[i : i + length])
                )
                if skill:
                    hit = (skill, " ".join(toks[i : i + length]), length)
                    break
            if hit:
                found.append((hit[0], hit[1]))
                i += hit[2]
                continue
            token = toks[i]
            versioned = VERSION_RE.match(token)  # "MySQL5.0", "HTML5", "Java8"
            if versioned and (skill := self._ci.get((versioned.group(1).lower(),))):
                found.append((skill, token))
            elif "/" in token and len(token) > 3:  # "UI/UX", "Python/Django"
                for part in token.split("/"):
                    found.extend(self._match_tokens([part]) if part else [])
            elif (
                len(token) >= FUZZY_MIN_LENGTH
                and token.lower() not in STOPWORDS
                and token.lower() not in self._ordinary
            ):
                guess = process.extractOne(
                    token.lower(), self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE
                )
                low = token.lower()
                # A typo, not another form of a word ("communications" is not "communication").
                if guess and not (low.startswith(guess[0]) or guess[0].startswith(low)):
                    found.append((self._ci[(guess[0],)], token))
            i += 1
        return found

    def mentions(self, text: str) -> list[SkillMention]:
        return [mention for line in lines(text) for mention in self.line_mentions(line)]

    def line_mentions(self, line: str) -> list[SkillMention]:
        """The skills one line names, with the words that name them."""
        employer = EMPLOYER_RE.match(line)
        found = self._match_tokens(tokens(line))
        technical = PROGRAMMING_RE.search(line) or any(
            len(surface) > 1 and self.skills[skill].category in TECHNICAL
            for skill, surface in found
        )
        found += self._coordinated(line, {skill for skill, _ in found})
        out = []
        for skill, surface in found:
            if employer or _names_a_company(surface, line):
                continue  # "Company - Oracle Financial Services": an employer
            if len(surface) == 1 and not technical:
                continue  # "C" in "grade C" or a list letter
            out.append(SkillMention(skill=skill, line=line, surface=surface))
        return out

    def _coordinated(self, line: str, known: set[str]) -> list[tuple[str, str]]:
        """Curated skills named by a shared head word: "ad hoc and smoke testing"."""
        out = []
        for match in COORDINATION_RE.finditer(line):
            head = match.group(3)
            for modifier in CONJUNCTION_RE.split(match.group(1)):
                # A list item that is a skill itself ("B2B sales, pipeline management") is
                # whole, not a modifier waiting for the head word.
                if not modifier.strip() or self._ci.get(tuple(t.lower() for t in tokens(modifier))):
                    continue
                for words_ in (modifier.split(), modifier.split()[-1:]):
                    phrase = " ".join([*words_, head])
                    skill = self._ci.get(tuple(t.lower() for t in tokens(phrase)))
                    if skill and skill not in known and self.skills[skill].curated:
                        known.add(skill)
                        out.append((skill, phrase))
                        break
        return out

    def find(self, text: str, *, curated_only: bool = False) -> SkillFindings:
        findings = SkillFindings()
        for mention in self.mentions(text):
            if curated_only and not self.skills[mention.skill].curated:
                continue
            findings.named.setdefault(mention.skill, [])
            if mention.line not in findings.named[mention.skill]:
                findings.named[mention.skill].append(mention.line)
        # Implications chain: pytest -> Unit testing -> Software testing.
        queue = [(skill, skill, found_lines[0]) for skill, found_lines in findings.named.items()]
        while queue:
            source, skill, line = queue.pop(0)
            for implied in self.skills[skill].implies if skill in self.skills else ():
                if implied not in findings.named and implied not in findings.implied:
                    findings.implied[implied] = (line, f"listing {source}")
                    queue.append((source, implied, line))
        text_lines = lines(text)
        whole = "\n".join(text_lines).lower()
        for pattern, skill, phrase in self._evidence:
            if skill in findings.named or skill in findings.implied or not pattern.search(whole):
                continue
            line = next((ln for ln in text_lines if pattern.search(ln.lower())), "")
            findings.implied[skill] = (line, f"“{phrase}”")
        return findings

    def is_curated(self, skill: str) -> bool:
        found = self.skills.get(skill)
        return bool(found and found.curated)

    # -- titles -------------------------------------------------------------------------------
    def occupation_for_title(self, title: str) -> str | None:
        """The O*NET occupation code of a job title (exact, then fuzzy)."""
        key = re.sub(r"\s+", " ", title.lower()).strip(" ,.-")
        key = re.sub(
            r"^(senior|sr\.?|junior|jr\.?|lead|principal|staff|associate|head)\s+", "", key
        )
        key = re.sub(r"\s+(i{1,3}|iv|[1-4])$", "", key)
        if not key:
            return None
        if key in self.titles:
            return self.titles[key]
        match = process.extractOne(key, self.titles.keys(), scorer=fuzz.ratio, score_cutoff=88)
        return self.titles[match[0]] if match else None

    def occupation(self, code: str | None) -> tuple[str, int] | None:
        return self.onet_occupations.get(code or "")


def _names_a_company(surface: str, line: str) -> bool:
    """ "Oracle Financial Services Ltd", "SAP Labs India": the name of an employer."""
    pattern = rf"(?<![\w.]){re.escape(surface)}\s+(?:[A-Z][\w&.-]*\s+){{0,4}}{COMPANY_SUFFIX}"
    return bool(re.search(pattern, line))


@cache
def word_frequencies() -> dict:
    """O*NET word statistics (`idf.json.gz`): stem and plain-word document frequencies."""
    with gzip.open(DATA / "idf.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def ordinary_words() -> frozenset[str]:
    plain = word_frequencies()["plain"]
    return frozenset(w for w, n in plain.items() if n >= ORDINARY_MIN_OCCUPATIONS)


@cache
def taxonomy() -> Taxonomy:
    return Taxonomy()
