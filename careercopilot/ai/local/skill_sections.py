"""Skills a resume lists in its structure, named or not in the vocabulary.

Resumes list their skills under a heading ("Skills", "Key skills", "Core competencies",
"Areas of expertise", "Computer knowledge"...), split by commas, bullets, pipes, semicolons
or line breaks, in "Label: a, b, c" lines ("Tools: Jira, Git", "Environment: Java,
Oracle"), and as "X - Experience - N months" lines. Each listed item is a skill once it
passes the gold rule of what counts: one to five words, not a sentence or a duty, not a
date, number, degree, institution, employer, certificate, spoken language, hobby or
personal trait ("hard working", "energy level", "willingness to learn").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .skill_filter import (
    DUTY_VERBS,
    FUNCTION_WORDS,
    MAX_WORDS,
    SENTENCE_WORDS,
    acceptable,
)
from .text import normalise

MAX_SPLIT_WORDS = 8  # an "A and B" item this long may still hold two skills
MAX_SECTION_LINES = 40

_MODIFIER = (
    r"(?:key|core|technical|tech|it|i\.t\.|computer|professional|personal|soft|hard|"
    r"functional|software|relevant|additional|other|special|primary|main|management|"
    r"domain|interpersonal|managerial|business|analytical|programming|areas?\s+of|"
    r"fields?\s+of|summary\s+of)"
)
_HEAD = (
    r"(?:skills?(?:\s*-?\s*set)?|skillset|competenc(?:y|ies)|expertise|strengths|"
    r"proficienc(?:y|ies)|knowledge|abilities|tools|technologies|tech\s+stack)"
)
_TAIL = r"(?:summary|details|highlights|profile|overview|snapshot|matrix|learnt|learned|acquired|gained)"
# Sections of personal qualities: what they list counts only when it is a known skill.
SOFT_HEADING_RE = re.compile(
    r"^(?:(?:key|personal|core)\s+)?(?:strengths|qualities|traits|attributes)|"
    r"^(?:personal|soft|interpersonal)\s+skills?",
    re.IGNORECASE,
)
SKILL_HEADING_RE = re.compile(
    rf"(?:{_MODIFIER}\s*){{0,2}}{_HEAD}(?:\s*(?:&|and)\s*{_HEAD})?(?:\s+{_TAIL})?",
    re.IGNORECASE,
)
# Headings of the sections that end a skills list.
END_HEADING_RE = re.compile(
    r"(?:education(?:al)?(?:\s+(?:details|qualifications?|background))?|academic\s+"
    r"(?:details|qualifications?|background|projects?|profile)|qualifications?|"
    r"(?:work|professional|relevant|industrial)\s+experience|experience(?:\s+details)?|"
    r"employment(?:\s+history)?|work\s+history|career\s+(?:history|timeline|objective)|"
    r"company\s+details|projects?(?:\s+details)?|internships?|certifications?|"
    r"certificates?|achievements|awards|accomplishments|hobbies|interests|"
    r"extra[\s-]*curricular(?:\s+activities)?|co[\s-]*curricular(?:\s+activities)?|"
    r"personal\s+(?:details|information|profile|data|dossier)|declaration|references|"
    r"languages\s+known|summary|objective|professional\s+summary|profile|"
    r"(?:job\s+|key\s+)?responsibilities|roles?\s+(?:and|&)\s+responsibilities|"
    r"trainings?(?:\s+attended)?|publications|other\s+qualifications?)",
    re.IGNORECASE,
)
# Two-word headings the flattened resume exports glue to the text ("7Education Details").
GLUED_END_RE = re.compile(
    r"(?:Education Details|Company Details|Personal (?:Details|Information)|"
    r"Work Experience|Professional Experience|EDUCATION|EXPERIENCE)\b"
)
BULLETS = "•●▪◦►▶➢➤✶✦✓✔❖■□◆◇♦⚫○∙·→⇒»~‣⁃∎▫⇨\uf020-\uf0ff"  # the last: symbol-font bullets
# Strong separators end an item for sure; commas only inside a stretch that is a list.
STRONG_SPLIT_RE = re.compile(
    rf"\s*(?:[{BULLETS}|;\t\n]|\s{{2,}}|(?:^|\s)[*-]\s|(?:^|\s)\(?\d{{1,2}}[.)]\s|"
    r"(?:^|\s)[a-h][.)]\s|\.\s+(?=[A-Z]))\s*"
)
COMMA_RE = re.compile(r"\s*,\s*")
PROSE_MIN_WORDS = 10
PROSE_SHARE = 0.2
DASH_RE = re.compile(r"\s+-\s*|\s*-\s+")  # "Customer Services - Emails", "Office -Word"
# "Python- Exprience - 24 months" (a common export's spelling), "Java - 5 years".
EXPERIENCE_RE = re.compile(
    r"\s*-?\s*exp\w*\s*-\s*(?:less\s+than\s+)?\d+(?:\.\d+)?\s*(?:years?|yrs?)?\s*(?:months?)?|"
    r"\s*[-:(]\s*\d+(?:\.\d+)?\s*\+?\s*(?:years?|yrs?|months?)\)?",
    re.IGNORECASE,
)
PAREN_RE = re.compile(r"\(([^()]{0,80})\)")
HIDDEN_RE = re.compile(r"\x01(\d+)\x02")
QUALIFIER_RE = re.compile(
    r"^(?:(?:very\s+)?(?:good|basic|strong|excellent|sound|solid|fair|working|in[\s-]depth|"
    r"thorough|hands[\s-]on|introductory|practical|some|extensive|deep|proven|advanced|"
    r"expert)\s+)*(?:knowledge|understanding|experience|exposure|command|grasp|expertise|"
    r"proficiency|skills?|familiarity|idea|concepts?|hold|awareness)\s+(?:of|in|on|with|"
    r"about|to|at)\s+|^(?:proficient|expert|expertise|skilled|experienced|versed|"
    r"well\s+versed|familiar|conversant|exposure|knowledge|certified)\s+(?:in|with|on|of|to)"
    r"\s+|^(?:(?:very\s+)?(?:good|strong|excellent|effective|great|sound)\s+)+",
    re.IGNORECASE,
)
TRAILING_RE = re.compile(
    r"(?:\s+(?:etc|and\s+so\s+on|and\s+more|concepts?|basics|i\.\s?e|e\.\s?g|viz))+\.?$|"
    r"[\s.:;,'\"*-]+$",
    re.IGNORECASE,
)
VERSION_TAIL_RE = re.compile(r"(?:\s+(?:v?\d+(?:[./]\d+)*[a-z]?|[xX][pP]|r\d+))+$")
GLUED_VERSION_RE = re.compile(
    r"(?<=[A-Za-z])\.?\d+(?:\.(?:\d+|x))*(?:/\d+(?:\.(?:\d+|x))*[a-z]?)*[a-z]?$"
)
STANDARD_RE = re.compile(r"^(?:iso|iec|ieee|is|en|bs|astm|asme|api|din|erc|as)\b", re.I)
CONJUNCTION_RE = re.compile(r"\s*(?:&|\band\b|\s/\s*|\s*/\s|\s\+\s)\s*", re.IGNORECASE)
TOOL_PREFIX_RE = re.compile(r"^.*?\b(?:tools?|software|platforms?)\s+(?=[A-Z])")
LEVEL_PREFIX_RE = re.compile(
    r"^(?:beginner|intermediate|advanced|expert|novice|proficient)\s*[-:]?\s+(?=\S)", re.I
)
KNOWN_PREFIX_RE = re.compile(r"^(?:[A-Za-z&]+\s+){1,3}?known?\s*:?\s+(?=\S)", re.IGNORECASE)
LEADING_HEADING_RE = re.compile(rf"^{SKILL_HEADING_RE.pattern}\s+(?=\S)", re.IGNORECASE)
LABEL_WORDS = frozenset(
    """skill skills tool tools technology technologies environment environments language
    languages software platform platforms framework frameworks database databases db dbms
    rdbms os ide ides package packages library libraries methodology methodologies server
    servers cloud scripting programming web expertise competency competencies proficiency
    knowledge stack utilities utility application applications hardware networking
    protocols protocol reporting bi erp crm services devops automation analytics systems
    programing
    system control version design monitoring containers middleware
    apis testing messaging versioning technical computer it technique techniques big data
    ml ai warehousing etl""".split()
)
NON_SKILL_LABELS = frozenset(
    """role duration client clients team size title project name company designation
    period location date description responsibilities responsibility organization
    organisation employer objective address email phone mobile contact nationality dob
    birth status gender name position place city state country father mother marital
    religion passport hobbies interests known duration""".split()
)
# Labels of the flattened exports' "company - Acme", "description - Pune" lines.
DASH_LABELS = frozenset("company description client duration location address".split())


@dataclass(frozen=True)
class ListedItem:
    """One skill name as a resume lists it, and the line that lists it."""

    name: str
    line: str


def listed_items(text: str, *, is_skill: Callable[[str], bool]) -> list[ListedItem]:
    """The cleaned items of the text's skills sections and skill-label lines, in order.

    `is_skill` says whether a phrase is a known skill: it decides how "A and B" splits,
    and a name in parentheses counts only when it is one."""
    out: list[ListedItem] = []
    seen: set[str] = set()
    for segment, line, soft in _listed_segments(normalise(text)):
        for raw, known_only, before_label in _split_items(segment):
            names = _clean(raw, is_skill=is_skill)
            if before_label:
                names = [_known_head(name, is_skill) for name in names]
            names = [_known_tail(name, is_skill) for name in names]
            for name in [n for n in names if is_skill(n)] if soft or known_only else names:
                if name.lower() not in seen:
                    seen.add(name.lower())
                    out.append(ListedItem(name=name, line=line))
    return out


# A list inside running text ("Worked on HDFS, MapReduce, Hive and Sqoop"): its items are
# skills when most of them are known ones, so the unknown ones share their kind.
RUN_CLAUSE_RE = re.compile(r"[.;:()\[\]{}]\s|[.;:]$|\s[-|]\s|[({\[\]})]")
RUN_LAST_RE = re.compile(r"\s*(?:,|\band\b|&|\bor\b)\s*", re.IGNORECASE)
RUN_ITEM_MAX_WORDS = 3
RUN_MIN_ITEMS = 3
RUN_KNOWN_SHARE = 0.5
RUN_TAIL_WORDS = frozenset({"etc", "technologies", "tools"})


def running_list_items(text: str, *, is_skill: Callable[[str], bool]) -> list[ListedItem]:
    """Unknown items of comma lists in running text whose items are mostly known skills,
    filtered by the gold rule like a skills section's items."""
    out: list[ListedItem] = []
    for line in normalise(text).splitlines():
        for clause in RUN_CLAUSE_RE.split(line):
            items = _run_items(clause)
            if len(items) < RUN_MIN_ITEMS:
                continue
            known = [item for item in items if is_skill(item)]
            if len(known) < max(2, RUN_KNOWN_SHARE * len(items)):
                continue
            for item in items:
                name = VERSION_TAIL_RE.sub("", item) or item
                if item not in known and _product_like(name) and acceptable(name):
                    out.append(ListedItem(name=name, line=line.strip()))
    return out


def _leads_a_list(word: str) -> bool:
    low = word.lower()
    return low in FUNCTION_WORDS | SENTENCE_WORDS | DUTY_VERBS or low.endswith("ing")


def _ends_a_list(word: str) -> bool:
    return word.lower().strip(".") in RUN_TAIL_WORDS | FUNCTION_WORDS


def _product_like(name: str) -> bool:
    """A name written like a product's or a method's: "Sqoop", "PerformancePoint", "D3.js";
    not a phrase of running text ("all operational problems") or a glued pair ("Windows-7")."""
    words_ = name.split()
    return len(words_) <= RUN_ITEM_MAX_WORDS - 1 and all(
        w[:1].isupper() and re.fullmatch(r"[A-Za-z][A-Za-z0-9.+#]*", w) for w in words_
    )


def _run_items(clause: str) -> list[str]:
    """The items of a comma list: the first item's last words before a verb or
    preposition ("Worked on HDFS" -> "HDFS"), the last one before "etc"."""
    parts = [p.strip() for p in clause.split(",")]
    if len(parts) < RUN_MIN_ITEMS - 1:
        return []
    *head, last = parts
    parts = head + [p for p in RUN_LAST_RE.split(last) if p.strip()]
    items = []
    for index, part in enumerate(parts):
        words_ = _tidy(TRAILING_RE.sub("", part)).split()
        if index == 0:
            cut = [i for i, w in enumerate(words_) if _leads_a_list(w)]
            words_ = words_[cut[-1] + 1 :] if cut else words_
        if index == len(parts) - 1:
            ends = [i for i, w in enumerate(words_) if _ends_a_list(w)]
            words_ = words_[: ends[0]] if ends else words_
        if not words_ or len(words_) > RUN_ITEM_MAX_WORDS:
            return []  # a clause, not a list of names
        items.append(" ".join(words_))
    return items


# -- where the lists are ----------------------------------------------------------------
def _heading_spans(line: str) -> list[tuple[int, int, str]]:
    """(start, end, "skills"|"end") of the headings in one line, in order."""
    spans = []
    for kind, pattern in (("skills", SKILL_HEADING_RE), ("end", END_HEADING_RE)):
        for match in pattern.finditer(line):
            if _is_heading(line, *match.span()):
                spans.append((*match.span(), kind))
    spans += [(*match.span(), "end") for match in GLUED_END_RE.finditer(line)]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _is_heading(line: str, start: int, end: int) -> bool:
    """A heading starts a line or a sentence, or stands inline in capitals or before a
    colon; it is capitalised and never part of a longer word."""
    if (start and line[start - 1].isalnum()) or (end < len(line) and line[end].isalnum()):
        return False
    words = line[start:end]
    if not words[:1].isupper():
        return False
    after = line[end:].lstrip()
    before = line[:start].rstrip()
    opens_list = not after or after[0] in BULLETS + ":-|*" or after[:2] in {"1)", "1."}
    if not before or before[-1] in BULLETS + ".:;|)":
        return opens_list or words.isupper() or after[:1].isupper()
    return (words.isupper() and len(words) > 3) or after.startswith(":")


def _listed_segments(text: str) -> list[tuple[str, str, bool]]:
    """(list text, its line, known skills only) for every stretch of a skills section and
    every label line. A heading alone on its line opens a section over the next lines,
    until another heading or running text; a heading followed by its list ("Skills: a,
    b") covers the rest of that line."""
    out: list[tuple[str, str, bool]] = []
    section: str | None = None  # None, "skills", or "soft" (personal qualities)
    section_lines = 0
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        section_lines += 1
        if section and (section_lines > MAX_SECTION_LINES or _ends_section(line)):
            section = None
        position = 0
        for start, end, kind in _heading_spans(line):
            if start > position:
                out += _section_segments(line[position:start], line, section)
            section = None
            if kind == "skills":
                section = "soft" if SOFT_HEADING_RE.match(line[start:end]) else "skills"
            section_lines = 0
            position = end
        rest = line[position:]
        out += _section_segments(rest, line, section)
        if section and (position == 0 or rest.strip(" :-–")):
            if position or _non_skill_label(rest) is not None:
                section = None
    return out


def _ends_section(line: str) -> bool:
    """Running text, or a short capitalised heading this module does not know."""
    words_ = line.split()
    if _is_prose(line) and not any(ch in line for ch in BULLETS + ",;|"):
        return True
    return (
        line.isupper()
        and len(words_) <= 4
        and not line.rstrip().endswith(":")
        and not all(re.sub(r"[^a-z]", "", w.lower()) in LABEL_WORDS for w in words_)
        and not any(ch in line for ch in BULLETS + ",;|")
    )


def _section_segments(segment: str, line: str, section: str | None) -> list[tuple[str, str, bool]]:
    if section is None:
        return _label_segments(segment, line)
    known_only = section == "soft"
    stop = _non_skill_label(segment)
    if stop is None:
        return [(segment, line, known_only)]
    return [(segment[:stop], line, known_only), *_label_segments(segment[stop:], line)]


LABEL_RE = re.compile(r"(?:^|(?<=[.;|•]))\s*([A-Za-z][\w &/+.-]{0,40}?)\s*:\s*")


def _is_skill_label(words: str) -> bool:
    """A label before a colon that names a kind of skill ("Web Technologies", "IDE")."""
    toks = re.findall(r"[a-z]+", words.lower())
    return (
        bool(toks)
        and len(toks) <= 4
        and toks[-1] in LABEL_WORDS
        and not (set(toks) & NON_SKILL_LABELS)
    )


def _label_segments(segment: str, line: str) -> list[tuple[str, str, bool]]:
    """The list after a skill label ("Tools: Git, Jira") up to the next non-skill label."""
    out = []
    for match in LABEL_RE.finditer(segment):
        if not _is_skill_label(match.group(1)):
            continue
        rest = segment[match.end() :]
        stop = _non_skill_label(rest)
        out.append((rest if stop is None else rest[:stop], line, False))
    return out


def _non_skill_label(segment: str) -> int | None:
    """Where a label that is not a kind of skill ("Role:", "Duration:") starts, if any."""
    dashed = re.search(r"(?:^|\s)([A-Za-z]+)\s+-\s", segment)  # "company - Acme"
    if dashed and dashed.group(1).lower() in DASH_LABELS:
        return dashed.start(1)
    for match in re.finditer(r"([A-Za-z][A-Za-z ]{0,30}):", segment):
        words = match.group(1).split()
        if words and words[-1].lower() in NON_SKILL_LABELS:
            size = 2 if len(words) > 1 and words[-2].lower() in NON_SKILL_LABELS else 1
            return match.end() - 1 - len(" ".join(words[-size:]))
    return None


# -- items ----------------------------------------------------------------------------------
def _known_head(name: str, is_skill: Callable[[str], bool]) -> str:
    """An item run into the next label ("Kendo UI Business Layer:") -> its known first
    words ("Kendo UI"); the name itself when it is known or starts with no known name."""
    words_ = name.split()
    if len(words_) < 2 or is_skill(name):
        return name
    for size in range(len(words_) - 1, 0, -1):
        if is_skill(head := " ".join(words_[:size])):
            return head
    return name


def _known_tail(name: str, is_skill: Callable[[str], bool]) -> str:
    """A label run into its first item ("Dot Net Technologies ASP.Net MVC") -> the known
    name after the label's last word ("ASP.Net MVC")."""
    words_ = name.split()
    if len(words_) < 3 or is_skill(name):
        return name
    for i in range(len(words_) - 2, 0, -1):
        tail = " ".join(words_[i + 1 :])
        if words_[i].lower() in LABEL_WORDS and is_skill(tail):
            return tail
    return name


def _split_items(segment: str) -> list[tuple[str, bool, bool]]:
    """(item, known only, runs into a label) pieces of a list: a name in parentheses
    ("Oracle (SQL, PL/SQL)") counts only when it is a known skill, a prose stretch gives
    nothing, and an item before a colon may end with the next label's words."""
    groups: list[str] = []

    def hide(match: re.Match) -> str:
        groups.append(match.group(1))
        return f" \x01{len(groups) - 1}\x02 "

    segment = PAREN_RE.sub(hide, EXPERIENCE_RE.sub(" | ", segment))
    items: list[tuple[str, bool, bool]] = []
    for chunk in STRONG_SPLIT_RE.split(segment):
        if _is_prose(HIDDEN_RE.sub(" ", chunk)):
            continue
        for part in COMMA_RE.split(chunk):
            for index in HIDDEN_RE.findall(part):
                items += [(p, True, False) for p in re.split(r"[,;/]|\s&\s", groups[int(index)])]
            pieces = re.split(r":\s*", HIDDEN_RE.sub(" ", part))
            for label in pieces[:-1]:
                items += [(p, False, True) for p in DASH_RE.split(_without_label_words(label))]
            items += [(p, False, False) for p in DASH_RE.split(pieces[-1])]
    return [(item.strip(), known, before) for item, known, before in items if item.strip()]


def _is_prose(chunk: str) -> bool:
    """A stretch of running text rather than a list: long, with many function words or
    with clauses between its commas rather than short names."""
    words_ = chunk.split()
    if len(words_) < PROSE_MIN_WORDS:
        return False
    function = sum(w.lower().strip(".,") in FUNCTION_WORDS | SENTENCE_WORDS for w in words_)
    parts = [p.split() for p in chunk.split(",") if p.strip()]
    short = sum(len(p) <= MAX_WORDS for p in parts)
    return function >= PROSE_SHARE * len(words_) or (len(parts) > 1 and short * 2 < len(parts))


def _without_label_words(text: str) -> str:
    """ "Illustrator Databases" (an item, then the next label) -> "Illustrator"."""
    words_ = text.split()
    while words_ and re.sub(r"[^a-z&]", "", words_[-1].lower()) in LABEL_WORDS | {"&", "and"}:
        words_.pop()
    return " ".join(words_)


def _clean(raw: str, *, is_skill: Callable[[str], bool]) -> list[str]:
    """The skill names one listed item gives: none, one, or the sides of "A & B"."""
    item = _tidy(raw)
    if not item or len(item.split()) > MAX_SPLIT_WORDS:
        return []
    if is_skill(item):
        return [item]
    if not STANDARD_RE.match(item):  # "Oracle 11g", "Windows XP/7"; not "ISO 9001"
        item = VERSION_TAIL_RE.sub("", item) or item
        if is_skill(item):
            return [item]
        unversioned = GLUED_VERSION_RE.sub("", item)  # "Power Center8.x/9.6", "Oracle.10/11g"
        if unversioned != item and is_skill(unversioned):
            return [unversioned]
    parts = [p for p in CONJUNCTION_RE.split(item) if _tidy(p)]
    if not parts:
        return []  # "&", "and /"
    if len(parts) == 1 and len(item.split()) >= 2 and re.match(r"^[A-Za-z]+/[A-Za-z]+\s", item):
        first, rest = item.split(maxsplit=1)  # "Web/Data analytics"
        parts = [f"{side} {rest}" for side in first.split("/")]
        return [p for p in parts if is_skill(p) or acceptable(p)]
    if len(parts) == 1:
        return [item] if acceptable(item) else []
    names: list[str] = []
    head = parts[-1].split()
    for part in parts[:-1]:
        part = _tidy(part)
        alone = is_skill(part) or len(part.split()) > 1 or len(head) == 1
        alone = alone or bool(re.search(r"(?:ing|ment|ics|ogy|ance)$", part.lower()))
        names.append(part if alone else f"{part} {' '.join(head[1:])}")
    last = _tidy(parts[-1])
    opening = _tidy(parts[0]).split()
    if len(head) == 1 and len(opening) > 1 and is_skill(f"{' '.join(opening[:-1])} {last}"):
        last = f"{' '.join(opening[:-1])} {last}"  # "Bug tracking and reporting"
    names.append(last)
    return [name for name in names if is_skill(name) or acceptable(name)]


def _tidy(item: str) -> str:
    item = item.strip(" \t.,:;-–*'\"")
    previous = None
    while previous != item:
        previous = item
        item = QUALIFIER_RE.sub("", item)
        item = LEADING_HEADING_RE.sub("", item)
        item = re.sub(r"^(?:and|or|&|in|of|on|with|using|for)\s+", "", item, flags=re.I)
        item = TOOL_PREFIX_RE.sub("", item)  # "Monitoring tool Centreon" -> "Centreon"
    item = KNOWN_PREFIX_RE.sub("", item)  # "Program languages known C" -> "C"
    item = LEVEL_PREFIX_RE.sub("", item)  # "Beginner - R3 Corda" -> "R3 Corda"
    if item.count("(") != item.count(")"):
        item = item.replace("(", " ").replace(")", " ").strip()  # "FWSM)"
    item = TRAILING_RE.sub("", item)
    item = re.sub(r"\bskill$", "skills", item, flags=re.IGNORECASE)
    item = re.sub(r"\bSKILL$", "SKILLS", item)
    return " ".join(item.split())
