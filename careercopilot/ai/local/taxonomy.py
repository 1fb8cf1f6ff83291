"""Skills and job titles: our curated vocabulary plus the O*NET taxonomy, and the matcher.

Skills are found by longest-phrase lookup over tokens (aliases included), with a fuzzy
fallback for misspellings of our curated names (rapidfuzz), then "implied" skills are added
from what the text shows without naming: a framework implies its language, and evidence
phrases such as "led a team of 6" imply leadership.

A resume's lists count too (`skill_sections.py`): what its skills sections and skill-label
lines list is a skill once filtered by the gold rule, kept under the vocabulary's name when
known ("Presentation skill", "Auto cad", "MS Access2007" are spelled as lists write them)
and as written otherwise, with the neutral category. In running text only the
vocabulary's names count.

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
from itertools import product
from pathlib import Path

from rapidfuzz import fuzz, process

from .skill_context import (
    is_qualification_line,
    names_a_company,
    names_a_department,
    only_within,
    product_sentences,
)
from .skill_sections import listed_items, running_list_items
from .text import STOPWORDS, lines, tokens

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_PHRASE = 6
FUZZY_MIN_LENGTH = 8
FUZZY_SCORE = 91
ORDINARY_MIN_OCCUPATIONS = 3  # a word in this many O*NET occupation texts is ordinary
CURATED_FILES = ("skills.txt", "skills_fields.txt", "skills_work.txt", "skills_domains.txt")
NEUTRAL_CATEGORY = "other"  # a listed skill the vocabulary does not know
# An ordinary word listed alone is a skill when it names a practice ("Budgeting").
PRACTICE_RE = re.compile(r"(?<!th)ing$|ment$|ics$|ogy$|ance$|ship$", re.I)
EMPLOYER_RE = re.compile(r"^\s*(?:company|employer|organi[sz]ation)\s*(?:name)?\s*[-:]", re.I)
# A project's title, a client or a business domain names no skill of the person's ("Title:
# Customer Care System", "Domain - Finance and Accounting"): its value, up to the next label.
NOT_SKILL_VALUE_RE = re.compile(
    r"\b(?:project\s+(?:title|name)|title|client(?:\s+name)?|domain)\s*(?::|\s-)\s*"
    r".*?(?=\s+[A-Z][\w&/ ]{0,30}\s*:|$)",
    re.IGNORECASE,
)
# Technologies named as interests or plans, not as skills: the rest of that sentence.
INTEREST_RE = re.compile(
    r"\b(?:road\s*-?\s*maps?|interested\s+in|areas?\s+of\s+interests?|keen\s+to\s+learn|"
    r"wants?\s+to\s+learn|"
    r"would\s+like\s+to\s+learn|plan(?:ning)?\s+to\s+learn)\b[^.;]*",
    re.IGNORECASE,
)
ENGLISH_ENDING_RE = re.compile(r"(?:ing|ion|ics|ity|ers?|ism|al|ic|ous|ive|ed|s)$")
TECHNICAL = {"language", "framework", "data", "database"}
SOFTWARE_TESTING = "Software testing"
TESTING = "Testing"  # what a bare "testing" names in a text about no software
# Practices of a business, as opposed to technologies: named in a sentence about a product
# or an organisation ("This application handles order processing and invoicing", "X is an
# investment platform for mutual funds"), they describe what it does, not the person.
BUSINESS = {
    "finance",
    "hr",
    "legal",
    "sales",
    "marketing",
    "operations",
    "management",
    "hospitality",
    "clinical",
    "health",
    "engineering",
    "practice",
    "arts",
    "education",
}
VERSION_RE = re.compile(r"^([A-Za-z][A-Za-z+#]*[A-Za-z+#])\d[\d.]*$")
JS_NAME_RE = re.compile(r"^([a-z][a-z0-9]+?)\.?js$")  # "node.js", "expressjs"
# A word boundary lost in a flattened export: "SpringMVC", "ApacheTomcatServer".
CAMEL_PART_RE = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d[\w.]*")
# "Manual and Automation Testing", "usability, reliability and exploratory testing": each
# modifier with the shared head word can name a skill of its own.
_WORDS = r"[A-Za-z][\w+#-]*(?:\s+[A-Za-z][\w+#-]*)?"
COORDINATION_RE = re.compile(
    rf"\b((?:{_WORDS}\s*(?:,|/|&|\band\b|\bor\b)\s*){{1,5}})([A-Za-z][\w+#-]*)\s+([A-Za-z][\w-]*)"
)
CONJUNCTION_RE = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b)\s*")
GO_LIVE_RE = re.compile(r"\bgo[\s-]+live\b", re.IGNORECASE)
PROGRAMMING_RE = re.compile(
    r"\b(?:programming|languages?|coding|developer|c\+\+|c#|java|python)\b", re.I
)
# Vendor prefixes dropped to make an alias ("Atlassian JIRA" -> "JIRA").
VENDORS = {
    "microsoft",
    "adobe",
    "oracle",
    "apache",
    "amazon",
    "google",
    "ibm",
    "autodesk",
    "atlassian",
    "intuit",
    "apple",
    "the",
    "red",
    "sap",
    "salesforce",
    "dassault",
    "esri",
    "cisco",
    "vmware",
    "mathworks",
    "statacorp",
    "trimble",
    "bentley",
    "ptc",
    "national",
}


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
        # Named only by _testing_outside_software: "testing" stays Software testing's alias.
        self.skills.setdefault(TESTING, Skill(name=TESTING, category="practice"))
        self._fuzzy_choices = sorted(
            {
                k[0]
                for k, skill in self._ci.items()
                if len(k) == 1 and len(k[0]) >= FUZZY_MIN_LENGTH and self.skills[skill].curated
            }
        )

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
        # "Node js", "React JS": the ".js" name written as two words.
        if not case_sensitive and len(key) == 1 and (js := JS_NAME_RE.match(key[0])):
            if (js.group(1), "js") not in target:
                target[(js.group(1), "js")] = skill

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
            # unless O*NET flags it as a hot or in-demand technology (Python, Tableau) or it
            # is no English word at all (Zabbix, Gradle, Minitab).
            plain_word = " " not in display and display.isalpha() and display[1:].islower()
            if plain_word and not flags and self._english_word(display):
                continue
            self.skills.setdefault(
                display, Skill(name=display, category=commodity.lower(), curated=False)
            )
            for alias in self._onet_aliases(name, display):
                self._add_alias(alias, display, override=False)

    def _english_word(self, word: str) -> bool:
        """A word of English rather than a coined product name: a whole word of the English
        WordPiece vocabulary, a word of O*NET's occupation texts, or English by its ending."""
        low = word.lower()
        return (
            low in english_vocabulary()
            or low in word_frequencies()["plain"]
            or bool(ENGLISH_ENDING_RE.search(low))
        )

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
        # "MS Access2007": a version glued to a word of a longer name.
        unversioned = [
            m.group(1).lower() if (m := VERSION_RE.match(t)) and (low,) not in self._ci else low
            for t, low in zip(toks, lower, strict=True)
        ]
        i = 0
        while i < len(toks):
            hit = None
            for length in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
                key = tuple(lower[i : i + length])
                skill = self._cs.get(tuple(toks[i : i + length])) or self._ci.get(key)
                if not skill and length > 1:
                    skill = self._ci.get(tuple(unversioned[i : i + length]))
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
            elif len(parts := _camel_parts(token)) > 1:
                # Only a name of several words from the first part on shows the space was
                # lost; "PyMySQL" and "ControlFlash" are names of their own.
                found.extend(
                    (skill, surface)
                    for skill, surface in self._match_tokens(parts)[:1]
                    if len(words := tokens(surface)) > 1 and words[0] == parts[0]
                )
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

    def _inflected(self, key: tuple[str, ...]) -> str | None:
        """A curated name of several words in the other number: "customer services",
        "sales strategies", "test summary report"."""
        last = key[-1]
        if len(key) < 2 or len(last) < 4 or not last.isalpha():
            return None
        if last.endswith("ies"):
            others = [last[:-3] + "y"]
        elif last.endswith("s"):
            others = [last[:-1]]
        else:
            others = [last + "s", last[:-1] + "ies"] if last.endswith("y") else [last + "s"]
        for other in others:
            skill = self._ci.get((*key[:-1], other))
            if skill and self.skills[skill].curated:
                return skill
        return None

    def mentions(self, text: str) -> list[SkillMention]:
        return [mention for line in lines(text) for mention in self.line_mentions(line)]

    def line_mentions(self, line: str) -> list[SkillMention]:
        """The skills one line names, with the words that name them."""
        employer = EMPLOYER_RE.match(line)
        line = INTEREST_RE.sub(" ", NOT_SKILL_VALUE_RE.sub(" ", line))
        found = self._match_tokens(tokens(line))
        technical = PROGRAMMING_RE.search(line) or any(
            len(surface) > 1 and self.skills[skill].category in TECHNICAL
            for skill, surface in found
        )
        found += self._coordinated(line, {skill for skill, _ in found})
        out = []
        if is_qualification_line(line):
            return []
        about_products = product_sentences(line)
        for skill, surface in found:
            if self.skills[skill].category in BUSINESS and only_within(
                surface, line, about_products
            ):
                continue  # "This application handles order processing": what it does
            if employer or names_a_company(surface, line) or names_a_department(surface, line):
                continue  # "Company - Oracle Financial Services": an employer
            if len(surface) == 1 and not technical:
                continue  # "C" in "grade C" or a list letter
            if surface == "Go" and GO_LIVE_RE.search(line):
                continue  # "the Go-live", not the language
            out.append(SkillMention(skill=skill, line=line, surface=surface))
        return out

    def _coordinated(self, line: str, known: set[str]) -> list[tuple[str, str]]:
        """Curated skills named by a shared head word: "ad hoc and smoke testing"."""
        out = []
        for match in COORDINATION_RE.finditer(line):
            # The head may end a longer name: "Hotel and Front Office Management".
            following = line[match.end() :].split()[:2]
            heads = [[match.group(3)]] + [[w.strip(",.;:")] for w in following]
            for modifier in CONJUNCTION_RE.split(match.group(1)):
                # A list item that is a skill itself ("B2B sales, pipeline management") is
                # whole, not a modifier waiting for the head word.
                if not modifier.strip() or self._ci.get(tuple(t.lower() for t in tokens(modifier))):
                    continue
                for words_, head in product((modifier.split(), modifier.split()[-1:]), heads):
                    phrase = " ".join([*words_, *head])
                    key = tuple(t.lower() for t in tokens(phrase))
                    skill = self._ci.get(key) or self._inflected(key)
                    if skill and skill not in known and self.skills[skill].curated:
                        known.add(skill)
                        out.append((skill, phrase))
                        break
        return out

    def lookup(self, phrase: str) -> str | None:
        """The skill a whole phrase names, as a list may write it: "Presentation skill",
        "Customer Services", "Auto cad", "PL-SQL", "MS Access2007"."""
        toks = tokens(phrase)
        if not toks or len(toks) > MAX_PHRASE:
            return None
        for variant in _spellings(toks):
            skill = self._cs.get(tuple(variant)) or self._ci.get(tuple(t.lower() for t in variant))
            if skill:
                return skill
        return None

    def listed(self, text: str) -> list[SkillMention]:
        """Skills listed in the text's skills sections and skill-label lines; a name the
        vocabulary does not know is kept as written (category NEUTRAL_CATEGORY)."""
        out = []
        known = lambda phrase: self.lookup(phrase) is not None  # noqa: E731
        items = listed_items(text, is_skill=known) + running_list_items(text, is_skill=known)
        for item in items:
            skill = self.lookup(item.name)
            if skill is None:
                if self._mostly_known(item.name) or self._ordinary_alone(item.name):
                    continue
                skill = _display(item.name)
            out.append(SkillMention(skill=skill, line=item.line, surface=item.name))
        return out

    def _mostly_known(self, name: str) -> bool:
        """Half its words or more name vocabulary skills, or two of them do ("OS Windows
        Database MySQL"): those are found on their own."""
        toks = tokens(name)
        found = self._match_tokens(toks)
        known = sum(len(tokens(surface)) for _skill, surface in found)
        return known * 2 >= len(toks) or len({skill for skill, _ in found}) >= 2

    def _ordinary_alone(self, name: str) -> bool:
        toks = tokens(name)
        if len(toks) != 1:
            return False
        word = toks[0].lower()
        if word in STOPWORDS:
            return True
        return word in self._ordinary and not PRACTICE_RE.search(word)

    def category(self, name: str) -> str:
        found = self.skills.get(name)
        return found.category if found else NEUTRAL_CATEGORY

    def find(self, text: str, *, curated_only: bool = False) -> SkillFindings:
        findings = SkillFindings()
        found = self.mentions(text)
        if not curated_only:
            found += self.listed(text)
        known = {name.lower(): name for name in self.skills}
        found = self._testing_outside_software(found)
        for mention in found:
            if curated_only and not self.skills[mention.skill].curated:
                continue
            name = known.get(mention.skill.lower(), mention.skill)
            name = next((n for n in findings.named if n.lower() == name.lower()), name)
            findings.named.setdefault(name, [])
            if mention.line not in findings.named[name]:
                findings.named[name].append(mention.line)
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

    def _testing_outside_software(self, found: list[SkillMention]) -> list[SkillMention]:
        """Bare "testing" in a text that names no software ("inspection and testing" of a
        site engineer, "testing of backup systems") is testing, not Software testing."""
        if any(
            self.category(m.skill) in TECHNICAL
            or (m.skill == SOFTWARE_TESTING and m.surface.lower() != "testing")
            for m in found
        ):
            return found
        return [
            SkillMention(skill=TESTING, line=m.line, surface=m.surface)
            if m.skill == SOFTWARE_TESTING
            else m
            for m in found
        ]

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


def _spellings(toks: list[str]) -> list[list[str]]:
    """A listed name as the vocabulary may spell it: without "skills", singular or plural,
    without versions or hyphens, or with a split word joined ("Micro station")."""
    out = [toks]
    if len(toks) > 1 and toks[-1].lower() in {"skill", "skills"}:
        out.append(toks[:-1])
    for base in list(out):
        last = base[-1]
        if len(base) > 1 and len(last) > 3:
            out.append([*base[:-1], last[:-1] if last.lower().endswith("s") else last + "s"])
        unversioned = [m.group(1) if (m := VERSION_RE.match(t)) else t for t in base]
        while len(unversioned) > 1 and re.fullmatch(r"v?\d[\d.]*[a-z]?", unversioned[-1], re.I):
            unversioned = unversioned[:-1]
        out.append(unversioned)
        if any("-" in t for t in base):
            out.append([p for t in base for p in t.split("-") if p])
            out.append([t.replace("-", "/") for t in base])
            out.append([t.replace("-", "") for t in base])
        for i in range(len(base) - 1):
            out.append([*base[:i], base[i] + base[i + 1], *base[i + 2 :]])
    return out


def _camel_parts(token: str) -> list[str]:
    """The words of a token whose spaces were lost ("SpringMVC" -> Spring, MVC), when
    it has at least two capitalised words; a mixed-case name is one word otherwise."""
    if not token.isalnum() or not token[0].isupper() or token.isupper():
        return [token]
    parts = CAMEL_PART_RE.findall(token)
    if "".join(parts) != token or sum(p[:1].isupper() for p in parts) < 2:
        return [token]
    return parts


def _display(name: str) -> str:
    """A listed name for display: capitals kept, a shouted word ("DATA SCIENCE") calmed."""
    if not name.isupper():
        return name
    words_ = [w if len(w) <= 4 else w.capitalize() for w in name.split()]
    return " ".join(words_)


@cache
def word_frequencies() -> dict:
    """O*NET word statistics (`idf.json.gz`): stem and plain-word document frequencies."""
    with gzip.open(DATA / "idf.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def ordinary_words() -> frozenset[str]:
    plain = word_frequencies()["plain"]
    return frozenset(w for w, n in plain.items() if n >= ORDINARY_MIN_OCCUPATIONS)


@cache
def english_vocabulary() -> frozenset[str]:
    """The whole words of the MiniLM tokenizer's English WordPiece vocabulary."""
    with (DATA / "minilm-tokenizer.json").open(encoding="utf-8") as handle:
        vocab = json.load(handle)["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha())


@cache
def taxonomy() -> Taxonomy:
    return Taxonomy()
